"""Who may do what with a session's evaluation.

Anyone who may read the session may read its evaluation (a student their own, gated until release). Its
reviewer is the teacher who answers for the work: for an assignment's attempt the section's teacher (the
client's author may read it but not release or override the section's scores), otherwise the client's owner or
the teacher who held the test chat; admins review everything. The student may ask for the evaluation of their
own session once it has ended; only a reviewer may run it again.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.core.errors import Conflict, Forbidden
from backend.models.assignment import Assignment
from backend.models.client import Client
from backend.models.section import Section
from backend.models.session import PracticeSession, SessionStatus
from backend.models.user import User, UserRole
from backend.services.conversation import sessions

REVIEWERS = (UserRole.teacher, UserRole.admin)


@dataclass(frozen=True)
class Target:
    """A session someone may act on, with its client (owner = the teacher charged with the cost)."""

    session: PracticeSession
    client: Client


NOT_THE_REVIEWER = ("Scores for an assignment are reviewed and released by the section's teacher; you can read "
                    "this conversation because you wrote its client.")


def is_reviewer(actor: User) -> bool:
    """True for the staff roles; callers have already checked that the actor may read the session."""
    return actor.role in REVIEWERS


async def answers_for(db: AsyncSession, actor: User, target: Target) -> bool:
    """Whether this staff member reviews the session: an attempt's section teacher, else the client's owner or
    the teacher who held it; any admin."""
    if actor.role == UserRole.admin:
        return True
    if target.session.assignment_id is not None:
        teacher_id = await db.scalar(select(Section.teacher_id).join(Assignment, Assignment.section_id == Section.id)
                                     .where(Assignment.id == target.session.assignment_id))
        return teacher_id == actor.id
    return actor.id in (target.client.owner_id, target.session.user_id)


async def load(db: AsyncSession, session_id: int) -> Target:
    session = await db.get(PracticeSession, session_id)
    assert session is not None
    client = await db.get(Client, session.client_id)
    assert client is not None
    return Target(session=session, client=client)


async def readable(db: AsyncSession, *, actor: User, session_id: int) -> Target:
    """The session if the actor may read it; 404 otherwise, never a hint that it exists."""
    await sessions.read(db, actor=actor, session_id=session_id)
    return await load(db, session_id)


async def evaluable(db: AsyncSession, *, actor: User, session_id: int, refresh: bool) -> Target:
    """The session if the actor may have it evaluated now: ended, and theirs or one they review."""
    target = await readable(db, actor=actor, session_id=session_id)
    if not is_reviewer(actor) and target.session.user_id != actor.id:
        raise Forbidden("Only the student who held this conversation, their teacher or an administrator can "
                        "have it evaluated.")
    if refresh and not is_reviewer(actor):
        raise Forbidden("Only your teacher can run an evaluation again; yours is shown as it was made.")
    if refresh and not await answers_for(db, actor, target):
        raise Forbidden(NOT_THE_REVIEWER)
    if target.session.status != SessionStatus.ended:
        raise Conflict("End the conversation first: feedback is about a finished conversation.")
    return target


async def reviewable(db: AsyncSession, *, actor: User, session_id: int) -> Target:
    target = await readable(db, actor=actor, session_id=session_id)
    if not is_reviewer(actor):
        raise Forbidden("Only the teacher or an administrator can review and release an evaluation.")
    if not await answers_for(db, actor, target):
        raise Forbidden(NOT_THE_REVIEWER)
    return target
