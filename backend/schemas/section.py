"""Section and enrollment shapes: a teacher's class, its roster, and the outcome of enrolling a batch of emails."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import Field, model_validator

from backend.schemas.base import Schema

MAX_BATCH = 500  # a large lecture; pasting a whole registry export is a mistake worth refusing


def drop_nulls(data: Any, fields: tuple[str, ...]) -> Any:
    """An explicit null for a field that cannot be empty means 'not given' (the default, or leave as is)."""
    if isinstance(data, dict):
        return {key: value for key, value in data.items() if not (key in fields and value is None)}
    return data


class SectionCreate(Schema):
    name: Annotated[str, Field(min_length=1, max_length=200)]
    course_code: Annotated[str, Field(max_length=40)] = ""
    term: Annotated[str, Field(max_length=60)] = ""
    description: Annotated[str, Field(max_length=4000)] = ""

    @model_validator(mode="before")
    @classmethod
    def _nulls_are_blank(cls, data: Any) -> Any:
        return drop_nulls(data, ("course_code", "term", "description"))


class SectionUpdate(Schema):
    """A partial edit: only the fields sent change (null leaves a field as it is)."""

    name: Annotated[str, Field(min_length=1, max_length=200)] | None = None
    course_code: Annotated[str, Field(max_length=40)] | None = None
    term: Annotated[str, Field(max_length=60)] | None = None
    description: Annotated[str, Field(max_length=4000)] | None = None


class SectionRead(Schema):
    id: int
    name: str
    course_code: str
    term: str
    description: str
    teacher_id: int
    teacher_name: str = ""
    student_count: int
    assignment_count: int
    created_at: datetime


class EnrollmentRequest(Schema):
    # Plain strings, not EmailStr: one malformed address is reported in `invalid`, never a 422 for the batch.
    emails: Annotated[list[Annotated[str, Field(max_length=320)]], Field(min_length=1, max_length=MAX_BATCH)]
    create_missing: bool = False


class EnrolledStudent(Schema):
    student_id: int
    email: str
    display_name: str


class CreatedAccount(Schema):
    """A student account made by this enrollment; the password is shown this once and never stored in clear."""

    student_id: int
    email: str
    display_name: str
    temporary_password: str


class InvalidEntry(Schema):
    email: str
    reason: str


class EnrollmentResult(Schema):
    enrolled: list[EnrolledStudent]
    already_enrolled: list[EnrolledStudent]
    created: list[CreatedAccount]
    invalid: list[InvalidEntry]
    # Students of another teacher: asked to join, they see the section once they accept (VC_DIRECT_ENROLLMENT=1:
    # enrolled at once instead).
    invited: list[EnrolledStudent] = Field(default_factory=list)


class EnrollmentRead(Schema):
    student_id: int
    email: str
    display_name: str
    enrolled_at: datetime
    is_active: bool
    removed_at: datetime | None
    # enrolled, removed (with include_removed), or pending: invited and not yet accepted (with include_pending;
    # enrolled_at is then when they were invited).
    status: Literal["enrolled", "removed", "pending"] = "enrolled"
