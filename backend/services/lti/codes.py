"""One-time sign-in codes: the launch hands the app a code (60 s, one use), never a token in a URL."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from sqlalchemy import delete, update
from sqlalchemy.ext.asyncio import AsyncSession

from backend.core.config import Settings
from backend.core.errors import Unauthorized
from backend.core.security import create_access_token
from backend.models.base import utcnow
from backend.models.lti_launch import LtiCode
from backend.models.user import User
from backend.schemas.user import TokenResponse, UserRead

CODE_LIFETIME = timedelta(seconds=60)


def _hash(code: str) -> str:
    return hashlib.sha256(code.encode()).hexdigest()


async def issue(db: AsyncSession, *, user_id: int) -> str:
    """Only the code's hash is stored: a database read cannot sign anyone in."""
    now = utcnow()
    await db.execute(delete(LtiCode).where(LtiCode.expires_at < now - timedelta(hours=1)))
    code = secrets.token_urlsafe(32)
    db.add(LtiCode(code_hash=_hash(code), user_id=user_id, expires_at=now + CODE_LIFETIME))
    await db.flush()
    return code


async def exchange(db: AsyncSession, *, settings: Settings, code: str) -> TokenResponse:
    """POST /auth/lti-code: answers exactly as a password sign-in does, once per code."""
    now = utcnow()
    spent = await db.execute(update(LtiCode).where(LtiCode.code_hash == _hash(code), LtiCode.used_at.is_(None),
                                                   LtiCode.expires_at > now)
                             .values(used_at=now).returning(LtiCode.user_id))
    user_id = spent.scalar_one_or_none()
    user = await db.get(User, user_id) if user_id is not None else None
    if user is None or not user.is_active:
        raise Unauthorized("This sign-in link has expired or was already used. Open the tool again from your course.")
    token, expires_at = create_access_token(user_id=user.id, role=user.role.value, secret=settings.secret_key,
                                            minutes=settings.access_token_minutes)
    return TokenResponse(access_token=token, expires_at=expires_at, user=UserRead.model_validate(user))
