"""Signing in: throttled per email and address, then a signed, expiring access token."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from backend.core.config import Settings
from backend.core.errors import Unauthorized
from backend.core.rate_limits import RateLimits
from backend.core.request_audit import AuditEntry, RequestAudit, masked_email
from backend.core.security import create_access_token
from backend.schemas.user import TokenResponse, UserRead
from backend.services.accounts import users


async def sign_in(db: AsyncSession, *, limits: RateLimits, audit: RequestAudit, settings: Settings, email: str,
                  password: str, client_ip: str) -> TokenResponse:
    """Failed attempts count against this email and address; a success clears them; a lock-out is logged."""
    await limits.check_login(email, client_ip)
    try:
        user = await users.authenticate(db, email=email, password=password)
    except Unauthorized:
        if await limits.record_login_failure(email, client_ip):
            audit.event(AuditEntry(
                source="auth", kind="sign_in_locked",
                message=f"Sign-in locked for {masked_email(email)} from {client_ip} after "
                        f"{limits.login_attempts} failed attempts",
                context={"account": masked_email(email), "address": client_ip,
                         "attempts": limits.login_attempts, "window_s": limits.login_window_s},
            ))
        raise
    await limits.clear_login_failures(email, client_ip)
    token, expires_at = create_access_token(
        user_id=user.id, role=user.role.value, secret=settings.secret_key, minutes=settings.access_token_minutes,
    )
    return TokenResponse(access_token=token, expires_at=expires_at, user=UserRead.model_validate(user))
