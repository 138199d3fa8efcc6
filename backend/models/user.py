"""People who sign in: admins, teachers and students."""

from __future__ import annotations

import enum

from sqlalchemy import Boolean, Enum, ForeignKey, Integer, String, false, true
from sqlalchemy.orm import Mapped, mapped_column

from backend.models.base import Base, TimestampMixin


class UserRole(enum.StrEnum):
    admin = "admin"
    teacher = "teacher"
    student = "student"


class User(TimestampMixin, Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    # Stored lower-cased, so the unique index makes email unique case-insensitively on every database.
    email: Mapped[str] = mapped_column(String(254), unique=True, index=True)
    display_name: Mapped[str] = mapped_column(String(120))
    role: Mapped[UserRole] = mapped_column(Enum(UserRole, name="user_role", native_enum=False, length=16))
    password_hash: Mapped[str] = mapped_column(String(255))
    is_active: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())
    # Who made the account (a teacher lists the students they created or enrolled); None for seeded accounts.
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), nullable=True,
                                                      index=True)
    # Bumped by a password change: every token signed with an older version stops working at once.
    token_version: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    # A temporary password (roster import) works for one purpose: choosing a real one.
    must_change_password: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())

    @property
    def temporary_sign_in(self) -> bool:
        """Signed in with a temporary password: the apps ask for a new one first."""
        return self.must_change_password
