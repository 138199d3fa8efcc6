"""axe-core in the browser: the WCAG 2.0/2.1 A and AA rules a page breaks badly enough to block a student."""

from __future__ import annotations

from typing import Any

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
BLOCKING = {"serious", "critical"}


def blocking_violations(page: Any) -> list[dict[str, Any]]:
    """The serious and critical violations of the WCAG A/AA rules on the page as it is now."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS},
                                       "resultTypes": ["violations"]})
    return [rule for rule in results.response["violations"] if rule.get("impact") in BLOCKING]


def describe(where: str, violations: list[dict[str, Any]]) -> list[str]:
    """One readable line per broken rule: the page, the rule, how many elements, and the first few of them."""
    lines = []
    for rule in violations:
        targets = [str(node["target"][-1]).split(" > ")[-1] for node in rule["nodes"][:3]]
        lines.append(f"{where}: {rule['id']} ({rule['impact']}, {len(rule['nodes'])} nodes) {rule['help']} "
                     f"e.g. {targets} {rule['nodes'][0].get('failureSummary', '')[:160]!r}")
    return lines
