"""Sign-in and the current user."""

from fastapi import APIRouter, Request

from backend.api.deps import CurrentUser, DbDep, RuntimeDep
from backend.schemas.user import LoginRequest, TokenResponse, UserRead
from backend.services.accounts.sign_in import sign_in

router = APIRouter(prefix="/auth", tags=["auth"])


@router.post("/login", response_model=TokenResponse)
async def login(body: LoginRequest, request: Request, db: DbDep, runtime: RuntimeDep) -> TokenResponse:
    return await sign_in(db, limits=runtime.limits, audit=runtime.audit, settings=runtime.settings, email=body.email,
                         password=body.password, client_ip=request.client.host if request.client else "unknown")


@router.get("/me", response_model=UserRead)
async def me(user: CurrentUser) -> UserRead:
    return UserRead.model_validate(user)
