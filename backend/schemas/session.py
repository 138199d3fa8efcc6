"""Session, message and feedback shapes."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from pydantic import Field, model_validator

from backend.models.message import MessageRole
from backend.models.session import SessionMode, SessionStatus
from backend.schemas.base import MAX_ID, Schema


class SessionCreate(Schema):
    """Free practice (or a teacher's test) names a client; an attempt at an assignment names the assignment."""

    client_id: Annotated[int, Field(ge=1, le=MAX_ID)] | None = None
    assignment_id: Annotated[int, Field(ge=1, le=MAX_ID)] | None = None

    @model_validator(mode="after")
    def _exactly_one_target(self) -> SessionCreate:
        if (self.client_id is None) == (self.assignment_id is None):
            raise ValueError("send exactly one of client_id (free practice) or assignment_id (an assignment)")
        return self


class SessionRead(Schema):
    id: int
    client_id: int
    client_name: str
    user_id: int
    user_display_name: str
    mode: SessionMode
    status: SessionStatus
    started_at: datetime
    ended_at: datetime | None
    provider: str
    model: str
    message_count: int
    input_tokens: int
    output_tokens: int
    cache_creation_tokens: int
    cache_read_tokens: int
    cost_usd: float
    last_activity_at: datetime
    feedback_rating: float | None = None
    assignment_id: int | None = None
    attempt_number: int | None = None
    submitted_at: datetime | None = None
    student_turns: int = 0


class MessageCreate(Schema):
    # The character cap is enforced in the service (configurable) with a message that names the limit.
    content: Annotated[str, Field(min_length=1, max_length=20_000)]


class MessageRead(Schema):
    id: int
    session_id: int
    sequence: int
    role: MessageRole
    content: str
    input_tokens: int
    output_tokens: int
    cache_creation_tokens: int
    cache_read_tokens: int
    cost_usd: float
    latency_ms: int | None
    is_fallback: bool
    provider: str | None
    created_at: datetime


class TurnResponse(Schema):
    message: MessageRead
    reply: MessageRead
    provider: str
    session: SessionRead


class FeedbackCreate(Schema):
    rating: Annotated[int, Field(ge=1, le=5)]
    comment: Annotated[str, Field(max_length=4000)] = ""


class FeedbackRead(Schema):
    id: int
    session_id: int
    author_id: int
    rating: int
    comment: str
    created_at: datetime
    updated_at: datetime
