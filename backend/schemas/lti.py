"""LTI shapes: registered platforms, the tool's configuration, roster syncs, score sends and the sign-in code."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from pydantic import AfterValidator, Field

from backend.schemas.base import Schema


def _http_url(value: str) -> str:
    """Checked here rather than as a schema pattern: Python's `$` and JSON Schema's disagree about a final newline."""
    if not value.startswith(("https://", "http://")) or any(c.isspace() for c in value) or len(value) < 9:
        raise ValueError("must be an http(s) URL without spaces, like https://lms.example.edu/api/lti/jwks")
    return value


Url = Annotated[str, Field(max_length=1000, description="An http(s) URL"), AfterValidator(_http_url)]
Identifier = Annotated[str, Field(min_length=1, max_length=255)]


class LtiPlatformCreate(Schema):
    name: Annotated[str, Field(min_length=1, max_length=200)]
    issuer: Annotated[str, Field(min_length=1, max_length=500, description="The platform's iss, e.g. "
                                                                           "https://canvas.instructure.com")]
    client_id: Identifier
    deployment_ids: Annotated[list[Identifier], Field(min_length=1, max_length=100)]
    auth_login_url: Url
    auth_token_url: Url
    keyset_url: Url
    link_by_email: bool = Field(False, description="Link a launch to an existing account with the same verified "
                                                   "email instead of creating one")


class LtiPlatformUpdate(Schema):
    name: Annotated[str, Field(min_length=1, max_length=200)] | None = None
    issuer: Annotated[str, Field(min_length=1, max_length=500)] | None = None
    client_id: Identifier | None = None
    deployment_ids: Annotated[list[Identifier], Field(min_length=1, max_length=100)] | None = None
    auth_login_url: Url | None = None
    auth_token_url: Url | None = None
    keyset_url: Url | None = None
    link_by_email: bool | None = None


class LtiPlatformRead(Schema):
    id: int
    name: str
    issuer: str
    client_id: str
    deployment_ids: list[str]
    auth_login_url: str
    auth_token_url: str
    keyset_url: str
    link_by_email: bool
    last_launch_at: datetime | None
    last_roster_sync_at: datetime | None
    last_roster_sync: dict[str, Any] | None
    last_score_send_at: datetime | None
    last_score_send: str | None
    created_at: datetime


class LtiCodeExchange(Schema):
    code: Annotated[str, Field(min_length=1, max_length=200)]


class RosterSyncResult(Schema):
    added: int
    already: int
    removed: int
    skipped: int


class ScoreSendRead(Schema):
    """One attempt's score on its way to the LMS gradebook, as a progress-grid cell shows it."""

    id: int
    session_id: int
    student_id: int
    assignment_id: int
    score: float
    status: str = Field(description="waiting, sent or failed")
    label: str = Field(description="What the cell shows: 'sent to LMS', 'waiting', 'failed: why'")
    attempts: int
    last_error: str | None
    sent_at: datetime | None
    next_attempt_at: datetime | None
