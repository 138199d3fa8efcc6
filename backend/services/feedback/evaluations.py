"""Evaluating a finished conversation: claim it, run the evaluator outside any transaction, store the result.

Like a turn, an evaluation may wait seconds on a model, so it never holds a transaction (or SQLite's write
lock) while it does: the pending row is committed first, the result and its ledger rows land together in a
transaction of their own. A second request while one runs gets the pending evaluation instead of a second
model call; a pending row left behind by a crash is taken over after a few minutes.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from sqlalchemy import or_, select, update
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from backend.core.background import BackgroundTasks
from backend.core.db import STORE_RETRY, ConnectionGate, insert_unless_present, release_slot_early
from backend.core.errors import Conflict, DomainError, NotFound
from backend.models.base import utcnow
from backend.models.evaluation import Evaluation, EvaluationStatus
from backend.models.ledger import CallPurpose
from backend.models.message import Message, MessageRole
from backend.models.rubric import Rubric
from backend.models.user import User
from backend.schemas.evaluation import EvaluationRead
from backend.services.feedback import access, policy
from backend.services.feedback.access import Target
from backend.services.feedback.runner import EvaluationRunner, Outcome
from backend.services.feedback.scoring import MAX_TOTAL, final_scores, total_score
from backend.services.feedback.transcript import Transcript, build_transcript
from backend.services.feedback.views import evaluation_read
from backend.services.spend.gate import PAYER
from backend.services.spend.ledger import record_error, record_llm_call

log = logging.getLogger("virtual_client")
STALE_PENDING = timedelta(minutes=5)
NOTHING_TO_EVALUATE = "There is nothing to evaluate yet: the conversation has no messages from the student."
FAILED = "The evaluation could not be completed. Please try again; if it keeps failing, tell your teacher."


@dataclass(frozen=True)
class Job:
    """A claimed evaluation: the row to fill, the transcript to read, and who is charged for the calls."""

    evaluation_id: int
    session_id: int
    user_id: int
    teacher_id: int
    transcript: Transcript
    review: dict[str, Any] = field(default_factory=dict)


async def read(db: AsyncSession, *, actor: User, session_id: int) -> EvaluationRead:
    """The session's evaluation as this reader may see it (404 when none has been made yet)."""
    await access.readable(db, actor=actor, session_id=session_id)
    reviewer = User.__table__.alias("reviewer")
    row = (await db.execute(
        select(Evaluation, Rubric.title, reviewer.c.display_name)
        .join(Rubric, Rubric.id == Evaluation.rubric_id)
        .outerjoin(reviewer, reviewer.c.id == Evaluation.reviewer_id)
        .where(Evaluation.session_id == session_id)
    )).first()
    if row is None:
        raise NotFound(f"Session {session_id} has not been evaluated yet: ask for its evaluation (POST) first.")
    evaluation, rubric_title, reviewer_name = row
    return evaluation_read(evaluation, actor=actor, rubric_title=rubric_title, reviewer_name=reviewer_name)


def _rerunnable(row: Evaluation) -> bool:
    """A failed evaluation, or one left pending by a process that went away."""
    return row.status == EvaluationStatus.failed or (
        row.status == EvaluationStatus.pending and row.updated_at < utcnow() - STALE_PENDING)


async def _claim(db: AsyncSession, target: Target, *, requested_by: int | None, refresh: bool) -> Job | None:
    """Mark the evaluation pending for this request, or None when the stored one stands (or another runs)."""
    session_id = target.session.id
    row = await db.scalar(select(Evaluation).where(Evaluation.session_id == session_id))
    if row is not None and not refresh and not _rerunnable(row):
        return None
    messages = list(await db.scalars(select(Message).where(Message.session_id == session_id)
                                     .order_by(Message.sequence)))
    if not any(message.role == MessageRole.user for message in messages):
        raise Conflict(NOTHING_TO_EVALUATE)
    rubric = await policy.rubric_for(db, target)
    now = utcnow()
    values: dict[str, Any] = {
        "rubric_id": rubric.id, "rubric_snapshot": {"title": rubric.title, "criteria": rubric.criteria},
        "status": EvaluationStatus.pending, "requested_by_id": requested_by, "error": None, "updated_at": now,
    }
    conn = await db.connection()
    if row is None:
        statement = insert_unless_present(conn.dialect.name, Evaluation, {
            **values, "session_id": session_id, "provider": "", "model": "", "cost_usd": 0.0, "result": {},
            "review": {}, "released": await policy.released_at_start(db, target), "created_at": now,
        }, ["session_id"]).returning(Evaluation.id)
    else:
        statement = (update(Evaluation).where(Evaluation.id == row.id, or_(
            Evaluation.status != EvaluationStatus.pending, Evaluation.updated_at < now - STALE_PENDING))
            .values(**values).returning(Evaluation.id))
    evaluation_id = (await conn.execute(statement)).scalar_one_or_none()
    if evaluation_id is None:  # another request claimed it a moment ago
        return None
    transcript = build_transcript(messages, target.session.persona_snapshot, rubric.criteria)
    return Job(evaluation_id=evaluation_id, session_id=session_id, user_id=target.session.user_id,
               teacher_id=target.client.owner_id, transcript=transcript, review=dict(row.review or {}) if row else {})


