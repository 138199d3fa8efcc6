"""Rubrics on a real database: one that has scored a conversation cannot be deleted."""

from __future__ import annotations

import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from backend.core.errors import Conflict
from backend.models.evaluation import Evaluation
from backend.models.user import UserRole
from backend.schemas.rubric import RubricCreate
from backend.services.feedback import rubrics
from tests.integration.services.factories import conversation, person, persona

RUBRIC = RubricCreate.model_validate({"title": "Week 3", "criteria": [
    {"key": "warmth", "title": "Warmth", "weight": 1, "levels": [{"score": 0, "descriptor": "no"},
                                                                  {"score": 2, "descriptor": "yes"}]}]})


async def test_a_rubric_that_scored_a_conversation_is_in_use(db: AsyncSession) -> None:
    teacher, student = await person(db, UserRole.teacher), await person(db)
    rubric = await rubrics.create(db, actor=teacher, data=RUBRIC)
    session = await conversation(db, student, await persona(db, teacher))
    db.add(Evaluation(session_id=session.id, rubric_id=rubric.id, status="ready", provider="offline",
                      model="offline-evaluator", cost_usd=0.0, rubric_snapshot={}, result={}, review={}))
    await db.flush()
    with pytest.raises(Conflict, match=r"in use \(1 evaluation\)"):
        await rubrics.delete(db, actor=teacher, rubric_id=rubric.id)


async def test_an_unused_rubric_is_deleted(db: AsyncSession) -> None:
    teacher = await person(db, UserRole.teacher)
    rubric = await rubrics.create(db, actor=teacher, data=RUBRIC)
    await rubrics.delete(db, actor=teacher, rubric_id=rubric.id)
    assert rubric not in await rubrics.list_for(db, actor=teacher)
