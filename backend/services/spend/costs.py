"""Spend against thresholds: alerts that fire once per subject, and optional hard caps that refuse new turns."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import Case, ColumnElement, Exists, Select, case, exists, func, literal, null, select
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession

from backend.core.config import Settings
from backend.core.db import insert_unless_present
from backend.core.errors import BudgetExceeded, Conflict
from backend.models.base import utcnow
from backend.models.ledger import CostAlert, LLMCall

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

    def __contains__(self, key: object) -> bool:
        return key in self._keys

    def add(self, key: str) -> None:
        if len(self._keys) >= self._max_keys:  # a long-lived process forgets; the database stays the truth
            self._keys.clear()
        self._keys.add(key)


def _seconds_to_midnight_utc() -> float:
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
            retry_after_s=_seconds_to_midnight_utc(),
        )
    if settings.cap_platform_day_usd is not None and (
        await platform_day_cost(db, today) >= settings.cap_platform_day_usd
    ):
        raise BudgetExceeded(
            "The platform has reached today's spending limit, so new replies are paused until midnight UTC. "
            "Your teacher has been notified.",
            retry_after_s=_seconds_to_midnight_utc(),
        )


async def _fire_once(conn: AsyncConnection, alert: dict[str, object]) -> None:
    """Insert unless this alert already fired; the unique dedupe key makes concurrent turns safe."""
    await conn.execute(insert_unless_present(conn.dialect.name, CostAlert, alert, ["dedupe_key"]))


def _fired(key: str) -> Exists:
    return exists().where(CostAlert.dedupe_key == key)


def _total_unless_fired(key: str, total: Select[Any]) -> Case[Any]:
    """NULL once the alert has fired, so the day's sum is only computed while it can still matter."""
    return case((_fired(key), null()), else_=total.scalar_subquery())


async def check_alerts(
    conn: AsyncConnection, settings: Settings, fired: FiredAlerts, *, session_id: int, session_cost: float,
    user_id: int, user_label: str,
) -> None:
    """Called after a reply is stored: fire each threshold the new totals have crossed, once.

    One round trip at most: whether each alert fired and, for those that have not, the day's spend.
    Keys this process has seen fire are skipped without asking the database.
    """
    today = utcnow().date()
    session_key, user_key, platform_key = (
        f"session:{session_id}", f"user:{user_id}:{today.isoformat()}", f"platform:{today.isoformat()}"
    )
    columns: dict[str, ColumnElement[Any]] = {}
    if settings.alert_session_usd and session_key not in fired and session_cost > settings.alert_session_usd:
        columns[session_key] = case((_fired(session_key), null()), else_=literal(session_cost))
    if settings.alert_user_day_usd and user_key not in fired:
        columns[user_key] = _total_unless_fired(user_key, _user_day_total(user_id, today))
    if settings.alert_platform_day_usd and platform_key not in fired:
        columns[platform_key] = _total_unless_fired(platform_key, _platform_day_total(today))
    if not columns:
        return
    row = (await conn.execute(select(*(column.label(f"c{i}") for i, column in enumerate(columns.values()))))).one()
    amounts = dict(zip(columns, row, strict=True))
    alerts = (
        ("session", session_key, session_id, settings.alert_session_usd,
         "Session {subject} has cost ${amount:.4f}, over ${threshold:.2f}."),
        ("user_day", user_key, user_id, settings.alert_user_day_usd,
         "{label} has spent ${amount:.4f} today, over ${threshold:.2f}."),
        ("platform_day", platform_key, None, settings.alert_platform_day_usd,
         "The platform has spent ${amount:.2f} today, over ${threshold:.2f}."),
    )
    for scope, key, subject, threshold, template in alerts:
        if key not in amounts:
            continue
        amount = amounts[key]
        if amount is None:
            fired.add(key)
            continue
        amount = float(amount)
        if amount > threshold:
            await _fire_once(conn, {
                "scope": scope, "dedupe_key": key, "subject_id": subject, "day": today, "threshold_usd": threshold,
                "amount_usd": round(amount, 6), "created_at": utcnow(),
                "message": template.format(subject=subject, label=user_label, amount=amount, threshold=threshold),
            })
            fired.add(key)
