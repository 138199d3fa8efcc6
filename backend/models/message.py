"""One line of a transcript; `sequence` is gap-free per session and allocated from the session row."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

from sqlalchemy import Boolean, Enum, Float, ForeignKey, Index, Integer, Text, UniqueConstraint, false, text
from sqlalchemy.orm import Mapped, mapped_column

from backend.models.base import Base, JSONType, utcnow
from backend.models.types import UTCDateTime


class MessageRole(enum.StrEnum):
    user = "user"
    assistant = "assistant"


class Message(Base):
    __tablename__ = "messages"
    __table_args__ = (
        UniqueConstraint("session_id", "sequence"),
        # Fallback replies are rare: a partial index lets the dashboard count today's without a full scan.
        Index("ix_messages_fallback_created_at", "created_at",
              postgresql_where=text("is_fallback"), sqlite_where=text("is_fallback")),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("sessions.id", ondelete="CASCADE"))
    sequence: Mapped[int] = mapped_column(Integer)
    role: Mapped[MessageRole] = mapped_column(Enum(MessageRole, name="message_role", native_enum=False, length=16))
    content: Mapped[str] = mapped_column(Text)
    input_tokens: Mapped[int] = mapped_column(Integer, default=0)
    output_tokens: Mapped[int] = mapped_column(Integer, default=0)
    cache_creation_tokens: Mapped[int] = mapped_column(Integer, default=0)
    cache_read_tokens: Mapped[int] = mapped_column(Integer, default=0)
    cost_usd: Mapped[float] = mapped_column(Float, default=0.0)
    latency_ms: Mapped[int | None] = mapped_column(Integer, nullable=True)
    is_fallback: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    provider: Mapped[str | None] = mapped_column(Text, nullable=True)
    # The provider reported no usage for this reply: its tokens and cost are our estimate.
    usage_estimated: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    # On a client's reply: that turn of the trust trajectory (trust, the student's move, what came out).
    disclosure: Mapped[dict[str, Any] | None] = mapped_column(JSONType, nullable=True)
