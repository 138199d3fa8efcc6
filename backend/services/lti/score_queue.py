"""Which final scores go to an LMS: submitted attempts at linked assignments, evaluated and released (at once
for `feedback_release=immediate`), by learners the LMS knows. Queued once; queued again when the score changes."""

from __future__ import annotations

from sqlalchemy import or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from backend.models.base import utcnow
from backend.models.evaluation import Evaluation, EvaluationStatus
from backend.models.lti_launch import LtiContext, LtiResourceLink, LtiUser
from backend.models.lti_score import LtiScoreSend, ScoreSendStatus
from backend.models.session import PracticeSession


async def queue_final_scores(db: AsyncSession) -> int:
    """Add (or re-arm) a send for every final score the queue does not hold yet; the number queued."""
    rows = (await db.execute(
        select(PracticeSession.id, Evaluation.total_score, LtiResourceLink.id, LtiUser.id, LtiScoreSend.id)
        .select_from(LtiResourceLink)
        .join(LtiContext, LtiContext.id == LtiResourceLink.context_row_id)
        .join(PracticeSession, PracticeSession.assignment_id == LtiResourceLink.assignment_id)
        .join(Evaluation, Evaluation.session_id == PracticeSession.id)
        .join(LtiUser, (LtiUser.user_id == PracticeSession.user_id) & (LtiUser.platform_id ==
                                                                       LtiResourceLink.platform_id))
        .outerjoin(LtiScoreSend, LtiScoreSend.session_id == PracticeSession.id)
        .where(PracticeSession.submitted_at.is_not(None), Evaluation.status == EvaluationStatus.ready,
               Evaluation.released.is_(True), Evaluation.total_score.is_not(None),
               or_(LtiResourceLink.lineitem_url.is_not(None), LtiContext.lineitems_url.is_not(None)),
               or_(LtiScoreSend.id.is_(None), LtiScoreSend.score != Evaluation.total_score))
        .order_by(PracticeSession.submitted_at, PracticeSession.id)
    )).all()
    now, queued, seen = utcnow(), 0, set()
    for session_id, score, link_id, lti_user_id, send_id in rows:
        if session_id in seen:  # an assignment linked from two places: one send
            continue
        seen.add(session_id)
        if send_id is not None:
            await db.execute(update(LtiScoreSend).where(LtiScoreSend.id == send_id).values(
                score=float(score), status=ScoreSendStatus.waiting, attempts=0, next_attempt_at=now,
                last_error=None, updated_at=now))
            queued += 1
            continue
        try:
            async with db.begin_nested():
                db.add(LtiScoreSend(session_id=session_id, resource_link_row_id=link_id, lti_user_row_id=lti_user_id,
                                    score=float(score), status=ScoreSendStatus.waiting, attempts=0,
                                    next_attempt_at=now))
                await db.flush()
            queued += 1
        except IntegrityError:  # another API process queued it a moment ago
            continue
    return queued
