"""Spending caps on a real database: they refuse new turns with a reason and say when they reset."""

from __future__ import annotations

import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from backend.core.config import Settings
from backend.core.errors import BudgetExceeded, Conflict
from backend.llm.base import TokenUsage
from backend.services.spend import costs
from backend.services.spend.ledger import record_llm_call
from tests.integration.services.factories import person

SETTINGS = Settings(VC_ALERT_SESSION_USD=0.05, VC_ALERT_USER_DAY_USD=1.0, VC_ALERT_PLATFORM_DAY_USD=100.0,
                    VC_CAP_USER_DAY_USD=0.02)


async def _spend(db: AsyncSession, user_id: int | None, cost: float) -> None:
    await record_llm_call(await db.connection(), session_id=None, user_id=user_id, teacher_id=None,
                          provider="anthropic", model="claude-haiku-4-5", usage=TokenUsage(input_tokens=10),
                          cost_usd=cost, latency_ms=5, outcome="ok")


class TestCaps:
    async def test_someone_elses_spend_does_not_count_against_a_person(self, db: AsyncSession) -> None:
        student, other = await person(db), await person(db)
        await _spend(db, other.id, 0.03)
        await costs.enforce_caps(await db.connection(), SETTINGS, session_cost=0.0, user_id=student.id)

    async def test_the_session_cap_says_to_start_a_new_session(self, db: AsyncSession) -> None:
        settings = Settings(VC_CAP_SESSION_USD=0.10)
        with pytest.raises(Conflict, match="start a new session"):
            await costs.enforce_caps(await db.connection(), settings, session_cost=0.10, user_id=1)

    async def test_a_persons_own_spend_reaches_the_daily_cap_and_says_when_it_resets(self, db: AsyncSession) -> None:
        student = await person(db)
        await _spend(db, student.id, 0.025)
        with pytest.raises(BudgetExceeded, match="resets at midnight UTC") as refused:
            await costs.enforce_caps(await db.connection(), SETTINGS, session_cost=0.0, user_id=student.id)
        assert int(refused.value.headers["Retry-After"]) > 0
