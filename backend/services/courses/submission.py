"""Handing in an attempt: the session ends (if it was still active) and counts for its assignment."""

from __future__ import annotations

from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession

from backend.core.errors import Conflict, Forbidden, InvalidInput
from backend.models.assignment import Assignment
from backend.models.base import utcnow
from backend.models.section import Section
from backend.models.session import PracticeSession, SessionStatus
from backend.models.user import User
from backend.schemas.session import SessionRead
from backend.services.conversation import sessions
from backend.services.coursework import access
from backend.services.coursework.attempts import rules_of
from backend.services.coursework.status import more_messages_needed, past_due, turns_missing, when


async def submit(db: AsyncSession, *, actor: User, session_id: int) -> SessionRead:
    """Submitting twice is harmless: the first submission time is kept."""
    session = await sessions.get_owned_by_holder(db, actor=actor, session_id=session_id)
    if session.assignment_id is None:
        raise Conflict("This is a free-practice conversation: only sessions started from an assignment are "
                       "submitted. End it instead to file the transcript.")
    if session.submitted_at is not None:
        return await sessions.read(db, actor=actor, session_id=session_id)
    assignment = await db.get(Assignment, session.assignment_id)
    assert assignment is not None  # the foreign key keeps it; archiving only hides it
    if not await access.is_enrolled(db, section_id=assignment.section_id, student_id=actor.id):
        raise Forbidden("You are no longer enrolled in this assignment's section, so it cannot be submitted.")
    section = await db.get(Section, assignment.section_id)
    if not assignment.is_published or assignment.archived_at is not None or (
            section is None or section.archived_at is not None):
        raise Conflict("Your teacher has closed this assignment (unpublished or archived), so it can no longer be "
                       "submitted. Your conversation is kept.")
    rules = rules_of(assignment)
    missing = turns_missing(rules, session.student_turns)
    if missing:
        then = ("Keep the conversation going, then submit." if session.status == SessionStatus.active
                else "This attempt has ended; start a new one to try again.")
        raise InvalidInput(f"{more_messages_needed(missing)}: this assignment asks for at least {rules.min_turns} "
                           f"of your messages before you submit, and you have sent {session.student_turns}. {then}")
    now = utcnow()
    if past_due(rules, now) and not rules.allow_late and rules.due_at is not None:
        raise Conflict(f"This assignment was due on {when(rules.due_at)} and does not accept late work, so it "
                       "can no longer be submitted.")
    await db.execute(
        update(PracticeSession)
        .where(PracticeSession.id == session_id, PracticeSession.submitted_at.is_(None))
        .values(status=SessionStatus.ended, ended_at=session.ended_at or now, submitted_at=now)
    )
    return await sessions.read(db, actor=actor, session_id=session_id)
