"""Signing in and out: throttled per email and address and per address alone, then a signed, revocable token."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from backend.core.config import Settings
from backend.core.db import release_slot_early
from backend.core.errors import InvalidInput, Unauthorized
from backend.core.rate_limits import RateLimits
from backend.core.request_audit import AuditEntry, RequestAudit, masked_email
from backend.core.security import TokenClaims, create_access_token, hash_password
from backend.core.state_store import StateStore
from backend.models.base import utcnow
from backend.models.user import User
from backend.schemas.user import TokenResponse, UserRead
from backend.services.accounts import users

SIGNED_OUT = "This sign-in has ended (signed out, or the password was changed). Please sign in again."
WRONG_CURRENT = "Your current password is not right, so the password was not changed."


def revoked_key(token_id: str) -> str:
    return f"revoked-token:{token_id}"


def issue(user: User, settings: Settings) -> TokenResponse:
    token, expires_at = create_access_token(
        user_id=user.id, role=user.role.value, secret=settings.secret_key, minutes=settings.access_token_minutes,
        version=user.token_version,
    )
    return TokenResponse(access_token=token, expires_at=expires_at, user=UserRead.model_validate(user))


async def _failed(limits: RateLimits, audit: RequestAudit, email: str, client_ip: str) -> None:
    if await limits.record_login_failure(email, client_ip):
        audit.event(AuditEntry(
            source="auth", kind="sign_in_locked",
            message=f"Sign-in locked for {masked_email(email)} from {client_ip} after "
                    f"{limits.login_attempts} failed attempts",
            context={"account": masked_email(email), "address": client_ip,
                     "attempts": limits.login_attempts, "window_s": limits.login_window_s},
        ))


async def sign_in(db: AsyncSession, *, limits: RateLimits, audit: RequestAudit, settings: Settings, email: str,
                  password: str, client_ip: str) -> TokenResponse:
    """Failed attempts count against this email and address, and this address alone; a success clears the first."""
    await limits.check_login(email, client_ip)
    user = await users.get_by_email(db, email)
    await db.commit()
    release_slot_early(db)  # the hash may queue behind others: no database connection is held meanwhile
    if not await users.password_matches(user, password) or user is None or not user.is_active:
        await _failed(limits, audit, email, client_ip)
        raise Unauthorized(users.NO_MATCH)
    await limits.clear_login_failures(email, client_ip)
    return issue(user, settings)


async def sign_out(store: StateStore, claims: TokenClaims) -> None:
    """This token stops working now; the account's other sign-ins go on."""
    remaining = (claims.expires_at - utcnow()).total_seconds()
    if claims.token_id and remaining > 0:
        await store.set_if_absent(revoked_key(claims.token_id), "1", remaining + 60)


async def change_password(db: AsyncSession, *, user: User, limits: RateLimits, audit: RequestAudit,
                          settings: Settings, current: str, new: str, client_ip: str) -> TokenResponse:
    """Checked like a sign-in; every token signed before ends (the token version moves on), a new one is issued."""
    await limits.check_login(user.email, client_ip)
    if not await users.password_matches(user, current):
        await _failed(limits, audit, user.email, client_ip)
        raise InvalidInput(WRONG_CURRENT)
    if new == current:
        raise InvalidInput("Choose a new password that differs from the current one.")
    user.password_hash = await hash_password(new)
    user.token_version += 1
    user.must_change_password = False
    await db.flush()
    await limits.clear_login_failures(user.email, client_ip)
    return issue(user, settings)
