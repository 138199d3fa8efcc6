"""Signing in and out, changing one's password, and the current user."""

from fastapi import APIRouter, Request, Response, status

from backend.api.deps import CurrentUser, DbDep, RuntimeDep, SignedIn
from backend.schemas.user import LoginRequest, PasswordChange, TokenResponse, UserRead
from backend.services.accounts.sign_in import change_password, sign_in, sign_out

router = APIRouter(prefix="/auth", tags=["auth"])


def _address(request: Request) -> str:
    return request.client.host if request.client else "unknown"


@router.post("/login", response_model=TokenResponse)
async def login(body: LoginRequest, request: Request, db: DbDep, runtime: RuntimeDep) -> TokenResponse:
    return await sign_in(db, limits=runtime.limits, audit=runtime.audit, settings=runtime.settings, email=body.email,
                         password=body.password, client_ip=_address(request))


@router.post("/logout", status_code=status.HTTP_204_NO_CONTENT)
async def logout(claims: SignedIn, runtime: RuntimeDep) -> Response:
    """Ends the sign-in this token belongs to (other devices stay signed in)."""
    await sign_out(runtime.state_store, claims)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.post("/password", response_model=TokenResponse)
async def password(body: PasswordChange, request: Request, user: CurrentUser, db: DbDep,
                   runtime: RuntimeDep) -> TokenResponse:
    """Change one's password: every other sign-in ends; the answer carries this device's new token."""
    return await change_password(db, user=user, limits=runtime.limits, audit=runtime.audit, settings=runtime.settings,
                                 current=body.current_password, new=body.new_password, client_ip=_address(request))


@router.get("/me", response_model=UserRead)
async def me(user: CurrentUser) -> UserRead:
    return UserRead.model_validate(user)