def _kept_review(job: Job) -> dict[str, Any]:
    """A re-run keeps the teacher's overrides of criteria the rubric still has."""
    keys = {criterion.key for criterion in job.transcript.criteria}
    review = dict(job.review)
    if review.get("criteria"):
        review["criteria"] = {key: value for key, value in review["criteria"].items() if key in keys}
    return review


@dataclass
class EvaluationService:
    """What evaluating uses: the runner (provider, pricing, limits) and its own database access."""

    runner: EvaluationRunner
    db_engine: AsyncEngine
    db_gate: ConnectionGate
    session_factory: async_sessionmaker[AsyncSession]
    background: BackgroundTasks

    async def evaluate(self, db: AsyncSession, *, actor: User, session_id: int, refresh: bool = False
                       ) -> EvaluationRead:
        """Run the evaluation (or return the stored one) and answer with it as the actor may see it."""
        target = await access.evaluable(db, actor=actor, session_id=session_id, refresh=refresh)
        job = await _claim(db, target, requested_by=actor.id, refresh=refresh)
        if job is None:
            return await read(db, actor=actor, session_id=session_id)
        await db.commit()
        release_slot_early(db)  # the model may take a while: give the connection back meanwhile
        await self.run(job)
        async with self.db_gate.slot(), self.session_factory() as fresh:
            return await read(fresh, actor=actor, session_id=session_id)

    async def evaluate_in_background(self, session_id: int, *, requested_by: int | None = None) -> None:
        """Start an evaluation that outlives the request (an assignment being submitted); async so it is called
        on the event loop (a plain function run after a response goes to a worker thread, which has none)."""
        self.background.spawn(self._detached(session_id, requested_by))

    async def _detached(self, session_id: int, requested_by: int | None) -> None:
        try:
            async with self.db_gate.slot(), self.session_factory() as db:
                job = await _claim(db, await access.load(db, session_id), requested_by=requested_by, refresh=False)
                await db.commit()
            if job is not None:
                await self.run(job)
        except DomainError as exc:
            log.info("session %s was not evaluated: %s", session_id, exc.detail)
        except Exception:
            log.exception("background evaluation of session %s failed", session_id)

    async def run(self, job: Job) -> None:
        """Evaluate and store; an unexpected failure leaves a failed evaluation that can be asked for again."""
        try:
            outcome = await self.runner.run(job.transcript)
        except Exception as exc:
            log.exception("evaluation of session %s failed", job.session_id)
            await self._store_failure(job, f"{type(exc).__name__}: {exc}")
            return
        async for attempt in STORE_RETRY.copy():
            with attempt:
                await self._store(job, outcome)

    async def _store(self, job: Job, outcome: Outcome) -> None:
        """The result, its final scores and every model call's ledger row, in one transaction."""
        criteria = job.transcript.criteria
        original = {item.key: item.score for item in outcome.analysis.criteria}
        review = _kept_review(job)
        now = utcnow()
        async with self.db_gate.slot(), self.db_engine.begin() as conn:
            await conn.execute(update(Evaluation).where(Evaluation.id == job.evaluation_id).values(
                status=EvaluationStatus.ready, provider=outcome.provider, model=outcome.model,
                approximate=outcome.approximate, fallback_reason=outcome.fallback_reason, error=None,
                cost_usd=outcome.cost_usd, result=outcome.analysis.model_dump(mode="json"), review=review,
                total_score=total_score(criteria, final_scores(original, review)),
                original_total_score=total_score(criteria, original), max_score=MAX_TOTAL,
                evaluated_at=now, updated_at=now,
            ))
            for call in outcome.calls:
                await record_llm_call(  # under whoever asked: a teacher's re-run is the teacher's spend
                    conn, session_id=job.session_id, user_id=PAYER.get() or job.user_id, teacher_id=job.teacher_id,
                    provider=call.provider, model=call.model, usage=call.usage, cost_usd=call.cost_usd,
                    latency_ms=call.latency_ms, outcome=call.outcome, error=call.ledger_error,
                    purpose=CallPurpose.evaluation,
                )
            if outcome.fallback_reason:
                await record_error(conn, source="evaluation", kind="fallback", message=outcome.fallback_reason,
                                   session_id=job.session_id, user_id=job.user_id,
                                   context={"model_calls": len(outcome.calls), "model": self.runner.model})

    async def _store_failure(self, job: Job, reason: str) -> None:
        async with self.db_gate.slot(), self.db_engine.begin() as conn:
            await conn.execute(update(Evaluation).where(Evaluation.id == job.evaluation_id).values(
                status=EvaluationStatus.failed, error=FAILED, updated_at=utcnow()))
            await record_error(conn, source="evaluation", kind="failed", message=reason, session_id=job.session_id,
                               user_id=job.user_id)
