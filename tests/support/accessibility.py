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


def focused(page: Any) -> str:
    """What has keyboard focus, as a person would name it: 'button: Start', 'textbox: Email', 'heading: ...'."""
    return page.evaluate("""() => {
        const el = document.activeElement;
        if (!el || el === document.body) return 'nothing';
        const kind = el.getAttribute('role') || {A: 'link', BUTTON: 'button', TEXTAREA: 'textbox', INPUT: 'textbox',
            H1: 'heading'}[el.tagName] || el.tagName.toLowerCase();
        let name = el.getAttribute('aria-label') || '';
        if (!name && el.labels && el.labels.length) name = el.labels[0].innerText;
        if (!name) {
            const copy = el.cloneNode(true);
            copy.querySelectorAll('[aria-hidden=true]').forEach(hidden => hidden.remove());
            name = copy.textContent || el.getAttribute('placeholder') || '';
        }
        return kind + ': ' + name.replace(/\\s+/g, ' ').trim().slice(0, 60);
    }""")


def tab_until(page: Any, wanted: str, *, backwards: bool = False, limit: int = 40) -> list[str]:
    """Press Tab (or Shift+Tab) until focus is on `wanted`; the stops on the way, ending with it."""
    stops: list[str] = []
    for _ in range(limit):
        page.keyboard.press("Shift+Tab" if backwards else "Tab")
        stops.append(focused(page))
        if stops[-1] == wanted:
            return stops
    raise AssertionError(f"{wanted!r} not reached by keyboard in {limit} presses; focus went {stops}")


def record_announcements(page: Any) -> None:
    """Keep every text the polite live region is given, so a test can tell one announcement from many."""
    page.evaluate("""() => {
        window.vcHeard = [];
        const region = document.getElementById('vc-live');
        new MutationObserver(() => { if (region.textContent) window.vcHeard.push(region.textContent); })
            .observe(region, {childList: true, characterData: true, subtree: true});
    }""")


def announcements(page: Any) -> list[str]:
    return page.evaluate("() => window.vcHeard")


def focus_ring(page: Any) -> str:
    """The outline around the focused control (or the field box it sits in): '' when focus is invisible."""
    return page.evaluate("""() => {
        let el = document.activeElement;
        for (let depth = 0; el && depth < 6; depth++, el = el.parentElement) {
            const style = getComputedStyle(el);
            if (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2) {
                return style.outlineWidth + ' ' + style.outlineStyle + ' ' + style.outlineColor;
            }
        }
        return '';
    }""")


def horizontal_overflow(page: Any) -> int:
    """How many CSS px the page or its main area is wider than the window (0 when everything reflows)."""
    return page.evaluate("""() => {
        const main = document.querySelector('[data-testid=stMain]');
        const page = document.documentElement.scrollWidth - window.innerWidth;
        return Math.max(0, page, main ? main.scrollWidth - main.clientWidth : 0);
    }""")
