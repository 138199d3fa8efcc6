"""Spend against thresholds: alerts that fire once per subject, and optional hard caps that refuse new turns."""

from __future__ import annotations

import time
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession

from backend.core.config import Settings
from backend.core.errors import BudgetExceeded, Conflict
from backend.models.base import utcnow
from backend.models.ledger import LLMCall

Executor = AsyncConnection | AsyncSession


def _user_day_total(user_id: int, day: date) -> Select[Any]:
    return select(func.coalesce(func.sum(LLMCall.cost_usd), 0.0)).where(LLMCall.user_id == user_id, LLMCall.day == day)


def _platform_day_total(day: date) -> Select[Any]:
    return select(func.coalesce(func.sum(LLMCall.cost_usd), 0.0)).where(LLMCall.day == day)


async def user_day_cost(db: Executor, user_id: int, day: date) -> float:
    return float(await db.scalar(_user_day_total(user_id, day)) or 0.0)


async def platform_day_cost(db: Executor, day: date) -> float:
    return float(await db.scalar(_platform_day_total(day)) or 0.0)


class FiredAlerts:
    """Alert keys this process has seen fire. An alert never un-fires, so a known key needs no query again."""

    def __init__(self, max_keys: int = 100_000) -> None:
        self._keys: set[str] = set()
        self._max_keys = max_keys
        self._next_check: dict[str, float] = {}

    def __contains__(self, key: object) -> bool:
        return key in self._keys

    def add(self, key: str) -> None:
        if len(self._keys) >= self._max_keys:  # a long-lived process forgets; the database stays the truth
            self._keys.clear()
        self._keys.add(key)

    def due(self, key: str, every_s: float) -> bool:
        """True at most once per `every_s` for a key: for checks too costly to run on every turn."""
        now = time.monotonic()
        if now < self._next_check.get(key, 0.0):
            return False
        if len(self._next_check) > 1000:
            self._next_check.clear()
        self._next_check[key] = now + every_s
        return True


def seconds_to_midnight_utc() -> float:
    now = datetime.now(UTC)
    midnight = datetime.combine(now.date() + timedelta(days=1), datetime.min.time(), tzinfo=UTC)
    return (midnight - now).total_seconds()


async def enforce_caps(db: Executor, settings: Settings, *, session_cost: float, user_id: int) -> None:
    """Refuse a new turn once a configured hard cap is spent; each refusal says what to do next."""
    if settings.cap_session_usd is not None and session_cost >= settings.cap_session_usd:
        raise Conflict(
            f"This conversation has reached its cost limit (${settings.cap_session_usd:.2f}). "
            "End it and start a new session to continue practising."
        )
    today = utcnow().date()
    if settings.cap_user_day_usd is not None and await user_day_cost(db, user_id, today) >= settings.cap_user_day_usd:
        raise BudgetExceeded(
            f"You have reached today's practice budget (${settings.cap_user_day_usd:.2f}). "
            "It resets at midnight UTC.",
            retry_after_s=seconds_to_midnight_utc(),
        )
    if settings.cap_platform_day_usd is not None and (
        await platform_day_cost(db, today) >= settings.cap_platform_day_usd
    ):
        raise BudgetExceeded(
            "The platform has reached today's spending limit, so new replies are paused until midnight UTC. "
            "Your teacher has been notified.",
            retry_after_s=seconds_to_midnight_utc(),
        )
