"""LTI 1.3: the platforms (LMSs) an admin registered, and the tool's own signing keys."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Boolean, String, Text, UniqueConstraint, false
from sqlalchemy.orm import Mapped, mapped_column

from backend.models.base import Base, JSONType, TimestampMixin
from backend.models.types import UTCDateTime


class LtiPlatform(TimestampMixin, Base):
    __tablename__ = "lti_platforms"
    __table_args__ = (UniqueConstraint("issuer", "client_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    issuer: Mapped[str] = mapped_column(String(500))
    client_id: Mapped[str] = mapped_column(String(255))
    deployment_ids: Mapped[list[str]] = mapped_column(JSONType, default=list)
    auth_login_url: Mapped[str] = mapped_column(String(1000))
    auth_token_url: Mapped[str] = mapped_column(String(1000))
    keyset_url: Mapped[str] = mapped_column(String(1000))
    # Link a launch to an existing account with the same (LMS-verified) email; off unless an admin allows it.
    link_by_email: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    last_launch_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    last_roster_sync_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    last_roster_sync: Mapped[dict[str, Any] | None] = mapped_column(JSONType, nullable=True)
    last_score_send_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    last_score_send: Mapped[str | None] = mapped_column(Text, nullable=True)


class LtiKey(Base):
    """An RS256 key pair; the newest signs, retired ones stay published until no platform can still hold
    something they signed."""

    __tablename__ = "lti_keys"

    id: Mapped[int] = mapped_column(primary_key=True)
    kid: Mapped[str] = mapped_column(String(64), unique=True)
    private_pem: Mapped[str] = mapped_column(Text)
    public_jwk: Mapped[dict[str, Any]] = mapped_column(JSONType)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    retired_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
