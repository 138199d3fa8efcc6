"""Session, message and feedback shapes."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

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
    # For teachers and admins only (null for students): the client's trust now and the hidden facts out so far.
    trust: Literal["guarded", "warming", "open"] | None = None
    facts_disclosed: int | None = None
    facts_total: int | None = None


class MessageCreate(Schema):
    # Emptiness and the configurable length cap are checked in the service, with messages that say what to change.
    content: Annotated[str, Field(max_length=20_000)]


class ReplyCheck(Schema):
    """What check-and-revise found in the model's first reply and what the student read instead."""

    flags: list[str] = Field(default_factory=list, description="What the rules flagged: hidden_fact, risk, advice, "
                                                               "role_break, recites")
    result: Literal["revised", "kept", "safe_line"] = Field(
        description="revised: a rewrite passed the rules; kept: it did not and the first reply was harmless; "
                    "safe_line: it did not and a plain in-character line stood in")


class TrustStep(Schema):
    """One turn of the client's trust trajectory, on the reply that answered it (teachers and admins only)."""

    trust: Literal["guarded", "warming", "open"] = Field(description="How open the client was in this reply")
    direction: Literal["up", "down", "steady"] = Field(description="How the student's message moved trust")
    student_move: str | None = Field(None, description="The student's message as MITI 4.2.1 codes it (primary)")
    offered: str | None = Field(None, description="The hidden fact the client was allowed to let out this turn")
    offer: Literal["hint", "tell"] | None = None
    risk: Literal["brush_off", "hint", "tell", "deny"] | None = Field(
        None, description="How far a safety question was answered, when one was asked (deny: the persona does not "
                          "carry that risk)")
    risk_topic: str | None = Field(None, description="The risk the safety question asked about")
    disclosed: list[str] = Field(default_factory=list, description="Hidden facts this reply gave away")
    check: ReplyCheck | None = Field(None, description="Set when the rules flagged the model's first reply")


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
    # True when the provider reported no usage and the tokens and cost are our tiktoken estimate.
    usage_estimated: bool = False
    created_at: datetime
    disclosure: TrustStep | None = None
    out_of_frame: bool = Field(False, description="A student's message that stepped out of the role-play (spoke to "
                                                  "the software, not the client): not coded, earned nothing")


class TurnResponse(Schema):
    message: MessageRead
    reply: MessageRead
    provider: str
    session: SessionRead


class FeedbackCreate(Schema):
    rating: Annotated[int, Field(ge=1, le=5)]
    comment: Annotated[str, Field(max_length=4000, description="For the student: shown with their transcript")] = ""
    private_note: Annotated[str, Field(max_length=4000, description="For staff only: never shown to a student")] = ""


class FeedbackRead(Schema):
    id: int
    session_id: int
    author_id: int
    rating: int
    comment: str
    private_note: str | None = Field(None, description="Only teachers and admins receive it; null for students")
    created_at: datetime
    updated_at: datetime
