"""Where each score stands on its way to the LMS, for the section's teacher; and sending one again."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.core import paging
from backend.core.errors import NotFound
from backend.models.assignment import Assignment
from backend.models.base import utcnow
from backend.models.lti_score import LtiScoreSend, ScoreSendStatus
from backend.models.session import PracticeSession
from backend.models.user import User
from backend.schemas.lti import ScoreSendRead
from backend.services.coursework import access
from backend.services.lti.scores import label


def _read(send: LtiScoreSend, session: PracticeSession) -> ScoreSendRead:
    return ScoreSendRead(id=send.id, session_id=send.session_id, student_id=session.user_id,
                         assignment_id=session.assignment_id or 0, score=send.score, status=send.status,
                         label=label(send), attempts=send.attempts, last_error=send.last_error, sent_at=send.sent_at,
                         next_attempt_at=send.next_attempt_at if send.status == ScoreSendStatus.waiting else None)


def page_key(send: ScoreSendRead) -> tuple[int]:
    return (send.id,)


async def for_section(db: AsyncSession, *, actor: User, section_id: int, limit: int | None = None,
                      cursor: str | None = None) -> list[ScoreSendRead]:
    """The score sends of the section's assignments, oldest first, a page at a time (the section's teacher,
    admins)."""
    await access.managed_section(db, actor=actor, section_id=section_id)
    query = (select(LtiScoreSend, PracticeSession).join(PracticeSession, PracticeSession.id == LtiScoreSend.session_id)
             .join(Assignment, Assignment.id == PracticeSession.assignment_id)
             .where(Assignment.section_id == section_id).order_by(LtiScoreSend.id).limit(limit))
    if cursor:
        query = query.where(LtiScoreSend.id > paging.decode(cursor, int)[0])
    return [_read(send, session) for send, session in (await db.execute(query)).all()]


async def resend(db: AsyncSession, *, actor: User, send_id: int) -> ScoreSendRead:
    """Send it again now (a failed send, or one the LMS lost), with a fresh count of tries."""
    row = (await db.execute(
        select(LtiScoreSend, PracticeSession, Assignment)
        .join(PracticeSession, PracticeSession.id == LtiScoreSend.session_id)
        .join(Assignment, Assignment.id == PracticeSession.assignment_id)
        .where(LtiScoreSend.id == send_id))).first()
    if row is None:
        raise NotFound(f"Score send {send_id} was not found.")
    send, session, assignment = row
    try:
        await access.managed_section(db, actor=actor, section_id=assignment.section_id)
    except NotFound:
        raise NotFound(f"Score send {send_id} was not found.") from None
    send.status, send.attempts, send.next_attempt_at, send.last_error = ScoreSendStatus.waiting, 0, utcnow(), None
    await db.flush()
    return _read(send, session)
