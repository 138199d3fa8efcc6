"""A conversation between one user and one client, with a frozen persona snapshot and running totals."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

from sqlalchemy import Enum, Float, ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from backend.models.base import Base, JSONType, utcnow
from backend.models.types import UTCDateTime


class SessionMode(enum.StrEnum):
    practice = "practice"
    test = "test"


class SessionStatus(enum.StrEnum):
    active = "active"
    ended = "ended"


class PracticeSession(Base):
    __tablename__ = "sessions"
    __table_args__ = (
        Index("ix_sessions_user_id_started_at", "user_id", "started_at"),
        Index("ix_sessions_client_id_started_at", "client_id", "started_at"),
        Index("ix_sessions_status_started_at", "status", "started_at"),
        # The admin's newest-first list of every session.
        Index("ix_sessions_started_at_id", "started_at", "id"),
        # Attempt numbers are unique per student and assignment (two racing starts cannot both be attempt 2);
        # the index also serves the progress grid and the gradebook, which read sessions by assignment.
        UniqueConstraint("assignment_id", "user_id", "attempt_number"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("clients.id", ondelete="RESTRICT"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"))
    # Set when the session is an attempt at an assignment; free practice and teachers' tests have none.
    assignment_id: Mapped[int | None] = mapped_column(ForeignKey("assignments.id", ondelete="RESTRICT"),
                                                      nullable=True)
    attempt_number: Mapped[int | None] = mapped_column(Integer, nullable=True)
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    mode: Mapped[SessionMode] = mapped_column(Enum(SessionMode, name="session_mode", native_enum=False, length=16))
    status: Mapped[SessionStatus] = mapped_column(
        Enum(SessionStatus, name="session_status", native_enum=False, length=16), default=SessionStatus.active
    )
    started_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    persona_snapshot: Mapped[dict[str, Any]] = mapped_column(JSONType)
    provider: Mapped[str] = mapped_column(String(40))
    model: Mapped[str] = mapped_column(String(80))
    message_count: Mapped[int] = mapped_column(Integer, default=0)
    # The student's own messages, counted as they are stored: what an assignment's min_turns asks for.
    student_turns: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    input_tokens: Mapped[int] = mapped_column(Integer, default=0)
    output_tokens: Mapped[int] = mapped_column(Integer, default=0)
    cache_creation_tokens: Mapped[int] = mapped_column(Integer, default=0)
    cache_read_tokens: Mapped[int] = mapped_column(Integer, default=0)
    cost_usd: Mapped[float] = mapped_column(Float, default=0.0)
    last_activity_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    # The client's trust and what has come out (backend/interviewing/trust.py); None until the first reply.
    disclosure: Mapped[dict[str, Any] | None] = mapped_column(JSONType, nullable=True)
