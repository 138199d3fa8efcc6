"""Conversation sessions: start with a persona snapshot, list and read what one may see, end, and rate."""

from __future__ import annotations

from datetime import datetime
from typing import Any, NoReturn

from sqlalchemy import Select, or_, select, tuple_, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from backend.core import paging
from backend.core.errors import Conflict, Forbidden, InvalidInput, NotFound
from backend.core.rate_limits import RateLimits
from backend.interviewing.miti.frame import is_out_of_frame
from backend.models.assignment import Assignment
from backend.models.base import utcnow
from backend.models.client import Client
from backend.models.feedback import Feedback
from backend.models.message import Message, MessageRole
from backend.models.section import Section
from backend.models.session import PracticeSession, SessionMode, SessionStatus
from backend.models.user import User, UserRole
from backend.schemas.session import FeedbackRead, MessageRead, SessionRead
from backend.services.clients import personas as client_service
from backend.services.conversation import queries
from backend.services.coursework import attempts

MAX_PAGE = 500


def is_staff(actor: User) -> bool:
    """Teachers and admins read the client's trust trajectory; students practise without it."""
    return actor.role in (UserRole.teacher, UserRole.admin)


def _visible_to(query: Select[Any], actor: User) -> Select[Any]:
    """Own sessions; a teacher also sees sessions held with the clients they own and the attempts at assignments
    in their sections; an admin sees all."""
    if actor.role == UserRole.admin:
        return query
    if actor.role == UserRole.teacher:
        in_my_sections = (select(Assignment.id).join(Section, Section.id == Assignment.section_id)
                          .where(Section.teacher_id == actor.id))
        return query.where(or_(PracticeSession.user_id == actor.id, Client.owner_id == actor.id,
                               PracticeSession.assignment_id.in_(in_my_sections)))
    return query.where(PracticeSession.user_id == actor.id)


async def start(db: AsyncSession, *, actor: User, client_id: int | None = None, assignment_id: int | None = None,
                provider: str, model: str, limits: RateLimits | None = None) -> SessionRead:
    """Free practice (or a teacher's test) with a client one may read, or the next attempt at an assignment; at most
    VC_SESSIONS_PER_MINUTE a person (a script once opened 100 in 1.4 s)."""
    if limits is not None:
        await limits.hit_session_start(actor.id)
    values: dict[str, Any] = {}
    if assignment_id is not None:
        claim = await attempts.claim(db, actor=actor, assignment_id=assignment_id)
        client = claim.client
        values = {"assignment_id": claim.assignment_id, "attempt_number": claim.attempt_number}
    elif client_id is not None:
        client = await client_service.get_readable(db, actor=actor, client_id=client_id)
    else:
        raise InvalidInput("Name the client (client_id) or the assignment (assignment_id) to start a session.")
    mode = SessionMode.practice if actor.role == UserRole.student else SessionMode.test
    session = PracticeSession(
        client_id=client.id,
        user_id=actor.id,
        mode=mode,
        status=SessionStatus.active,
        persona_snapshot=client_service.persona_snapshot(client),
        provider=provider,
        model=model,
        **values,
    )
    db.add(session)
    if assignment_id is None:
        await db.flush()
    else:
        await _flush_attempt(db)
    return await read(db, actor=actor, session_id=session.id)


async def _flush_attempt(db: AsyncSession) -> None:
    """Two clicks may claim the same attempt number; the unique (assignment, student, attempt) key lets one win."""
    try:
        async with db.begin_nested():
            await db.flush()
    except IntegrityError as exc:
        raise Conflict("This attempt was just started from another click or tab: reload to resume it.") from exc


async def read(db: AsyncSession, *, actor: User, session_id: int) -> SessionRead:
    row = (await db.execute(_visible_to(queries.session_view(), actor).where(PracticeSession.id == session_id))).first()
    if row is None:
        raise NotFound(f"Session {session_id} was not found.")
    return queries.session_read(row._mapping, staff=is_staff(actor))


async def list_for(
    db: AsyncSession,
    *,
    actor: User,
    status: SessionStatus | None = None,
    client_id: int | None = None,
    limit: int = 100,
    offset: int = 0,
    cursor: str | None = None,
) -> list[SessionRead]:
    """Newest first; a page starts at `offset`, or after the session a `cursor` names (see `page_key`)."""
    paging.only_one_way(cursor, offset)
    query = _visible_to(queries.session_view(), actor)
    if cursor:
        after = paging.decode(cursor, datetime, int)
        query = query.where(tuple_(PracticeSession.started_at, PracticeSession.id) < after)
    if status is not None:
        query = query.where(PracticeSession.status == status)
    if client_id is not None:
        query = query.where(PracticeSession.client_id == client_id)
    query = query.order_by(PracticeSession.started_at.desc(), PracticeSession.id.desc())
    query = query.limit(min(limit, MAX_PAGE)).offset(offset)
    staff = is_staff(actor)
    return [queries.session_read(row._mapping, staff=staff) for row in (await db.execute(query)).all()]


