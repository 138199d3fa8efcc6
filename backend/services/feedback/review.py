"""The teacher's side: override scores and release them, the review queue, and averages per client."""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select, tuple_
from sqlalchemy.ext.asyncio import AsyncSession

from backend.core import paging
from backend.core.errors import Conflict, Forbidden, InvalidInput, NotFound
from backend.models.assignment import Assignment
from backend.models.base import utcnow
from backend.models.client import Client
from backend.models.evaluation import Evaluation, EvaluationStatus
from backend.models.section import Section
from backend.models.session import PracticeSession, SessionMode
from backend.models.user import User
from backend.schemas.evaluation import (
    CriterionAverage,
    EvaluationAverages,
    EvaluationRead,
    EvaluationSummary,
    EvaluationUpdate,
)
from backend.services.conversation.sessions import visible_session_ids
from backend.services.feedback import access
from backend.services.feedback.evaluations import read
from backend.services.feedback.scoring import final_scores, merge_overrides, total_score
from backend.services.feedback.views import analysis_of, criteria_results, evaluation_summary, snapshot_criteria

MAX_PAGE = 500
AVERAGED_METRICS = ("reflection_to_question_ratio", "percent_open_questions", "percent_complex_reflections",
                    "percent_mi_adherent", "student_talk_share", "student_turns")


def _check_overrides(row: Evaluation, data: EvaluationUpdate) -> None:
    criteria = {criterion.key: criterion for criterion in snapshot_criteria(row)}
    for change in data.criteria or []:
        criterion = criteria.get(change.key)
        if criterion is None:
            raise InvalidInput(f"This rubric has no criterion {change.key!r}; it has {', '.join(criteria)}.")
        if change.score is not None and not criterion.min_score <= change.score <= criterion.max_score:
            raise InvalidInput(f"{criterion.title} is scored from {criterion.min_score} to {criterion.max_score}; "
                               f"{change.score:g} is outside that range.")


async def review(db: AsyncSession, *, actor: User, session_id: int, data: EvaluationUpdate) -> EvaluationRead:
    """Overrides merge by criterion (the evaluator's scores stay beside them); release shows the scores."""
    await access.reviewable(db, actor=actor, session_id=session_id)
    # Locked for the read-merge-write of the overrides: two reviewers saving at once must not drop one's edits.
    row = await db.scalar(select(Evaluation).where(Evaluation.session_id == session_id).with_for_update())
    if row is None:
        raise NotFound(f"Session {session_id} has not been evaluated yet: run the evaluation first.")
    if row.status != EvaluationStatus.ready:
        raise Conflict("This evaluation is not ready to review yet" + (
            ": it is still running." if row.status == EvaluationStatus.pending else ": it failed; run it again."))
    _check_overrides(row, data)
    now = utcnow()
    if data.criteria is not None or data.comment is not None:
        review_data: dict[str, Any] = dict(row.review or {})
        if data.criteria is not None:
            review_data = merge_overrides(review_data, [change.model_dump() for change in data.criteria])
        if data.comment is not None:
            review_data["comment"] = data.comment
        analysis = analysis_of(row)
        assert analysis is not None
        original = {item.key: item.score for item in analysis.criteria}
        row.review = review_data
        row.total_score = total_score(snapshot_criteria(row), final_scores(original, review_data))
        row.reviewer_id, row.reviewed_at = actor.id, now
    if data.released is not None and data.released != row.released:
        row.released, row.released_at = data.released, now if data.released else None
    row.updated_at = now
    await db.flush()
    return await read(db, actor=actor, session_id=session_id)


def _queue_query(actor: User) -> Any:
    """Evaluations of the students' sessions the actor may read (never a teacher's test chat: it is not class
    work), with the client, the student and, for an assignment's attempt, the assignment and its section."""
    return (select(Evaluation, PracticeSession, Client.name, User.display_name, Assignment.title, Section.id,
                   Section.name)
            .join(PracticeSession, PracticeSession.id == Evaluation.session_id)
            .join(Client, Client.id == PracticeSession.client_id)
            .join(User, User.id == PracticeSession.user_id)
            .outerjoin(Assignment, Assignment.id == PracticeSession.assignment_id)
            .outerjoin(Section, Section.id == Assignment.section_id)
            .where(PracticeSession.id.in_(visible_session_ids(actor)), PracticeSession.mode == SessionMode.practice))


def _course(row: Any) -> dict[str, Any]:
    return {"assignment_title": row[4], "section_id": row[5], "section_name": row[6]}


