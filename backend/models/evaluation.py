"""The evaluation of one conversation: coded lines, metrics, rubric scores with evidence, and the teacher's review."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import Boolean, Float, ForeignKey, Index, String, Text, false
from sqlalchemy.orm import Mapped, mapped_column

from backend.models.base import Base, JSONType, TimestampMixin
from backend.models.types import UTCDateTime


class EvaluationStatus(StrEnum):
    pending = "pending"
    ready = "ready"
    failed = "failed"


class Evaluation(TimestampMixin, Base):
    __tablename__ = "evaluations"
    __table_args__ = (Index("ix_evaluations_status_released", "status", "released"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("sessions.id", ondelete="CASCADE"), unique=True)
    # RESTRICT: a rubric that scored a conversation cannot be deleted (the API answers 409 first).
    rubric_id: Mapped[int] = mapped_column(ForeignKey("rubrics.id", ondelete="RESTRICT"), index=True)
    status: Mapped[str] = mapped_column(String(16), default=EvaluationStatus.pending)
    provider: Mapped[str] = mapped_column(String(40), default="")
    model: Mapped[str] = mapped_column(String(80), default="")
    # True when the rule-based evaluator produced it (no API key, or the model's answer failed its checks).
    approximate: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    fallback_reason: Mapped[str | None] = mapped_column(Text, nullable=True)
    error: Mapped[str | None] = mapped_column(Text, nullable=True)
    cost_usd: Mapped[float] = mapped_column(Float, default=0.0)
    # The rubric's criteria as they were when it was scored, so later edits never rewrite a grade.
    rubric_snapshot: Mapped[dict[str, Any]] = mapped_column(JSONType, default=dict)
    # utterances, metrics, benchmarks, hidden_facts, criteria (the evaluator's scores), strengths, next_step.
    result: Mapped[dict[str, Any]] = mapped_column(JSONType, default=dict)
    # Final scores (overrides applied), kept in columns for the gradebook and averages.
    total_score: Mapped[float | None] = mapped_column(Float, nullable=True)
    original_total_score: Mapped[float | None] = mapped_column(Float, nullable=True)
    max_score: Mapped[float | None] = mapped_column(Float, nullable=True)
    released: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    released_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    # {"criteria": {key: {"score", "comment"}}, "comment"}: the teacher's overrides beside the original scores.
    review: Mapped[dict[str, Any]] = mapped_column(JSONType, default=dict)
    reviewer_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), nullable=True)
    reviewed_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    requested_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), nullable=True)
    evaluated_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
