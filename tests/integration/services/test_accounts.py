"""Accounts on a real database: who may create whom, unique emails, who sees which accounts."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.core.errors import Conflict, Forbidden, Unauthorized
from backend.models.user import User, UserRole
from backend.services.accounts import users
from tests.integration.services.factories import person

LEAK_CHECK_EMAIL = "rolled.back@example.com"


class TestCreate:
    async def test_a_teacher_creates_students_only(self, db: AsyncSession) -> None:
        teacher = await person(db, UserRole.teacher)
        with pytest.raises(Forbidden):
            await users.create(db, actor=teacher, email="t2@example.com", display_name="T", role=UserRole.teacher,
                               password="long-enough-pass")
        made = await users.create(db, actor=teacher, email="New.Student@Example.com", display_name=" Ana ",
                                  role=UserRole.student, password="long-enough-pass")
        assert (made.email, made.display_name) == ("new.student@example.com", "Ana")

    async def test_an_email_is_taken_whatever_its_case(self, db: AsyncSession) -> None:
        await users.create(db, actor=None, email="case@example.com", display_name="A", role=UserRole.student,
                           password="long-enough-pass")
        with pytest.raises(Conflict, match="already exists"):
            await users.create(db, actor=None, email="CASE@example.com", display_name="B", role=UserRole.student,
                               password="long-enough-pass")


class TestAuthenticate:
    async def test_wrong_password_and_unknown_email_read_the_same(self, db: AsyncSession) -> None:
        student = await person(db)
        with pytest.raises(Unauthorized) as wrong:
            await users.authenticate(db, email=student.email, password="not-the-password")
        with pytest.raises(Unauthorized) as unknown:
            await users.authenticate(db, email="nobody@example.com", password="whatever-it-is")
        assert wrong.value.detail == unknown.value.detail

    async def test_a_deactivated_account_cannot_sign_in_and_its_answer_confirms_no_password(
            self, db: AsyncSession) -> None:
        student = await person(db)
        student.is_active = False
        await db.flush()
        with pytest.raises(Unauthorized, match="deactivated") as right:
            await users.authenticate(db, email=student.email, password="correct-horse-battery")
        with pytest.raises(Unauthorized) as wrong:
            await users.authenticate(db, email=student.email, password="a-wrong-guess-here")
        assert right.value.detail == wrong.value.detail


class TestRollback:
    """Each test starts from the migrated, empty database: nothing one test writes is seen by the next."""

    async def test_first_writes(self, db: AsyncSession) -> None:
        await users.create(db, actor=None, email=LEAK_CHECK_EMAIL, display_name="Leak", role=UserRole.student,
                           password="long-enough-pass")
        assert await db.scalar(select(func.count()).select_from(User).where(User.email == LEAK_CHECK_EMAIL)) == 1

    async def test_then_finds_nothing(self, db: AsyncSession) -> None:
        assert await db.scalar(select(func.count()).select_from(User).where(User.email == LEAK_CHECK_EMAIL)) == 0
