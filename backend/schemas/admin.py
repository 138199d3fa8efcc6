"""What the admin dashboard reads: usage, alerts, the error log and provider health."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from pydantic import Field

from backend.schemas.base import Schema


class UsageBucket(Schema):
    key: str
    label: str
    calls: int
    input_tokens: int
    output_tokens: int
    cache_creation_tokens: int
    cache_read_tokens: int
    cost_usd: float
    # Calls whose server reported no usage: their tokens and cost are our estimate.
    estimated_calls: int = 0


class DayUsage(UsageBucket):
    day: date


class UsageReport(Schema):
    today: UsageBucket
    days: list[DayUsage]
    by_model: list[UsageBucket]
    by_teacher: list[UsageBucket]
    by_purpose: list[UsageBucket]  # conversation replies, evaluations, persona checks
    active_sessions: int
    fallback_replies_today: int
    thresholds: dict[str, float]
    # Models in this period with no configured price (self-hosted): their calls count $0, not billed.
    unpriced_models: list[str] = Field(default_factory=list)


class AlertRead(Schema):
    id: int
    scope: str
    subject_id: int | None
    day: date
    threshold_usd: float
    amount_usd: float
    message: str
    created_at: datetime


class ErrorRead(Schema):
    id: int
    source: str
    kind: str
    message: str
    context: dict[str, Any]
    session_id: int | None
    user_id: int | None
    created_at: datetime


class ProviderHealth(Schema):
    status: str
    provider: str
    # How people call the provider: "Claude", "local model", "offline simulator".
    provider_label: str
    model: str
    offline_mode: bool
    # False for a self-hosted model with no configured price: its calls count $0 ("local model, not billed").
    model_priced: bool
    pricing_note: str
    circuit_state: str
    consecutive_failures: int
    circuit_retry_in_s: float
    recent_calls: int
    recent_error_rate: float
    latency_p50_ms: float | None
    latency_p95_ms: float | None
    window_minutes: int
    database: str


class Readiness(Schema):
    """What anyone may know: whether this instance takes traffic."""

    status: str


class ReadinessDetails(Readiness):
    """What an admin sees beside it: the database, the provider and its circuit."""

    database: str
    provider: str
    provider_configured: bool
    offline_mode: bool
    model: str
    circuit_state: str
    recent_error_rate: float
    latency_p50_ms: float | None
    latency_p95_ms: float | None


class SectionUsage(Schema):
    section_id: int
    name: str
    course_code: str
    term: str
    teacher_name: str
    students: int
    assignments: int
    sessions: int
    submitted: int
    cost_usd: float


class CourseUsage(Schema):
    """Courses on the platform: counts, and what the attempts at each section's assignments have cost so far."""

    sections: int
    enrollments: int
    assignments: int
    assignment_sessions: int
    submitted_sessions: int
    cost_usd: float
    by_section: list[SectionUsage]
