"""What the admin dashboard reads: usage, alerts, the error log and provider health."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

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
    model: str
    offline_mode: bool
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
    status: str
    database: str
    provider: str
    provider_configured: bool
    offline_mode: bool
    model: str
    circuit_state: str
    recent_error_rate: float
    latency_p50_ms: float | None
    latency_p95_ms: float | None
