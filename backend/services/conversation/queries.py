"""The conversation turn's SQL, as Core statements of one round trip each: the turn is the hottest path we have.

Reading through the ORM here cost more CPU than everything else in a turn, so these functions take an
`AsyncConnection` (or a session's connection) and return plain rows and dataclasses. The session list and
read views share the same columns, rating and `SessionRead` builder.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Float, Integer, Row, Select, bindparam, func, insert, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from backend.llm.base import TokenUsage
from backend.models.base import utcnow
from backend.models.client import Client
from backend.models.feedback import Feedback
from backend.models.message import Message, MessageRole
from backend.models.session import PracticeSession, SessionStatus
from backend.models.user import User
from backend.schemas.session import MessageRead, SessionRead

# Every column a SessionRead shows that lives on the session row itself.
SESSION_COLUMNS = (
    PracticeSession.id, PracticeSession.client_id, PracticeSession.user_id, PracticeSession.mode,
    PracticeSession.status, PracticeSession.started_at, PracticeSession.ended_at, PracticeSession.provider,
    PracticeSession.model, PracticeSession.message_count, PracticeSession.input_tokens,
    PracticeSession.output_tokens, PracticeSession.cache_creation_tokens, PracticeSession.cache_read_tokens,
    PracticeSession.cost_usd, PracticeSession.last_activity_at, PracticeSession.assignment_id,
    PracticeSession.attempt_number, PracticeSession.submitted_at, PracticeSession.student_turns,
    PracticeSession.disclosure,
)
# The teachers' average rating of a session, correlated to the session row of the enclosing query.
RATING = (
    select(func.avg(Feedback.rating)).where(Feedback.session_id == PracticeSession.id)
    .correlate(PracticeSession).scalar_subquery().label("feedback_rating")
)


def session_read(row: Mapping[str, Any], *, staff: bool = False) -> SessionRead:
    """The one SessionRead builder: a row (or mapping) with the session columns, names and the raw rating.

    The client's trust and how many hidden facts came out are for staff: a student practises the
    conversation, not a meter.
    """
    data = dict(row)
    rating = data.get("feedback_rating")
    data["feedback_rating"] = None if rating is None else round(float(rating), 2)
    disclosure = data.pop("disclosure", None)
    if staff and disclosure:
        data.update(trust=disclosure.get("trust"), facts_disclosed=len(disclosure.get("disclosed", ())),
                    facts_total=disclosure.get("facts_total"))
    return SessionRead(**data)


def session_view() -> Select[Any]:
    """Sessions with their client's and person's names and rating; callers add who may see what."""
    return (
        select(*SESSION_COLUMNS, Client.name.label("client_name"), User.display_name.label("user_display_name"),
               RATING)
        .join(Client, Client.id == PracticeSession.client_id)
        .join(User, User.id == PracticeSession.user_id)
    )


@dataclass(frozen=True)
class HeldSession:
    """What a turn needs to know about its session, read in one statement."""

    id: int
    user_id: int
    status: SessionStatus
    cost_usd: float
    persona: dict[str, Any]
    client_id: int
    client_name: str
    teacher_id: int | None
    feedback_rating: float | None
    disclosure: dict[str, Any] | None


# Built once: constructing a statement costs more CPU than executing it, and the turn runs them all.
HELD_SESSION = (
    select(PracticeSession.id, PracticeSession.user_id, PracticeSession.status, PracticeSession.cost_usd,
           PracticeSession.persona_snapshot.label("persona"), PracticeSession.client_id, PracticeSession.disclosure,
           Client.name.label("client_name"), Client.owner_id.label("teacher_id"), RATING)
    .join(Client, Client.id == PracticeSession.client_id)
    .where(PracticeSession.id == bindparam("session_id"))
)
RECENT_UTTERANCES = (
    select(Message.role, Message.content).where(Message.session_id == bindparam("session_id"))
    .order_by(Message.sequence.desc()).limit(bindparam("limit"))
)
# Only the student's messages take a sequence here (replies count in ADD_REPLY_TO_TOTALS), so the same
# statement counts the student's turns.
_NEXT_SEQUENCE = (
    update(PracticeSession)
    .where(PracticeSession.id == bindparam("session_id"))
    .values(message_count=PracticeSession.message_count + 1, student_turns=PracticeSession.student_turns + 1,
            last_activity_at=bindparam("now"))
    .returning(PracticeSession.message_count)
)
NEXT_SEQUENCE_IF_ACTIVE = _NEXT_SEQUENCE.where(PracticeSession.status == SessionStatus.active)
INSERT_MESSAGE = insert(Message).returning(Message.id)
ADD_REPLY_TO_TOTALS = (
    update(PracticeSession)
    .where(PracticeSession.id == bindparam("session_id"))
    .values(
        message_count=PracticeSession.message_count + 1,
        input_tokens=PracticeSession.input_tokens + bindparam("add_input", type_=Integer),
        output_tokens=PracticeSession.output_tokens + bindparam("add_output", type_=Integer),
        cache_creation_tokens=PracticeSession.cache_creation_tokens + bindparam("add_cache_creation", type_=Integer),
        cache_read_tokens=PracticeSession.cache_read_tokens + bindparam("add_cache_read", type_=Integer),
        cost_usd=PracticeSession.cost_usd + bindparam("add_cost", type_=Float),
        last_activity_at=bindparam("now"),
        disclosure=bindparam("disclosure"),
    )
    .returning(*SESSION_COLUMNS)
)


async def held_session(conn: AsyncConnection, session_id: int) -> HeldSession | None:
    row = (await conn.execute(HELD_SESSION, {"session_id": session_id})).first()
    if row is None:
        return None
    return HeldSession(
        id=row.id, user_id=row.user_id, status=row.status, cost_usd=float(row.cost_usd), persona=row.persona,
        client_id=row.client_id, client_name=row.client_name, teacher_id=row.teacher_id,
        feedback_rating=None if row.feedback_rating is None else round(float(row.feedback_rating), 2),
        disclosure=row.disclosure,
    )


async def recent_utterances(conn: AsyncConnection, session_id: int, limit: int) -> list[Row[Any]]:
    """The newest `limit` lines (role and text only), oldest first."""
    rows = list((await conn.execute(RECENT_UTTERANCES, {"session_id": session_id, "limit": limit})).all())
    rows.reverse()
    return rows


async def allocate_sequence(conn: AsyncConnection, session_id: int, *, require_active: bool) -> int | None:
    """The session row is the counter: an atomic increment makes sequences unique and gap-free under races."""
    statement = NEXT_SEQUENCE_IF_ACTIVE if require_active else _NEXT_SEQUENCE
    return (await conn.execute(statement, {"session_id": session_id, "now": utcnow()})).scalar_one_or_none()


async def insert_message(
    conn: AsyncConnection, *, session_id: int, sequence: int, role: MessageRole, content: str,
    usage: TokenUsage | None = None, cost_usd: float = 0.0, latency_ms: int | None = None,
    is_fallback: bool = False, provider: str | None = None, disclosure: dict[str, Any] | None = None,
) -> MessageRead:
    usage = usage or TokenUsage()
    values: dict[str, Any] = {
        "session_id": session_id, "sequence": sequence, "role": role, "content": content,
        "input_tokens": usage.input_tokens, "output_tokens": usage.output_tokens,
        "cache_creation_tokens": usage.cache_creation_input_tokens,
        "cache_read_tokens": usage.cache_read_input_tokens, "cost_usd": cost_usd, "latency_ms": latency_ms,
        "is_fallback": is_fallback, "provider": provider, "usage_estimated": usage.estimated,
        "created_at": utcnow(), "disclosure": disclosure,
    }
    message_id = (await conn.execute(INSERT_MESSAGE, values)).scalar_one()
    return MessageRead(id=message_id, **values)


async def add_reply_to_totals(
    conn: AsyncConnection, session_id: int, usage: TokenUsage, cost_usd: float, disclosure: dict[str, Any]
) -> Row[Any]:
    """Count the reply into the session's totals, keep the client's new trust state, and hand back the whole
    updated row (one round trip)."""
    params = {
        "session_id": session_id, "add_input": usage.input_tokens, "add_output": usage.output_tokens,
        "add_cache_creation": usage.cache_creation_input_tokens, "add_cache_read": usage.cache_read_input_tokens,
        "add_cost": cost_usd, "now": utcnow(), "disclosure": disclosure,
    }
    return (await conn.execute(ADD_REPLY_TO_TOTALS, params)).one()
