"""Feedback on a conversation: run and read its evaluation, review and release it, the queue and averages."""

from fastapi import APIRouter, Query, Response

from backend.api.deps import CurrentUser, DbDep, RuntimeDep
from backend.api.paging import Cursor, limit_to, with_next
from backend.api.params import MAX_ID, SessionId
from backend.models.evaluation import EvaluationStatus
from backend.schemas.evaluation import EvaluationAverages, EvaluationRead, EvaluationSummary, EvaluationUpdate
from backend.services.feedback import evaluations, review
from backend.services.spend.gate import paid_by

router = APIRouter(tags=["feedback"])


@router.post("/sessions/{session_id}/evaluation", response_model=EvaluationRead)
async def evaluate_session(session_id: SessionId, actor: CurrentUser, db: DbDep, runtime: RuntimeDep,
                           refresh: bool = Query(False, description="Run it again (teachers and admins)")
                           ) -> EvaluationRead:
    """Runs the evaluation of an ended session, or returns the one already made. Its model calls are paid by whoever
    asks (a teacher's re-run by the teacher) and pass the spend gate; re-runs are limited per person per hour."""
    if refresh:
        await runtime.limits.hit_model_run(actor.id)
    evaluation = await paid_by(actor.id, runtime.evaluations.evaluate)(db, actor=actor, session_id=session_id,
                                                                       refresh=refresh)
    return evaluation.as_seen_by(actor.role)


@router.get("/sessions/{session_id}/evaluation", response_model=EvaluationRead)
async def get_evaluation(session_id: SessionId, actor: CurrentUser, db: DbDep) -> EvaluationRead:
    """A student sees codes and metrics at once, criterion scores and the teacher's review once released."""
    return (await evaluations.read(db, actor=actor, session_id=session_id)).as_seen_by(actor.role)


@router.patch("/sessions/{session_id}/evaluation", response_model=EvaluationRead)
async def review_evaluation(session_id: SessionId, body: EvaluationUpdate, actor: CurrentUser, db: DbDep
                            ) -> EvaluationRead:
    """Per-criterion overrides (the original scores are kept), an overall comment, and release."""
    return await review.review(db, actor=actor, session_id=session_id, data=body)


@router.get("/evaluations", response_model=list[EvaluationSummary])
async def list_evaluations(
    actor: CurrentUser, db: DbDep, response: Response,
    status_filter: EvaluationStatus | None = Query(None, alias="status"),
    released: bool | None = None, reviewed: bool | None = None,
    submitted: bool | None = Query(None, description="Only attempts handed in for an assignment (or only not)"),
    client_id: int | None = Query(None, ge=1, le=MAX_ID),
    limit: int = limit_to(100, 500), offset: int = Query(0, ge=0, le=MAX_ID), cursor: Cursor = None,
) -> list[EvaluationSummary]:
    """A teacher's review queue (`released=false`), or a student's own evaluations for their progress; newest
    first, paged with `cursor` (or the older `offset`)."""
    found = await review.list_for(db, actor=actor, status=status_filter, released=released, reviewed=reviewed,
                                  submitted=submitted, client_id=client_id, limit=limit, offset=offset, cursor=cursor)
    return with_next(response, found, limit, review.page_key)


@router.get("/evaluations/averages", response_model=list[EvaluationAverages])
async def evaluation_averages(actor: CurrentUser, db: DbDep) -> list[EvaluationAverages]:
    """Average final scores per criterion and MITI metrics: overall, then per section, then per client."""
    return await review.averages(db, actor=actor)
