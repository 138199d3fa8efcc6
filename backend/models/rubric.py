"""Rubrics: the criteria a conversation is scored on, each with a weight and described levels."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Boolean, ForeignKey, String, Text, false
from sqlalchemy.orm import Mapped, mapped_column

from backend.models.base import Base, JSONType, TimestampMixin
from backend.models.types import UTCDateTime


class Rubric(TimestampMixin, Base):
    __tablename__ = "rubrics"

    id: Mapped[int] = mapped_column(primary_key=True)
    # None for the platform's shared rubrics (the seeded default); else the teacher who wrote it.
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="", server_default="")
    # [{"key", "title", "description", "weight", "levels": [{"score", "descriptor"}]}]; weights sum to 1.
    criteria: Mapped[list[dict[str, Any]]] = mapped_column(JSONType, default=list)
    # The rubric free practice (and an assignment without one) is scored on; exactly one row has it.
    is_default: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    archived_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
