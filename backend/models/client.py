"""Virtual clients: the personas teachers write and students interview."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Integer, String, Text, false
from sqlalchemy.orm import Mapped, mapped_column

from backend.models.base import Base, JSONType, TimestampMixin
from backend.models.types import UTCDateTime


class Client(TimestampMixin, Base):
    __tablename__ = "clients"

    id: Mapped[int] = mapped_column(primary_key=True)
    owner_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"), index=True)
    name: Mapped[str] = mapped_column(String(120))
    age: Mapped[int] = mapped_column(Integer)
    gender: Mapped[str] = mapped_column(String(200), default="")
    pronouns: Mapped[str] = mapped_column(String(200), default="")
    race_ethnicity: Mapped[str] = mapped_column(String(200), default="")
    socioeconomic_status: Mapped[str] = mapped_column(String(200), default="")
    student_brief: Mapped[str] = mapped_column(Text, default="")
    issues: Mapped[list[str]] = mapped_column(JSONType, default=list)
    presenting_problem: Mapped[str] = mapped_column(Text, default="")
    background_story: Mapped[str] = mapped_column(Text, default="")
    personality_traits: Mapped[list[str]] = mapped_column(JSONType, default=list)
    communication_style: Mapped[str] = mapped_column(Text, default="")
    emotional_state: Mapped[str] = mapped_column(Text, default="")
    difficulty: Mapped[int] = mapped_column(Integer, default=3)
    # What the client keeps back until it is earned: [{"fact": ..., "unlock": what earns it}].
    hidden_facts: Mapped[list[dict[str, str]]] = mapped_column(JSONType, default=list)
    risk_factors: Mapped[str] = mapped_column(Text, default="")
    goals: Mapped[str] = mapped_column(Text, default="")
    cultural_context: Mapped[str] = mapped_column(Text, default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    # The client's inner life (Patient-Ψ): shapes replies, never recited; the style sets how long they run.
    core_belief: Mapped[str] = mapped_column(Text, default="", server_default="")
    coping_strategies: Mapped[list[str]] = mapped_column(JSONType, default=list)
    automatic_thought: Mapped[str] = mapped_column(Text, default="", server_default="")
    conversational_style: Mapped[str] = mapped_column(String(20), default="", server_default="")
    is_published: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false(), index=True)
    # Deleting archives: past sessions keep their transcripts and persona snapshots.
    archived_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