async def get_owned_by_holder(db: AsyncSession, *, actor: User, session_id: int) -> PracticeSession:
    """The session for an end: only the person holding the conversation may speak in it or end it."""
    session = await db.get(PracticeSession, session_id)
    if session is not None and session.user_id == actor.id:
        return session
    await refuse_non_holder(db, actor=actor, session_id=session_id)


async def refuse_non_holder(db: AsyncSession, *, actor: User, session_id: int) -> NoReturn:
    """404 unless the actor may at least see the session, else 403: seeing a conversation is not holding it."""
    await read(db, actor=actor, session_id=session_id)
    raise Forbidden("Only the person holding this conversation can speak in it or end it.")


async def end(db: AsyncSession, *, actor: User, session_id: int) -> SessionRead:
    """Ending twice is harmless: the first end time is kept."""
    await get_owned_by_holder(db, actor=actor, session_id=session_id)
    await db.execute(
        update(PracticeSession)
        .where(PracticeSession.id == session_id, PracticeSession.status == SessionStatus.active)
        .values(status=SessionStatus.ended, ended_at=utcnow())
    )
    return await read(db, actor=actor, session_id=session_id)


def page_key(session: SessionRead) -> tuple[datetime, int]:
    return session.started_at, session.id


def message_key(message: MessageRead) -> tuple[int]:
    return (message.sequence,)


async def messages(db: AsyncSession, *, actor: User, session_id: int, limit: int | None = None,
                   cursor: str | None = None) -> list[MessageRead]:
    """The transcript in order, a page at a time (`cursor`: after that message); each reply carries its turn of the
    trust trajectory for staff."""
    await read(db, actor=actor, session_id=session_id)
    query = select(Message).where(Message.session_id == session_id).order_by(Message.sequence).limit(limit)
    if cursor:
        query = query.where(Message.sequence > paging.decode(cursor, int)[0])
    found = [MessageRead.model_validate(message) for message in await db.scalars(query)]
    found = [m.model_copy(update={"out_of_frame": True}) if m.role == MessageRole.user and is_out_of_frame(m.content)
             else m for m in found]
    return found if is_staff(actor) else [m.model_copy(update={"disclosure": None}) for m in found]


async def rate(db: AsyncSession, *, actor: User, session_id: int, rating: int, comment: str,
               private_note: str = "") -> Feedback:
    """A teacher rates conversations with their own clients (admins any); one rating per rater, updatable."""
    if actor.role not in (UserRole.teacher, UserRole.admin):
        raise Forbidden("Only teachers and administrators rate conversations.")
    session = await read(db, actor=actor, session_id=session_id)
    client = await db.get(Client, session.client_id)
    if actor.role == UserRole.teacher and (client is None or client.owner_id != actor.id):
        raise Forbidden("You can rate conversations held with your own clients only.")
    feedback = await db.scalar(
        select(Feedback).where(Feedback.session_id == session_id, Feedback.author_id == actor.id)
    )
    if feedback is None:
        feedback = Feedback(session_id=session_id, author_id=actor.id, rating=rating, comment=comment,
                            private_note=private_note)
        db.add(feedback)
    else:
        feedback.rating, feedback.comment, feedback.private_note = rating, comment, private_note
        feedback.updated_at = utcnow()
    await db.flush()
    return feedback


async def feedback_for(db: AsyncSession, *, actor: User, session_id: int) -> list[FeedbackRead]:
    """Ratings and comments on a session for everyone who may read it; private notes for staff only. A student
    sees none while their assignment holds the scores for review: they arrive with the released evaluation."""
    await read(db, actor=actor, session_id=session_id)
    staff = is_staff(actor)
    if not staff and await db.scalar(select(queries.SCORES_HELD).where(PracticeSession.id == session_id)):
        return []
    query = select(Feedback).where(Feedback.session_id == session_id).order_by(Feedback.created_at)
    return [FeedbackRead.model_validate(item).model_copy(update={} if staff else {"private_note": None})
            for item in await db.scalars(query)]



def visible_session_ids(actor: User) -> Select[Any]:
    """The ids of the sessions this person may read, for other domains' lists (evaluations, the review queue)."""
    return _visible_to(select(PracticeSession.id).join(Client, Client.id == PracticeSession.client_id), actor)
