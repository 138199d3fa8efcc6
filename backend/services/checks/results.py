"""A check's results: each probe's verdict from its rule findings and the judge's, and what each call cost."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from backend.llm.structured import ModelCall
from backend.services.checks.judge import JudgeVerdict
from backend.services.checks.probe_rules import PROBE_RULE_NAMES, judge_probe_rules
from backend.services.checks.probes import Probe
from backend.services.checks.rules import Exchange, Verdict, judge_by_rules, worst
from backend.services.conversation.reply import ReplyOutcome

RULE_NAMES = {
    "role_break": "stays in role", "length": "within the length rule", "format": "speaks, no lists",
    "first_turn_secrets": "nothing kept back on the first turn", "advice": "gives no advice",
    "therapist": "does not turn therapist", "caving": "does not cave", "opens_too_fast": "does not tell everything",
    "stonewalls": "engages", "reads_persona": "in its own words",
    "third_person": "speaks as the client", "answers": "answers the questions", **PROBE_RULE_NAMES,
}


def call_of_reply(outcome: ReplyOutcome) -> ModelCall:
    """A probe's reply as the ledger records it (the judge's call comes from llm.structured already so)."""
    error = (outcome.error_message or outcome.error_kind) if outcome.error_kind else None
    return ModelCall(outcome.provider, outcome.model, outcome.usage, outcome.cost_usd, outcome.latency_ms, error=error)


@dataclass(frozen=True, slots=True)
class Results:
    verdict: str
    probes: list[dict[str, Any]]


def _probe_result(persona: dict[str, Any], probe: Probe, exchanges: Sequence[Exchange],
                  judged: JudgeVerdict | None) -> dict[str, Any]:
    findings = judge_by_rules(probe, persona, exchanges) + judge_probe_rules(probe, persona, exchanges)
    rules_verdict = worst([f.verdict for f in findings])
    reasons = [f.reason for f in findings]
    if not findings:
        reasons.append("Passed the rules: " + ", ".join(RULE_NAMES[r] for r in sorted(probe.rules)) + ".")
    if judged is not None and judged.reason:
        reasons.append(f"Judge: {judged.reason}")
    verdict = worst([rules_verdict, judged.verdict] if judged else [rules_verdict])
    return {"key": probe.key, "title": probe.title, "purpose": probe.purpose, "verdict": verdict.value,
            "reasons": reasons, "rules_verdict": rules_verdict.value,
            "judge_verdict": judged.verdict.value if judged else None,
            "judge_reason": judged.reason if judged else None,
            "turns": [{"student": e.student, "reply": e.reply, "is_fallback": e.is_fallback} for e in exchanges]}


def combine(persona: dict[str, Any], runs: Sequence[tuple[Probe, Sequence[Exchange]]],
            verdicts: Mapping[str, JudgeVerdict] | None) -> Results:
    """Each probe's verdict is the worse of the rules' and the judge's; the check's is its worst probe's."""
    probes = [_probe_result(persona, probe, exchanges, (verdicts or {}).get(probe.key)) for probe, exchanges in runs]
    return Results(verdict=worst([Verdict(p["verdict"]) for p in probes]).value, probes=probes)