async def list_for(db: AsyncSession, *, actor: User, status: str | None = None, released: bool | None = None,
                   reviewed: bool | None = None, submitted: bool | None = None, client_id: int | None = None,
                   limit: int = 100, offset: int = 0, cursor: str | None = None) -> list[EvaluationSummary]:
    """Evaluations of the sessions the actor may read, newest first: a teacher's review queue (`submitted`: the
    attempts handed in for assignments), a student's own. A page starts at `offset` or after `cursor`."""
    paging.only_one_way(cursor, offset)
    query = _queue_query(actor)
    if cursor:
        query = query.where(tuple_(PracticeSession.started_at, Evaluation.id) < paging.decode(cursor, datetime, int))
    if submitted is not None:
        query = query.where(PracticeSession.submitted_at.is_not(None) if submitted
                            else PracticeSession.submitted_at.is_(None))
    if status is not None:
        query = query.where(Evaluation.status == status)
    if released is not None:
        query = query.where(Evaluation.released.is_(released))
    if reviewed is not None:
        query = query.where(Evaluation.reviewed_at.is_not(None) if reviewed else Evaluation.reviewed_at.is_(None))
    if client_id is not None:
        query = query.where(PracticeSession.client_id == client_id)
    query = query.order_by(PracticeSession.started_at.desc(), Evaluation.id.desc()).limit(min(limit, MAX_PAGE))
    rows = (await db.execute(query.offset(offset))).all()
    return [evaluation_summary(row[0], actor=actor, session=row[1], client_name=row[2], student_name=row[3],
                               course=_course(row)) for row in rows]


def page_key(summary: EvaluationSummary) -> tuple[datetime, int]:
    return summary.started_at, summary.id


async def section_totals(db: AsyncSession, section_id: int) -> dict[int, float]:
    """Session id -> final total out of 100 (overrides applied) of each submitted, evaluated attempt at the
    section's assignments: one query bounded by the section, for its gradebook."""
    rows = await db.execute(
        select(Evaluation.session_id, Evaluation.total_score)
        .join(PracticeSession, PracticeSession.id == Evaluation.session_id)
        .join(Assignment, Assignment.id == PracticeSession.assignment_id)
        .where(Assignment.section_id == section_id, PracticeSession.submitted_at.is_not(None),
               Evaluation.status == EvaluationStatus.ready, Evaluation.total_score.is_not(None)))
    return {session_id: float(total) for session_id, total in rows.all()}


def _mean(values: list[float]) -> float | None:
    return round(math.fsum(values) / len(values), 2) if values else None


@dataclass(frozen=True)
class _Scored:
    """One ready evaluation read once for the averages: its total, its final criterion scores and its metrics."""

    total: float | None
    criteria: list[tuple[str, str, float, float | None]]  # key, title, max score, final score (None: not assessed)
    metrics: dict[str, float]


def _scored(row: Evaluation) -> _Scored:
    analysis = analysis_of(row)
    if analysis is None:
        return _Scored(row.total_score, [], {})
    return _Scored(
        total=row.total_score,
        criteria=[(item.key, item.title, item.max_score, item.score) for item in criteria_results(row, analysis)],
        metrics={name: float(value) for name in AVERAGED_METRICS
                 if (value := getattr(analysis.metrics, name)) is not None},
    )


def _group_averages(group: str, key: str, label: str, members: list[_Scored]) -> EvaluationAverages:
    scores: dict[str, list[float]] = defaultdict(list)
    titles: dict[str, tuple[str, float]] = {}
    metrics: dict[str, list[float]] = defaultdict(list)
    for member in members:
        for name, title, max_score, score in member.criteria:
            titles[name] = (title, max_score)
            if score is not None:  # not assessed (no risk came up): not an average's zero
                scores[name].append(score)
        for name, value in member.metrics.items():
            metrics[name].append(value)
    return EvaluationAverages(
        group=group, key=key, label=label, evaluations=len(members),  # type: ignore[arg-type]
        total_score=_mean([member.total for member in members if member.total is not None]),
        criteria=[CriterionAverage(key=name, title=title, max_score=max_score, average=_mean(scores[name]),
                                   evaluations=len(scores[name]))
                  for name, (title, max_score) in titles.items()],
        metrics={name: _mean(metrics[name]) for name in AVERAGED_METRICS},
    )


def _grouped(group: str, rows: list[Any], scored: list[_Scored], key_of: Any, label_of: Any
             ) -> list[EvaluationAverages]:
    members: dict[Any, list[tuple[Any, _Scored]]] = defaultdict(list)
    for row, reading in zip(rows, scored, strict=True):
        if key_of(row) is not None:
            members[key_of(row)].append((row, reading))
    return [_group_averages(group, str(key), label_of(found[0][0]), [reading for _, reading in found])
            for key, found in sorted(members.items(), key=lambda item: label_of(item[1][0][0]))]


async def averages(db: AsyncSession, *, actor: User) -> list[EvaluationAverages]:
    """Per criterion and metric, over the ready evaluations the teacher reviews: overall first, then per section
    (its assignments' attempts), then per client."""
    if not access.is_reviewer(actor):
        raise Forbidden("Class averages are for teachers and administrators.")
    rows = list((await db.execute(_queue_query(actor).where(Evaluation.status == EvaluationStatus.ready))).all())
    scored = [_scored(row[0]) for row in rows]  # each result parsed once, whatever groups it counts in
    return [_group_averages("overall", "all", "All conversations", scored),
            *_grouped("section", rows, scored, lambda row: row[5], lambda row: row[6]),
            *_grouped("client", rows, scored, lambda row: row[1].client_id, lambda row: row[2])]
