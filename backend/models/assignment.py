"""A client given to a section to interview, with instructions, an open window and attempt rules."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import Boolean, ForeignKey, Integer, String, Text, false, true
from sqlalchemy.orm import Mapped, mapped_column

from backend.models.base import Base, TimestampMixin
from backend.models.types import UTCDateTime


class FeedbackRelease(StrEnum):
    """When a student sees the rubric scores of their attempts: at once, or once the teacher releases them."""

    immediate = "immediate"
    after_review = "after_review"


class Assignment(TimestampMixin, Base):
    __tablename__ = "assignments"

    id: Mapped[int] = mapped_column(primary_key=True)
    section_id: Mapped[int] = mapped_column(ForeignKey("sections.id", ondelete="CASCADE"), index=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("clients.id", ondelete="RESTRICT"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    instructions: Mapped[str] = mapped_column(Text, default="")
    opens_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    due_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    max_attempts: Mapped[int | None] = mapped_column(Integer, nullable=True)  # None: unlimited
    # Student messages a session needs before it can be submitted.
    min_turns: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    allow_late: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    is_published: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())
    # The rubric its attempts are scored on (None: the default rubric); a rubric in use cannot be deleted.
    rubric_id: Mapped[int | None] = mapped_column(ForeignKey("rubrics.id", ondelete="RESTRICT"), nullable=True,
                                                  index=True)
    feedback_release: Mapped[str] = mapped_column(String(16), default=FeedbackRelease.immediate,
                                                  server_default=FeedbackRelease.immediate.value)
    # Deleting archives: the sessions held for it keep their link and transcripts.
    archived_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
