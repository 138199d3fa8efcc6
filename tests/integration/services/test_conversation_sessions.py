"""Sessions on a real database: who sees a conversation, who may hold it, and ending it."""

from __future__ import annotations

import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from backend.core.errors import Forbidden, NotFound
from backend.models.session import SessionStatus
from backend.models.user import UserRole
from backend.services.conversation import sessions
from tests.integration.services.factories import conversation, person, persona


class TestVisibility:
    async def test_each_role_sees_what_it_should(self, db: AsyncSession) -> None:
        teacher, other_teacher = await person(db, UserRole.teacher), await person(db, UserRole.teacher)
        student, other_student = await person(db), await person(db)
        held = await conversation(db, student, await persona(db, teacher))

        assert (await sessions.read(db, actor=teacher, session_id=held.id)).client_name == "Jordan Ellis"
        assert [s.id for s in await sessions.list_for(db, actor=student)] == [held.id]
        assert await sessions.list_for(db, actor=other_student) == []
        assert await sessions.list_for(db, actor=other_teacher) == []
        with pytest.raises(NotFound):
            await sessions.read(db, actor=other_teacher, session_id=held.id)

    async def test_an_unpublished_client_cannot_be_started_by_a_student(self, db: AsyncSession) -> None:
        teacher, student = await person(db, UserRole.teacher), await person(db)
        draft = await persona(db, teacher, published=False)
        with pytest.raises(NotFound):
            await conversation(db, student, draft)


class TestEnd:
    async def test_ending_twice_keeps_the_first_end_time(self, db: AsyncSession) -> None:
        teacher, student = await person(db, UserRole.teacher), await person(db)
        held = await conversation(db, student, await persona(db, teacher))
        first = await sessions.end(db, actor=student, session_id=held.id)
        again = await sessions.end(db, actor=student, session_id=held.id)
        assert first.status == again.status == SessionStatus.ended
        assert again.ended_at == first.ended_at

    async def test_only_the_holder_ends_it(self, db: AsyncSession) -> None:
        teacher, student = await person(db, UserRole.teacher), await person(db)
        held = await conversation(db, student, await persona(db, teacher))
        with pytest.raises(Forbidden):
            await sessions.end(db, actor=teacher, session_id=held.id)
