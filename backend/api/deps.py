"""Every dependency as an Annotated alias: the runtime, the request's transaction, and who is calling."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy.ext.asyncio import AsyncSession

from backend.core.db import session_scope
from backend.core.errors import Forbidden, PasswordChangeRequired, Unauthorized
from backend.core.security import TokenClaims, decode_token_claims
from backend.models.user import User, UserRole
from backend.runtime import Runtime
from backend.services.accounts.sign_in import SIGNED_OUT, revoked_key

bearer = HTTPBearer(auto_error=False, description="The access_token from POST /api/v1/auth/login")


def get_runtime(request: Request) -> Runtime:
    return request.app.state.runtime


RuntimeDep = Annotated[Runtime, Depends(get_runtime)]


async def get_db(runtime: RuntimeDep) -> AsyncIterator[AsyncSession]:
    async for session in session_scope(runtime.session_factory, runtime.db_gate):
        yield session


# "function" scope: the transaction commits before the response leaves, so a client that acts on a 201 at
# once (the next request) always finds what it just created.
DbDep = Annotated[AsyncSession, Depends(get_db, scope="function")]


async def get_signed_in(
    runtime: RuntimeDep, credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)]
) -> TokenClaims:
    """What the access token says, without a database read (the turn checks the account in its own read); a
    token signed out is refused here."""
    if credentials is None:
        raise Unauthorized("Sign in first: this request needs an access token (Authorization: Bearer ...).")
    claims = decode_token_claims(credentials.credentials, secret=runtime.settings.secret_key)
    if claims is None:
        raise Unauthorized("Your sign-in has expired or is not valid. Please sign in again.")
    if claims.token_id and await runtime.state_store.get(revoked_key(claims.token_id)) is not None:
        raise Unauthorized(SIGNED_OUT)
    return claims


SignedIn = Annotated[TokenClaims, Depends(get_signed_in)]


# What an account signed in with a temporary password may do: see who it is, choose its password, sign out.
BEFORE_NEW_PASSWORD = ("/auth/me", "/auth/password", "/auth/logout")


async def get_current_user(claims: SignedIn, db: DbDep, request: Request) -> User:
    user = await db.get(User, claims.user_id)
    if user is None or not user.is_active:
        raise Unauthorized("Your account is not active any more. Please sign in again.")
    if user.token_version != claims.version:
        raise Unauthorized(SIGNED_OUT)
    if user.must_change_password and not request.url.path.endswith(BEFORE_NEW_PASSWORD):
        raise PasswordChangeRequired("You signed in with a temporary password: choose your own password first "
                                     "(POST /auth/password).")
    return user


CurrentUser = Annotated[User, Depends(get_current_user)]


def require_roles(*roles: UserRole):  # type: ignore[no-untyped-def]
    async def _check(user: CurrentUser) -> User:
        if user.role not in roles:
            names = " or ".join(role.value for role in roles)
            raise Forbidden(f"This page is for {names} accounts; you are signed in as a {user.role.value}.")
        return user

    return _check


StaffUser = Annotated[User, Depends(require_roles(UserRole.teacher, UserRole.admin))]
AdminUser = Annotated[User, Depends(require_roles(UserRole.admin))]


async def get_is_admin(
    runtime: RuntimeDep, credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)]
) -> bool:
    """For public routes that tell admins more: never refuses, and reads nothing without a token."""
    if credentials is None:
        return False
    try:
        claims = await get_signed_in(runtime, credentials)
        async with runtime.session_factory() as db:
            user = await db.get(User, claims.user_id)
    except Exception:  # a bad token or a database that is away: the public answer
        return False
    return (user is not None and user.is_active and user.role == UserRole.admin
            and user.token_version == claims.version)


IsAdmin = Annotated[bool, Depends(get_is_admin)]
