"""Spend against thresholds: alerts that fire once per subject, and optional hard caps that refuse new turns."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from sqlalchemy import func, insert, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession

from backend.core.config import Settings
from backend.core.errors import BudgetExceeded, Conflict
from backend.models.base import utcnow
from backend.models.ledger import CostAlert, LLMCall
from backend.models.session import PracticeSession


async def user_day_cost(db: AsyncSession, user_id: int, day: date) -> float:
    query = select(func.coalesce(func.sum(LLMCall.cost_usd), 0.0)).where(
        LLMCall.user_id == user_id, LLMCall.day == day
    )
    return float(await db.scalar(query) or 0.0)


async def platform_day_cost(db: AsyncSession, day: date) -> float:
    query = select(func.coalesce(func.sum(LLMCall.cost_usd), 0.0)).where(LLMCall.day == day)
    return float(await db.scalar(query) or 0.0)


def _seconds_to_midnight_utc() -> float:
    now = datetime.now(UTC)
    midnight = datetime.combine(now.date() + timedelta(days=1), datetime.min.time(), tzinfo=UTC)
    return (midnight - now).total_seconds()


async def enforce_caps(db: AsyncSession, settings: Settings, *, session: PracticeSession, user_id: int) -> None:
    """Refuse a new turn once a configured hard cap is spent; each refusal says what to do next."""
    if settings.cap_session_usd is not None and session.cost_usd >= settings.cap_session_usd:
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


async def _fire_once(db: AsyncSession, alert: dict[str, object]) -> None:
    """Insert unless this alert already fired; the unique dedupe key makes concurrent turns safe."""
    dialect = db.get_bind().dialect.name
    if dialect == "postgresql":
        statement = pg_insert(CostAlert).values(**alert).on_conflict_do_nothing(index_elements=["dedupe_key"])
    elif dialect == "sqlite":
        statement = sqlite_insert(CostAlert).values(**alert).on_conflict_do_nothing(index_elements=["dedupe_key"])
    else:  # pragma: no cover - other databases are not supported targets
        statement = insert(CostAlert).values(**alert)
    await db.execute(statement)


async def _already_fired(db: AsyncSession, keys: list[str]) -> set[str]:
    rows = await db.scalars(select(CostAlert.dedupe_key).where(CostAlert.dedupe_key.in_(keys)))
    return set(rows)


async def check_alerts(
    db: AsyncSession, settings: Settings, *, session_id: int, session_cost: float, user_id: int, user_label: str
) -> None:
    """Called after a reply is stored: fire each threshold the new totals have crossed, once.

    Day totals are summed only while their alert has not fired yet, so a busy day does not pay for a
    full scan of today's ledger on every turn.
    """
    today = utcnow().date()
    session_key, user_key, platform_key = (
        f"session:{session_id}", f"user:{user_id}:{today.isoformat()}", f"platform:{today.isoformat()}"
    )
    fired = await _already_fired(db, [session_key, user_key, platform_key])
    candidates: list[tuple[str, str, int | None, float, float, str]] = []
    if settings.alert_session_usd and session_key not in fired and session_cost > settings.alert_session_usd:
        candidates.append((
            "session", session_key, session_id, settings.alert_session_usd, session_cost,
            f"Session {session_id} has cost ${session_cost:.4f}, over ${settings.alert_session_usd:.2f}.",
        ))
    if settings.alert_user_day_usd and user_key not in fired:
        spent = await user_day_cost(db, user_id, today)
        if spent > settings.alert_user_day_usd:
            candidates.append((
                "user_day", user_key, user_id, settings.alert_user_day_usd, spent,
                f"{user_label} has spent ${spent:.4f} today, over ${settings.alert_user_day_usd:.2f}.",
            ))
    if settings.alert_platform_day_usd and platform_key not in fired:
        spent = await platform_day_cost(db, today)
        if spent > settings.alert_platform_day_usd:
            candidates.append((
                "platform_day", platform_key, None, settings.alert_platform_day_usd, spent,
                f"The platform has spent ${spent:.2f} today, over ${settings.alert_platform_day_usd:.2f}.",
            ))
    for scope, key, subject, threshold, amount, message in candidates:
        await _fire_once(db, {
            "scope": scope, "dedupe_key": key, "subject_id": subject, "day": today,
            "threshold_usd": threshold, "amount_usd": round(amount, 6), "message": message, "created_at": utcnow(),
        })
