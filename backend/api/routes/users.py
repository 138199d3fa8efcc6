"""Accounts: admins create anyone, teachers create students."""

from fastapi import APIRouter, status

from backend.api.deps import DbDep, StaffUser
from backend.schemas.user import UserCreate, UserRead
from backend.services.accounts import users

router = APIRouter(prefix="/users", tags=["users"])


@router.post("", response_model=UserRead, status_code=status.HTTP_201_CREATED)
async def create_user(body: UserCreate, actor: StaffUser, db: DbDep) -> UserRead:
    user = await users.create(
        db, actor=actor, email=body.email, display_name=body.display_name, role=body.role, password=body.password
    )
    return UserRead.model_validate(user)


@router.get("", response_model=list[UserRead])
async def list_users(actor: StaffUser, db: DbDep) -> list[UserRead]:
    return [UserRead.model_validate(user) for user in await users.list_visible(db, actor=actor)]
