"""Small builders for service tests: people, personas and sessions, flushed into the test's transaction."""

from __future__ import annotations

import uuid

from sqlalchemy.ext.asyncio import AsyncSession

from backend.models.client import Client
from backend.models.user import User, UserRole
from backend.schemas.client import ClientCreate
from backend.schemas.session import SessionRead
from backend.services.accounts import users
from backend.services.conversation import sessions
from tests.support.api import PERSONA


async def person(db: AsyncSession, role: UserRole = UserRole.student, name: str = "Sam Student") -> User:
    email = f"{role.value}.{uuid.uuid4().hex[:8]}@example.com"
    return await users.create(db, actor=None, email=email, display_name=name, role=role,
                              password="correct-horse-battery")


async def persona(db: AsyncSession, owner: User, *, published: bool = True, **changes: object) -> Client:
    client = Client(owner_id=owner.id, **ClientCreate.model_validate({**PERSONA, **changes,
                                                                       "is_published": published}).model_dump())
    db.add(client)
    await db.flush()
    return client


async def conversation(db: AsyncSession, student: User, client: Client) -> SessionRead:
    return await sessions.start(db, actor=student, client_id=client.id, provider="offline",
                                model="offline-simulator")
