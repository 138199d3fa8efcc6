"""Sign-in and the current user."""

from fastapi import APIRouter, Request

from backend.api.deps import CurrentUser, DbDep, RuntimeDep
from backend.core.errors import Unauthorized
from backend.core.security import create_access_token
from backend.schemas.user import LoginRequest, TokenResponse, UserRead
from backend.services.accounts import users

router = APIRouter(prefix="/auth", tags=["auth"])


@router.post("/login", response_model=TokenResponse)
async def login(body: LoginRequest, request: Request, db: DbDep, runtime: RuntimeDep) -> TokenResponse:
    client_ip = request.client.host if request.client else "unknown"
    await runtime.limits.check_login(body.email, client_ip)
    try:
        user = await users.authenticate(db, email=body.email, password=body.password)
    except Unauthorized:
        await runtime.limits.record_login_failure(body.email, client_ip)
        raise
    await runtime.limits.clear_login_failures(body.email, client_ip)
    token, expires_at = create_access_token(
        user_id=user.id, role=user.role.value, secret=runtime.settings.secret_key,
        minutes=runtime.settings.access_token_minutes,
    )
    return TokenResponse(access_token=token, expires_at=expires_at, user=UserRead.model_validate(user))


@router.get("/me", response_model=UserRead)
async def me(user: CurrentUser) -> UserRead:
    return UserRead.model_validate(user)
