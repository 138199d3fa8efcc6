"""First-run data so a fresh clone has people to sign in as and clients to talk to."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.demo.course import seed_course
from backend.demo.data import DEMO_CLIENTS, DEMO_TEACHER_EMAIL, DEMO_USERS
from backend.models.client import Client
from backend.models.user import User, UserRole
from backend.schemas.client import ClientCreate
from backend.services.accounts import users


async def database_is_empty(db: AsyncSession) -> bool:
    return not await db.scalar(select(func.count()).select_from(User))


async def seed_demo(db: AsyncSession) -> list[dict[str, str]]:
    """Create the demo accounts, sample clients and the demo course; returns the logins to print."""
    created: dict[str, User] = {}
    for entry in DEMO_USERS:
        created[entry["email"]] = await users.create(
            db, actor=None, email=entry["email"], display_name=entry["display_name"],
            role=UserRole(entry["role"]), password=entry["password"],
        )
    teacher = created[DEMO_TEACHER_EMAIL]
    for persona in DEMO_CLIENTS:
        data = ClientCreate.model_validate(persona)
        db.add(Client(owner_id=teacher.id, **data.model_dump()))
    await db.flush()
    students = [user for user in created.values() if user.role == UserRole.student]
    await seed_course(db, teacher=teacher, students=students)
    return [{"email": e["email"], "password": e["password"], "role": e["role"]} for e in DEMO_USERS]
