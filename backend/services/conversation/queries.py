"""The conversation turn's SQL, as Core statements of one round trip each: the turn is the hottest path we have.

Reading through the ORM here cost more CPU than everything else in a turn, so these functions take an
`AsyncConnection` (or a session's connection) and return plain rows and dataclasses.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Float, Integer, Row, bindparam, func, insert, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from backend.llm.base import TokenUsage
from backend.models.base import utcnow
from backend.models.client import Client
from backend.models.feedback import Feedback
from backend.models.message import Message, MessageRole
from backend.models.session import PracticeSession, SessionStatus
from backend.schemas.session import MessageRead, SessionRead

# Every column a SessionRead shows that lives on the session row itself.
SESSION_COLUMNS = (
    PracticeSession.id, PracticeSession.client_id, PracticeSession.user_id, PracticeSession.mode,
    PracticeSession.status, PracticeSession.started_at, PracticeSession.ended_at, PracticeSession.provider,
    PracticeSession.model, PracticeSession.message_count, PracticeSession.input_tokens,
    PracticeSession.output_tokens, PracticeSession.cache_creation_tokens, PracticeSession.cache_read_tokens,
    PracticeSession.cost_usd, PracticeSession.last_activity_at,
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


# Built once: constructing a statement costs more CPU than executing it, and the turn runs them all.
_RATING = (
    select(func.avg(Feedback.rating)).where(Feedback.session_id == PracticeSession.id)
    .correlate(PracticeSession).scalar_subquery()
)
HELD_SESSION = (
    select(PracticeSession.id, PracticeSession.user_id, PracticeSession.status, PracticeSession.cost_usd,
           PracticeSession.persona_snapshot, PracticeSession.client_id, Client.name, Client.owner_id, _RATING)
    .join(Client, Client.id == PracticeSession.client_id)
    .where(PracticeSession.id == bindparam("session_id"))
)
RECENT_UTTERANCES = (
    select(Message.role, Message.content).where(Message.session_id == bindparam("session_id"))
    .order_by(Message.sequence.desc()).limit(bindparam("limit"))
)
_NEXT_SEQUENCE = (
    update(PracticeSession)
    .where(PracticeSession.id == bindparam("session_id"))
    .values(message_count=PracticeSession.message_count + 1, last_activity_at=bindparam("now"))
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
    )
    .returning(*SESSION_COLUMNS)
)


async def held_session(conn: AsyncConnection, session_id: int) -> HeldSession | None:
    row = (await conn.execute(HELD_SESSION, {"session_id": session_id})).first()
    if row is None:
        return None
    return HeldSession(
        id=row[0], user_id=row[1], status=row[2], cost_usd=float(row[3]), persona=row[4], client_id=row[5],
        client_name=row[6], teacher_id=row[7], feedback_rating=None if row[8] is None else round(float(row[8]), 2),
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
    is_fallback: bool = False, provider: str | None = None,
) -> MessageRead:
    usage = usage or TokenUsage()
    values: dict[str, Any] = {
        "session_id": session_id, "sequence": sequence, "role": role, "content": content,
        "input_tokens": usage.input_tokens, "output_tokens": usage.output_tokens,
        "cache_creation_tokens": usage.cache_creation_input_tokens,
        "cache_read_tokens": usage.cache_read_input_tokens, "cost_usd": cost_usd, "latency_ms": latency_ms,
        "is_fallback": is_fallback, "provider": provider, "created_at": utcnow(),
    }
    message_id = (await conn.execute(INSERT_MESSAGE, values)).scalar_one()
    return MessageRead(id=message_id, **values)


async def add_reply_to_totals(
    conn: AsyncConnection, session_id: int, usage: TokenUsage, cost_usd: float
) -> Row[Any]:
    """Count the reply into the session's totals and hand back the whole updated row (one round trip)."""
    params = {
        "session_id": session_id, "add_input": usage.input_tokens, "add_output": usage.output_tokens,
        "add_cache_creation": usage.cache_creation_input_tokens, "add_cache_read": usage.cache_read_input_tokens,
        "add_cost": cost_usd, "now": utcnow(),
    }
    return (await conn.execute(ADD_REPLY_TO_TOTALS, params)).one()


def session_read(row: Row[Any], *, client_name: str, user_display_name: str, rating: float | None) -> SessionRead:
    data: dict[str, Any] = dict(row._mapping)
    return SessionRead(**data, client_name=client_name, user_display_name=user_display_name,
                       feedback_rating=rating)
