"""Account shapes: sign-in, the current user, and accounts created by admins and teachers."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from pydantic import EmailStr, Field, field_validator

from backend.models.user import UserRole
from backend.schemas.base import Schema


class LoginRequest(Schema):
    email: Annotated[str, Field(min_length=3, max_length=254)]
    password: Annotated[str, Field(min_length=1, max_length=256)]


class UserRead(Schema):
    id: int
    email: str
    display_name: str
    role: UserRole
    is_active: bool
    temporary_sign_in: bool = Field(False, description="Signed in with a temporary password: choose one now")
    created_at: datetime


class TokenResponse(Schema):
    access_token: str
    token_type: str = "bearer"
    expires_at: datetime
    user: UserRead


class UserCreate(Schema):
    email: EmailStr
    display_name: Annotated[str, Field(min_length=1, max_length=120)]
    role: UserRole = UserRole.student
    password: Annotated[str, Field(min_length=10, max_length=256, description="At least 10 characters")]

    @field_validator("email", mode="after")
    @classmethod
    def _lower(cls, value: str) -> str:
        return value.lower()


class PasswordChange(Schema):
    current_password: Annotated[str, Field(min_length=1, max_length=256)]
    new_password: Annotated[str, Field(min_length=10, max_length=256, description="At least 10 characters")]
