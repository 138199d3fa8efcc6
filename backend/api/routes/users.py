"""Accounts: admins create anyone, teachers create students."""

from fastapi import APIRouter, Query, Response, status

from backend.api.deps import DbDep, StaffUser
from backend.api.params import NO_NUL
from backend.schemas.user import UserCreate, UserRead
from backend.services.accounts import users

router = APIRouter(prefix="/users", tags=["users"])
PAGE = 1000


@router.post("", response_model=UserRead, status_code=status.HTTP_201_CREATED)
async def create_user(body: UserCreate, actor: StaffUser, db: DbDep) -> UserRead:
    user = await users.create(
        db, actor=actor, email=body.email, display_name=body.display_name, role=body.role, password=body.password
    )
    return UserRead.model_validate(user)


@router.get("", response_model=list[UserRead])
async def list_users(actor: StaffUser, db: DbDep, response: Response,
                     limit: int = Query(PAGE, ge=1, le=PAGE), cursor: str | None = Query(None, max_length=600,
                                                                                         pattern=NO_NUL)
                     ) -> list[UserRead]:
    """A page of accounts in (role, name) order; a full page carries `X-Next-Cursor` for the one after it."""
    found = await users.list_visible(db, actor=actor, limit=limit, cursor=cursor)
    if len(found) == limit:
        response.headers["X-Next-Cursor"] = users.page_cursor(found[-1])
    return [UserRead.model_validate(user) for user in found]
