"""An evaluation as one reader may see it: release gating and hidden-fact privacy are decided here, once.

Before release a student sees the codes, metrics, hidden facts they uncovered, strengths and next step, but
never criterion scores, totals or the teacher's review. A student never reads the text of a hidden fact they
did not uncover (the client may be assigned again). Staff see everything.
"""

from __future__ import annotations

from typing import Any

from backend.interviewing.miti.agreement import approximate_note
from backend.models.evaluation import Evaluation
from backend.models.user import User, UserRole
from backend.schemas.evaluation import (
    Analysis,
    CriterionOverride,
    CriterionResult,
    EvaluationRead,
    EvaluationSummary,
    HiddenFactFinding,
    TeacherReview,
)
from backend.schemas.rubric import RubricCriterion
from backend.services.feedback.scoring import final_scores, level_for, overrides_of


def snapshot_criteria(row: Evaluation) -> list[RubricCriterion]:
    return [RubricCriterion.model_validate(item) for item in (row.rubric_snapshot or {}).get("criteria", [])]


def analysis_of(row: Evaluation) -> Analysis | None:
    return Analysis.model_validate(row.result) if row.result else None


def sees_scores(actor: User, row: Evaluation) -> bool:
    return actor.role != UserRole.student or row.released


def _facts_for(actor: User, facts: list[HiddenFactFinding]) -> list[HiddenFactFinding]:
    if actor.role != UserRole.student:
        return facts
    return [fact if fact.disclosed else HiddenFactFinding(fact=None, unlock=None, disclosed=False, message_id=None)
            for fact in facts]


def criteria_results(row: Evaluation, analysis: Analysis) -> list[CriterionResult]:
    """Each criterion with the rubric's wording, the final score (override first) and the evaluator's original."""
    original = {item.key: item.score for item in analysis.criteria}
    final = final_scores(original, row.review or {})
    overrides = overrides_of(row.review or {})
    scored = {item.key: item for item in analysis.criteria}
    results: list[CriterionResult] = []
    for criterion in snapshot_criteria(row):
        item = scored.get(criterion.key)
        if item is None:
            continue
        override = overrides.get(criterion.key, {})
        results.append(CriterionResult(
            key=criterion.key, title=criterion.title, description=criterion.description, weight=criterion.weight,
            score=final[criterion.key], original_score=item.score, min_score=criterion.min_score,
            max_score=criterion.max_score, level=level_for(criterion, final[criterion.key]), levels=criterion.levels,
            evidence=item.evidence,
            rationale=item.rationale, overridden=override.get("score") is not None,
            teacher_comment=override.get("comment") or "",
        ))
    return results


def _review(row: Evaluation, reviewer_name: str | None) -> TeacherReview | None:
    review: dict[str, Any] = row.review or {}
    if not review and row.reviewed_at is None:
        return None
    return TeacherReview(
        criteria=[CriterionOverride(key=key, score=value.get("score"), comment=value.get("comment") or "")
                  for key, value in overrides_of(review).items()],
        comment=review.get("comment") or "", reviewer_id=row.reviewer_id, reviewer_name=reviewer_name,
        reviewed_at=row.reviewed_at, original_total_score=row.original_total_score,
    )


def evaluation_read(row: Evaluation, *, actor: User, rubric_title: str, reviewer_name: str | None = None
                    ) -> EvaluationRead:
    analysis = analysis_of(row)
    scores = sees_scores(actor, row)
    ready = analysis is not None and row.status == "ready"
    return EvaluationRead(
        id=row.id, session_id=row.session_id, status=row.status, provider=row.provider, model=row.model,  # type: ignore[arg-type]
        approximate=row.approximate, approximate_note=approximate_note() if row.approximate else None,
        fallback_reason=row.fallback_reason, error=row.error, cost_usd=row.cost_usd, rubric_id=row.rubric_id,
        rubric_title=rubric_title,
        metrics=analysis.metrics if analysis else None,
        benchmarks=analysis.benchmarks if analysis else {},
        utterances=analysis.utterances if analysis else [],
        hidden_facts=_facts_for(actor, analysis.hidden_facts) if analysis else [],
        criteria=criteria_results(row, analysis) if ready and scores and analysis else None,
        total_score=row.total_score if scores else None,
        max_score=row.max_score if scores else None,
        strengths=analysis.strengths if analysis else [],
        next_step=analysis.next_step if analysis else None,
        released=row.released, released_at=row.released_at,
        scores_withheld=ready and not scores,
        teacher_review=_review(row, reviewer_name) if scores else None,
        evaluated_at=row.evaluated_at, created_at=row.created_at, updated_at=row.updated_at,
    )


def evaluation_summary(row: Evaluation, *, actor: User, session: Any, client_name: str, student_name: str,
                       course: dict[str, Any]) -> EvaluationSummary:
    """A line of a list: the headline figures, with the score only for those who may see it; `course` holds the
    assignment and section of an assignment's attempt (assignment_title, section_id, section_name)."""
    analysis = analysis_of(row)
    scores = sees_scores(actor, row)
    facts = analysis.hidden_facts if analysis else []
    return EvaluationSummary(
        id=row.id, session_id=row.session_id, client_id=session.client_id, client_name=client_name,
        student_id=session.user_id, student_name=student_name, status=row.status, approximate=row.approximate,
        total_score=row.total_score if scores else None, max_score=row.max_score if scores else None,
        released=row.released, reviewed=row.reviewed_at is not None,
        metrics=analysis.metrics if analysis else None,
        hidden_facts_disclosed=sum(fact.disclosed for fact in facts), hidden_facts_total=len(facts),
        started_at=session.started_at, ended_at=session.ended_at, evaluated_at=row.evaluated_at,
        assignment_id=session.assignment_id, submitted_at=session.submitted_at, **course,
    )
