"""What the turn's store reads and writes, independent of the database that holds it."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from backend.interviewing.miti.frame import is_out_of_frame
from backend.llm.base import TokenUsage
from backend.models.message import MessageRole
from backend.schemas.session import MessageRead
from backend.services.conversation.queries import SESSION_COLUMNS
from backend.services.spend.alert_rules import AlertKeys

# The session columns a SessionRead shows, in the order both stores return them after a reply.
SESSION_FIELDS: tuple[str, ...] = tuple(column.key for column in SESSION_COLUMNS)


class DuplicateMessage(Exception):
    """A message with this Idempotency-Key is already stored in the session (a retry raced the original)."""


class ReplyAlreadyStored(Exception):
    """This student message already has its reply: an earlier attempt committed, though it seemed to fail."""


@dataclass(frozen=True, slots=True)
class Line:
    """A line of the history as the prompt needs it."""

    role: MessageRole
    content: str


@dataclass(frozen=True, slots=True)
class TurnContext:
    """Everything accepting a message needs, read in one round trip: the person, their session, its history."""

    user_found: bool
    user_active: bool
    user_name: str
    user_role: str
    session_found: bool
    holder_id: int | None
    status: str | None
    cost_usd: float
    persona: dict[str, Any]
    client_name: str
    teacher_id: int | None
    feedback_rating: float | None
    disclosure: dict[str, Any] | None
    history: list[Line]
    replayed_id: int | None  # the student message already stored under this Idempotency-Key
    replayed_content: str | None = None  # what that message said: a key reused for other words is refused
    token_version: int = 0  # the account's: a token signed with another one has ended
    assignment_id: int | None = None
    assignment_open: bool = True  # published, not archived, in a section not archived (True for free practice)
    enrolled: bool = True  # the holder is still on the assignment's roster (True for free practice)


@dataclass(frozen=True, slots=True)
class CheckCall:
    """The rewrite call check-and-revise made for a reply: a ledger row of purpose `check`, in the session's cost."""

    usage: TokenUsage
    cost_usd: float
    latency_ms: int
    model: str
    outcome: str  # ok or error
    error: str | None = None


@dataclass(frozen=True, slots=True)
class ReplyToStore:
    """A reply with everything written beside it: totals, the trust state, the ledger row, the error log."""

    session_id: int
    answers: int  # the student message it replies to
    user_id: int
    teacher_id: int | None
    text: str
    usage: TokenUsage
    cost_usd: float
    latency_ms: int
    is_fallback: bool
    provider: str
    model: str
    called_provider: bool
    streamed: bool
    error_kind: str | None
    error_message: str | None
    state: dict[str, Any]
    line: dict[str, Any]
    turn_index: int
    now: datetime
    check: CheckCall | None = None

    @property
    def total_usage(self) -> TokenUsage:
        """The reply's tokens and its check's: what the message row and the session's totals count."""
        if self.check is None:
            return self.usage
        a, b = self.usage, self.check.usage
        return TokenUsage(a.input_tokens + b.input_tokens, a.output_tokens + b.output_tokens,
                          a.cache_creation_input_tokens + b.cache_creation_input_tokens,
                          a.cache_read_input_tokens + b.cache_read_input_tokens, a.estimated or b.estimated)

    @property
    def total_cost(self) -> float:
        return self.cost_usd + (self.check.cost_usd if self.check else 0.0)


@dataclass(frozen=True, slots=True)
class StoredReply:
    reply: MessageRead
    totals: dict[str, Any]  # SESSION_FIELDS of the session after the reply
    alert_amounts: dict[str, float | None]


def decoded(value: Any) -> Any:
    """JSON the driver handed back as text (SQLite) or already parsed (PostgreSQL's codec)."""
    return json.loads(value) if isinstance(value, str | bytes) else value


# The teachers' average rating as the reader (`u`) of session `s` may see it: a student sees none while an
# assignment holds the attempt's scores for review (released with the evaluation). Same text on both databases.
RATING_AS_SEEN = """CASE WHEN u.role = 'student' AND EXISTS (
    SELECT 1 FROM assignments a WHERE a.id = s.assignment_id AND a.feedback_release = 'after_review'
      AND NOT EXISTS (SELECT 1 FROM evaluations e WHERE e.session_id = s.id AND e.released))
  THEN NULL ELSE (SELECT avg(f.rating) FROM feedback f WHERE f.session_id = s.id) END"""


def rating(value: Any) -> float | None:
    return None if value is None else round(float(value), 2)


def student_message(*, message_id: int, session_id: int, sequence: int, content: str, now: datetime) -> MessageRead:
    return MessageRead(id=message_id, session_id=session_id, sequence=sequence, role=MessageRole.user,
                       content=content, input_tokens=0, output_tokens=0, cache_creation_tokens=0, cache_read_tokens=0,
                       cost_usd=0.0, latency_ms=None, is_fallback=False, provider=None, created_at=now,
                       out_of_frame=is_out_of_frame(content))


def reply_message(reply: ReplyToStore, *, message_id: int, sequence: int) -> MessageRead:
    usage = reply.total_usage
    return MessageRead(id=message_id, session_id=reply.session_id, sequence=sequence, role=MessageRole.assistant,
                       content=reply.text, input_tokens=usage.input_tokens, output_tokens=usage.output_tokens,
                       cache_creation_tokens=usage.cache_creation_input_tokens,
                       cache_read_tokens=usage.cache_read_input_tokens, cost_usd=reply.total_cost,
                       latency_ms=reply.latency_ms, is_fallback=reply.is_fallback, provider=reply.provider,
                       usage_estimated=usage.estimated, created_at=reply.now, disclosure=reply.line)


def error_context(reply: ReplyToStore) -> dict[str, Any]:
    return {"model": reply.model, "provider": reply.provider, "latency_ms": reply.latency_ms,
            "turn": reply.turn_index, "fallback_sent": True}


def alert_amounts(keys: AlertKeys, session_cost: float, user_day: Any, platform_day: Any,
                  session_fired: bool) -> dict[str, float | None]:
    """The store's alert columns by key: None for an alert that already fired."""
    amounts: dict[str, float | None] = {}
    if keys.check_session:
        amounts[keys.session] = None if session_fired else session_cost
    if keys.check_user_day:
        amounts[keys.user_day] = None if user_day is None else float(user_day)
    if keys.check_platform_day:
        amounts[keys.platform_day] = None if platform_day is None else float(platform_day)
    return amounts


# The attempt's standing, beside the session: (open, enrolled) for an assignment's attempt, NULLs otherwise.
# Same text on both databases.
ASSIGNMENT_OPEN = """(SELECT a.is_published AND a.archived_at IS NULL AND sec.archived_at IS NULL
  FROM assignments a JOIN sections sec ON sec.id = a.section_id WHERE a.id = s.assignment_id)"""
STILL_ENROLLED = """CASE WHEN s.assignment_id IS NOT NULL THEN EXISTS (
  SELECT 1 FROM assignments a JOIN section_enrollments e ON e.section_id = a.section_id
  WHERE a.id = s.assignment_id AND e.student_id = s.user_id AND e.is_active) END"""
