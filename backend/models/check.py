"""A persona check: a battery of scripted probes run against a client before it is published."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Boolean, Float, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from backend.models.base import Base, JSONType, utcnow
from backend.models.types import UTCDateTime


class PersonaCheck(Base):
    __tablename__ = "persona_checks"
    __table_args__ = (Index("ix_persona_checks_client_id_created_at", "client_id", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("clients.id", ondelete="CASCADE"))
    requested_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), nullable=True)
    provider: Mapped[str] = mapped_column(String(40))
    model: Mapped[str] = mapped_column(String(80))
    # The worst probe's verdict: pass, warn or fail.
    verdict: Mapped[str] = mapped_column(String(8))
    # Whether a judge model read the replies besides the rules (providers that answer structured requests).
    judged: Mapped[bool] = mapped_column(Boolean, default=False)
    # One entry per probe: its key, title, verdict, reasons and the throwaway conversation.
    probes: Mapped[list[dict[str, Any]]] = mapped_column(JSONType, default=list)
    # The client's last edit when it was checked, so the app can say the check is out of date.
    persona_updated_at: Mapped[datetime] = mapped_column(UTCDateTime())
    cost_usd: Mapped[float] = mapped_column(Float, default=0.0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
