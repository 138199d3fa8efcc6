"""A student's place in a section; removing them clears the flag and keeps their sessions and history."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Index, UniqueConstraint, true
from sqlalchemy.orm import Mapped, mapped_column

from backend.models.base import Base, utcnow
from backend.models.types import UTCDateTime


class SectionEnrollment(Base):
    __tablename__ = "section_enrollments"
    __table_args__ = (
        # One row per student and section (re-enrolling reactivates it); its index serves the roster too.
        UniqueConstraint("section_id", "student_id"),
        Index("ix_section_enrollments_student_id_is_active", "student_id", "is_active"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    section_id: Mapped[int] = mapped_column(ForeignKey("sections.id", ondelete="CASCADE"))
    student_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"))
    enrolled_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    is_active: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())
    removed_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
