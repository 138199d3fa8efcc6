"""A teacher's class for one term: the students enrolled in it and the assignments given to them."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from backend.models.base import Base, TimestampMixin
from backend.models.types import UTCDateTime


class Section(TimestampMixin, Base):
    __tablename__ = "sections"

    id: Mapped[int] = mapped_column(primary_key=True)
    teacher_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    course_code: Mapped[str] = mapped_column(String(40), default="")
    term: Mapped[str] = mapped_column(String(60), default="")
    description: Mapped[str] = mapped_column(Text, default="")
    # Deleting archives: enrollments, assignments and the sessions held for them stay on record.
    archived_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
