"""What the platform spends and what goes wrong: one row per provider call, the error log, cost alerts."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import Boolean, Date, Float, ForeignKey, Index, Integer, String, Text, UniqueConstraint, false
from sqlalchemy.orm import Mapped, mapped_column

from backend.models.base import Base, JSONType, utcnow
from backend.models.types import UTCDateTime


class CallPurpose(StrEnum):
    """Why an LLM call was made, so the admin sees what conversations, evaluations and checks each cost."""

    conversation = "conversation"
    evaluation = "evaluation"
    check = "check"


class LLMCall(Base):
    __tablename__ = "llm_calls"
    __table_args__ = (
        Index("ix_llm_calls_day_model", "day", "model"),
        Index("ix_llm_calls_user_id_day", "user_id", "day"),
        Index("ix_llm_calls_teacher_id_day", "teacher_id", "day"),
        Index("ix_llm_calls_created_at", "created_at"),
        Index("ix_llm_calls_day_purpose", "day", "purpose"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int | None] = mapped_column(ForeignKey("sessions.id", ondelete="SET NULL"), index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    # The owner of the client talked to: usage "by teacher" groups on it without joins.
    teacher_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    provider: Mapped[str] = mapped_column(String(40))
    model: Mapped[str] = mapped_column(String(80))
    input_tokens: Mapped[int] = mapped_column(Integer, default=0)
    output_tokens: Mapped[int] = mapped_column(Integer, default=0)
    cache_creation_tokens: Mapped[int] = mapped_column(Integer, default=0)
    cache_read_tokens: Mapped[int] = mapped_column(Integer, default=0)
    cost_usd: Mapped[float] = mapped_column(Float, default=0.0)
    latency_ms: Mapped[int] = mapped_column(Integer, default=0)
    outcome: Mapped[str] = mapped_column(String(24))
    error: Mapped[str | None] = mapped_column(Text, nullable=True)
    streamed: Mapped[bool] = mapped_column(default=False)
    # The server reported no usage: the tokens (and so the cost) are our tiktoken estimate.
    usage_estimated: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    # Why the call was made: a conversation reply, an evaluation of one, a persona check.
    purpose: Mapped[str] = mapped_column(String(24), default="conversation", server_default="conversation")
    day: Mapped[date] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class ErrorEvent(Base):
    __tablename__ = "error_events"
    __table_args__ = (Index("ix_error_events_created_at", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    source: Mapped[str] = mapped_column(String(40))
    kind: Mapped[str] = mapped_column(String(60))
    message: Mapped[str] = mapped_column(Text)
    context: Mapped[dict[str, Any]] = mapped_column(JSONType, default=dict)
    session_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    user_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class CostAlert(Base):
    __tablename__ = "cost_alerts"
    # Each threshold fires once per subject: the unique key makes a repeat insert a no-op, even under races.
    __table_args__ = (UniqueConstraint("dedupe_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    scope: Mapped[str] = mapped_column(String(24))
    dedupe_key: Mapped[str] = mapped_column(String(120))
    subject_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    day: Mapped[date] = mapped_column(Date)
    threshold_usd: Mapped[float] = mapped_column(Float)
    amount_usd: Mapped[float] = mapped_column(Float)
    message: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
