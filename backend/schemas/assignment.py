"""Assignment shapes: what a teacher sets, and what each reader sees (a student also sees where they stand)."""

from __future__ import annotations

import enum
from datetime import UTC, datetime
from typing import Annotated, Any

from pydantic import AfterValidator, Field, model_validator

from backend.models.assignment import FeedbackRelease
from backend.schemas.base import MAX_ID, Schema
from backend.schemas.client import ClientPublic
from backend.schemas.section import drop_nulls


class AssignmentStatus(enum.StrEnum):
    """Where one student stands on one assignment (the rules are in services/coursework/status.py)."""

    not_open = "not_open"
    not_started = "not_started"
    in_progress = "in_progress"
    submitted = "submitted"
    late = "late"
    missed = "missed"


def as_utc(value: datetime | None) -> datetime | None:
    """Times are stored in UTC; a time sent without a zone is taken to be UTC already."""
    if value is None:
        return None
    try:
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
    except OverflowError:  # 9999-12-31T23:00-05:00 is past the last representable moment in UTC
        raise ValueError("is too far in the past or future; give a date between the years 1 and 9999 in UTC") from None


UtcTime = Annotated[datetime, AfterValidator(as_utc)]
Title = Annotated[str, Field(min_length=1, max_length=200)]
Instructions = Annotated[str, Field(max_length=8000)]
MaxAttempts = Annotated[int, Field(ge=1, le=100, description="null: unlimited")]
MinTurns = Annotated[int, Field(ge=0, le=200, description="Student messages needed before submitting")]
ClientRef = Annotated[int, Field(ge=1, le=MAX_ID)]
RubricRef = Annotated[int, Field(ge=1, le=MAX_ID, description="The rubric attempts are scored on; null: the default")]
Release = Annotated[FeedbackRelease, Field(description="immediate: students see their scores at once; "
                                                       "after_review: once the teacher releases them")]


def check_window(opens_at: datetime | None, due_at: datetime | None) -> None:
    if opens_at is not None and due_at is not None and due_at <= opens_at:
        raise ValueError("due_at must be after opens_at")


class AssignmentCreate(Schema):
    client_id: ClientRef
    title: Title
    instructions: Instructions
    opens_at: UtcTime | None = None
    due_at: UtcTime | None = None
    max_attempts: MaxAttempts | None = None
    min_turns: MinTurns = 1
    allow_late: bool = False
    is_published: bool = True
    rubric_id: RubricRef | None = None
    feedback_release: Release = FeedbackRelease.immediate

    @model_validator(mode="before")
    @classmethod
    def _nulls_mean_default(cls, data: Any) -> Any:
        return drop_nulls(data, ("min_turns", "allow_late", "is_published", "feedback_release"))

    @model_validator(mode="after")
    def _due_after_open(self) -> AssignmentCreate:
        check_window(self.opens_at, self.due_at)
        return self


class AssignmentUpdate(Schema):
    """A partial edit. For opens_at, due_at, max_attempts and rubric_id an explicit null clears them (no window,
    unlimited, the default rubric); for the other fields null leaves them as they are."""

    client_id: ClientRef | None = None
    title: Title | None = None
    instructions: Instructions | None = None
    opens_at: UtcTime | None = None
    due_at: UtcTime | None = None
    max_attempts: MaxAttempts | None = None
    min_turns: MinTurns | None = None
    allow_late: bool | None = None
    is_published: bool | None = None
    rubric_id: RubricRef | None = None
    feedback_release: Release | None = None

    @model_validator(mode="after")
    def _due_after_open(self) -> AssignmentUpdate:
        check_window(self.opens_at, self.due_at)
        return self


class AssignmentRead(Schema):
    id: int
    section_id: int
    section_name: str
    course_code: str
    client_id: int
    client: ClientPublic
    title: str
    instructions: str
    opens_at: datetime | None
    due_at: datetime | None
    max_attempts: int | None
    min_turns: int
    allow_late: bool
    is_published: bool
    rubric_id: int | None = None
    feedback_release: FeedbackRelease = FeedbackRelease.immediate
    created_at: datetime
    updated_at: datetime
    # A student's own standing; null for teachers and admins (attempts_left is null when attempts are unlimited).
    status: AssignmentStatus | None = None
    attempts_used: int | None = None
    attempts_left: int | None = None
    active_session_id: int | None = None
    last_session_id: int | None = None
    submitted_session_id: int | None = None
    submitted_at: datetime | None = None
    late: bool | None = None
    # Why starting would be refused right now (not open yet, past due, attempts used up); null when it would not.
    start_refusal: str | None = None
