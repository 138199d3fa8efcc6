"""Small builders for service tests: people, personas, sessions and courses, flushed into the test's transaction."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.models.assignment import Assignment
from backend.models.client import Client
from backend.models.enrollment import SectionEnrollment
from backend.models.section import Section
from backend.models.session import PracticeSession, SessionMode, SessionStatus
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


async def section(db: AsyncSession, teacher: User, *students: User) -> Section:
    made = Section(teacher_id=teacher.id, name="SWK 501 — Interviewing Skills", course_code="SWK 501")
    db.add(made)
    await db.flush()
    db.add_all(SectionEnrollment(section_id=made.id, student_id=s.id) for s in students)
    await db.flush()
    return made


async def assignment(db: AsyncSession, where: Section, client: Client, **rules: object) -> Assignment:
    made = Assignment(section_id=where.id, client_id=client.id, title=str(rules.pop("title", "First interview")),
                      instructions="", **{"min_turns": 0, **rules})
    db.add(made)
    await db.flush()
    return made


async def attempt(db: AsyncSession, student: User, given: Assignment, *, submitted_at: datetime | None = None,
                  active: bool = False, turns: int = 3) -> PracticeSession:
    """An attempt as it would be stored after the student talked (and maybe submitted), at any moment."""
    number = 1 + len(list(await db.scalars(select(PracticeSession.id).where(
        PracticeSession.assignment_id == given.id, PracticeSession.user_id == student.id))))
    session = PracticeSession(
        client_id=given.client_id, user_id=student.id, mode=SessionMode.practice,
        status=SessionStatus.active if active else SessionStatus.ended, persona_snapshot={}, provider="offline",
        model="offline-simulator", assignment_id=given.id, attempt_number=number, submitted_at=submitted_at,
        student_turns=turns, message_count=2 * turns)
    db.add(session)
    await db.flush()
    return session
