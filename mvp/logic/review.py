"""The teacher's review queue as plain values: which conversations wait, how each stands, what a save sends."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from mvp.client.feedback_models import CriterionResult, EvaluationSummary
from mvp.client.models import Session

SHOW = {"Not reviewed yet": "unreviewed", "Submitted for assignments": "submitted", "Scores held back": "held",
        "All ended conversations": "all"}


def feedback_status(summary: EvaluationSummary | None) -> str:
    if summary is None:
        return "Not evaluated"
    if summary.status != "ready":
        return summary.status.capitalize()
    return ("Reviewed" if summary.reviewed else "Ready") + (" · released" if summary.released else " · held back")


def queue(sessions: list[Session], evaluations: Mapping[int, EvaluationSummary], show: str) -> list[Session]:
    """Students' ended conversations (not the teacher's own tests) that this view lists, newest first: one just
    reviewed or released leaves "Not reviewed yet" / "Scores held back" at once, not at the next reload."""
    practice = [s for s in sessions if s.mode == "practice" and not s.is_active]
    if show == "unreviewed":
        return [s for s in practice if s.id not in evaluations or not evaluations[s.id].reviewed]
    if show == "held":
        return [s for s in practice if s.id in evaluations and not evaluations[s.id].released]
    if show == "submitted":
        return [s for s in practice if s.submitted_at is not None]
    return practice


def still_open(sessions: list[Session], listed: list[Session], keep: int | None) -> Session | None:
    """The conversation open in the review, when this view no longer lists it (just reviewed): it stays open."""
    if keep is None or any(s.id == keep for s in listed):
        return None
    return next((s for s in sessions if s.id == keep and s.mode == "practice" and not s.is_active), None)


def weighted_total(criteria: list[CriterionResult], chosen: Mapping[str, float | None]) -> float:
    """The total out of 100 for the scores chosen so far, as the API will compute it on save (the weighted sum of
    score / max, rounded half up to one decimal; a criterion not assessed hands its weight to the others), so the
    teacher sees an override's effect before saving."""
    total, weights, assessed = Decimal(0), Decimal(0), Decimal(0)
    for item in criteria:
        if not item.max_score:
            continue
        weights += Decimal(str(item.weight))
        value = chosen.get(item.key, item.score)
        if value is None:
            continue
        assessed += Decimal(str(item.weight))
        total += Decimal(str(item.weight)) * Decimal(str(value)) / Decimal(str(item.max_score))
    if assessed and assessed != weights:
        total = total * weights / assessed
    return float((total * 100).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def queue_rows(sessions: list[Session], evaluations: Mapping[int, EvaluationSummary]) -> list[dict[str, Any]]:
    rows = []
    for session in sessions:
        summary = evaluations.get(session.id)
        score = summary.total_score if summary else None
        work = "Free practice" if session.assignment_id is None else (
            ((summary and summary.assignment_title) or f"Assignment #{session.assignment_id}")
            + (" · submitted" if session.submitted_at else ""))
        rows.append({"Session": session.id, "Student": session.user_display_name, "Client": session.client_name,
                     "Work": work, "Ended": session.ended_at, "Feedback": feedback_status(summary),
                     "Score": "—" if score is None else f"{score:g}",
                     "Approximate": bool(summary and summary.approximate)})
    return rows


def overrides(criteria: list[CriterionResult], chosen: Mapping[str, float | None], comments: Mapping[str, str]
              ) -> list[dict[str, Any]]:
    """What a save sends: a score only where it differs from the evaluator's (None clears an override)."""
    return [{"key": item.key, "score": None if chosen[item.key] == item.original_score else chosen[item.key],
             "comment": comments.get(item.key, "").strip()} for item in criteria]


METRIC_NAMES = {"reflection_to_question_ratio": "Reflections per question", "percent_open_questions":
                "Open questions (%)", "percent_complex_reflections": "Complex reflections (%)",
                "percent_mi_adherent": "MI-consistent (%)", "student_talk_share": "Student talk share",
                "student_turns": "Student messages"}


def metric_text(name: str, value: float | None) -> str:
    """An averaged metric as the feedback pages write it: '2.1 : 1', '83 %', talk share as a percentage, '—'."""
    if value is None:
        return "—"
    if name == "reflection_to_question_ratio":
        return f"{value:.1f} : 1"
    if name == "student_talk_share":
        return f"{100 * value:.0f} %"
    if name.startswith("percent_"):
        return f"{value:.0f} %"
    return f"{value:.1f}".removesuffix(".0")


def average_rows(groups: list[Any]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Two tables from the averages: per criterion (final scores) and per MITI metric, a row per group, written the
    way the feedback pages write them (never a raw 83.35, 0.5 or None)."""
    criteria, metrics = [], []
    for group in groups:
        row: dict[str, Any] = {"Group": group.label, "Conversations": group.evaluations,
                               "Total (of 100)": "—" if group.total_score is None else f"{group.total_score:.1f}"}
        row.update({item.title: "not assessed" if item.average is None else f"{item.average:.1f} / {item.max_score:g}"
                    for item in group.criteria})
        criteria.append(row)
        metrics.append({"Group": group.label, **{label: metric_text(name, group.metrics.get(name))
                                                 for name, label in METRIC_NAMES.items()}})
    return criteria, metrics
