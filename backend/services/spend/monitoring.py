"""The admin's view: spend by day, model and teacher, fired alerts, the error log and provider health."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from statistics import quantiles
from typing import Any

from sqlalchemy import Integer, cast, func, select, text, tuple_
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from backend.core import paging
from backend.core.circuit_breaker import CircuitBreaker
from backend.core.config import Settings
from backend.llm.base import LLMProvider
from backend.llm.pricing import PricingTable
from backend.models.base import utcnow
from backend.models.ledger import CallPurpose, CostAlert, ErrorEvent, LLMCall
from backend.models.message import Message, MessageRole
from backend.models.session import PracticeSession, SessionStatus
from backend.models.user import User
from backend.schemas.admin import DayUsage, ProviderHealth, Readiness, ReadinessDetails, UsageBucket, UsageReport

HEALTH_WINDOW_MINUTES = 15
PURPOSE_LABELS = {CallPurpose.conversation: "Conversations", CallPurpose.evaluation: "Evaluations",
                  CallPurpose.check: "Persona checks"}
HEALTH_SAMPLE = 500


def _sums() -> tuple[Any, ...]:
    return (
        func.count(LLMCall.id),
        func.coalesce(func.sum(LLMCall.input_tokens), 0),
        func.coalesce(func.sum(LLMCall.output_tokens), 0),
        func.coalesce(func.sum(LLMCall.cache_creation_tokens), 0),
        func.coalesce(func.sum(LLMCall.cache_read_tokens), 0),
        func.coalesce(func.sum(LLMCall.cost_usd), 0.0),
        func.coalesce(func.sum(cast(LLMCall.usage_estimated, Integer)), 0),
    )


EMPTY: tuple[Any, ...] = (0, 0, 0, 0, 0, 0.0, 0)


def _add(total: tuple[Any, ...], more: Any) -> tuple[Any, ...]:
    return tuple(a + b for a, b in zip(total, more, strict=True))


def _bucket(key: str, label: str, row: Any) -> dict[str, Any]:
    calls, input_tokens, output_tokens, cache_write, cache_read, cost, estimated = row
    return {
        "key": key, "label": label, "calls": int(calls), "input_tokens": int(input_tokens),
        "output_tokens": int(output_tokens), "cache_creation_tokens": int(cache_write),
        "cache_read_tokens": int(cache_read), "cost_usd": round(float(cost), 6), "estimated_calls": int(estimated),
    }


def pricing_note(provider: LLMProvider, pricing: PricingTable) -> str:
    """What the cost figures mean for the provider in use, in a sentence for the admin."""
    if provider.simulated:
        return f"{provider.label}: nothing is billed"
    if not pricing.is_priced(provider.model):
        return (f"{provider.label}, not billed: no price is configured for {provider.model}, so its calls count "
                "$0. Set VC_PRICING_JSON to count what running the server costs.")
    price = pricing.price_for(provider.model)
    return f"{provider.label}: ${price.input:g} input / ${price.output:g} output per million tokens"


async def usage_report(db: AsyncSession, *, settings: Settings, pricing: PricingTable,
                       days: int = 14) -> UsageReport:
    today = utcnow().date()
    since = today - timedelta(days=days - 1)
    # One pass over the window grouped by (day, model, purpose) feeds today, the days, models and purposes alike.
    day_model_rows = (
        await db.execute(
            select(LLMCall.day, LLMCall.model, LLMCall.purpose, *_sums()).where(LLMCall.day >= since)
            .group_by(LLMCall.day, LLMCall.model, LLMCall.purpose)
        )
    ).all()
    by_day: dict[date, tuple[Any, ...]] = {}
    by_model: dict[str, tuple[Any, ...]] = {}
    by_purpose: dict[str, tuple[Any, ...]] = {}
    for day, model, purpose, *sums in day_model_rows:
        by_day[day] = _add(by_day.get(day, EMPTY), sums)
        by_model[model] = _add(by_model.get(model, EMPTY), sums)
        by_purpose[purpose] = _add(by_purpose.get(purpose, EMPTY), sums)
    today_row = by_day.get(today, EMPTY)
    day_list = [
        DayUsage(day=since + timedelta(days=i), **_bucket(str(since + timedelta(days=i)),
                 str(since + timedelta(days=i)), by_day.get(since + timedelta(days=i), EMPTY)))
        for i in range(days)
    ]
    model_rows = [(model, *sums) for model, sums in by_model.items()]
    # Aggregate first, then name the few teachers: joining before grouping touches every ledger row twice.
    per_teacher = (
        select(LLMCall.teacher_id.label("teacher_id"), *_sums()).where(LLMCall.day >= since)
        .group_by(LLMCall.teacher_id).subquery()
    )
    teacher_rows = (
        await db.execute(
            select(per_teacher.c.teacher_id, User.display_name, *list(per_teacher.c)[1:])
            .outerjoin(User, User.id == per_teacher.c.teacher_id)
        )
    ).all()
    active = await db.scalar(
        select(func.count()).select_from(PracticeSession).where(PracticeSession.status == SessionStatus.active)
    )
    fallbacks = await db.scalar(
        select(func.count()).select_from(Message).where(
            Message.is_fallback, Message.role == MessageRole.assistant,  # matches the partial index predicate
            Message.created_at >= utcnow().replace(hour=0, minute=0, second=0, microsecond=0),
        )
    )
    return UsageReport(
        today=UsageBucket(**_bucket(str(today), "today", today_row)),
        days=day_list,
        by_model=sorted((UsageBucket(**_bucket(r[0], r[0], r[1:])) for r in model_rows),
                        key=lambda b: -b.cost_usd),
        by_teacher=sorted(
            (UsageBucket(**_bucket(str(r[0] or 0), r[1] or "(unknown)", r[2:])) for r in teacher_rows),
            key=lambda b: -b.cost_usd,
        ),
        by_purpose=sorted((UsageBucket(**_bucket(purpose, PURPOSE_LABELS.get(purpose, purpose), sums))
                           for purpose, sums in by_purpose.items()), key=lambda b: -b.cost_usd),
        active_sessions=int(active or 0),
        fallback_replies_today=int(fallbacks or 0),
        thresholds={
            "session_usd": settings.alert_session_usd,
            "user_day_usd": settings.alert_user_day_usd,
            "platform_day_usd": settings.alert_platform_day_usd,
        },
        unpriced_models=sorted(model for model in by_model if not pricing.is_priced(model)),
    )


def newest_first_key(row: CostAlert | ErrorEvent) -> tuple[datetime, int]:
    """Where a page of alerts or errors ends (they run newest first)."""
    return row.created_at, row.id


async def list_alerts(db: AsyncSession, *, limit: int = 200, cursor: str | None = None) -> list[CostAlert]:
    query = select(CostAlert).order_by(CostAlert.created_at.desc(), CostAlert.id.desc()).limit(limit)
    if cursor:
        query = query.where(tuple_(CostAlert.created_at, CostAlert.id) < paging.decode(cursor, datetime, int))
    return list(await db.scalars(query))


async def list_errors(
    db: AsyncSession, *, kind: str | None = None, source: str | None = None, limit: int = 200,
    cursor: str | None = None,
) -> list[ErrorEvent]:
    query = select(ErrorEvent).order_by(ErrorEvent.created_at.desc(), ErrorEvent.id.desc()).limit(limit)
    if cursor:
        query = query.where(tuple_(ErrorEvent.created_at, ErrorEvent.id) < paging.decode(cursor, datetime, int))
    if kind:
        query = query.where(ErrorEvent.kind == kind)
    if source:
        query = query.where(ErrorEvent.source == source)
    return list(await db.scalars(query))


async def database_status(db: AsyncSession) -> str:
    try:
        await db.execute(text("SELECT 1"))
        return "ok"
    except Exception as exc:  # any driver failure means "not reachable" to an operator
        return f"unreachable: {type(exc).__name__}"


async def provider_health(db: AsyncSession, *, breaker: CircuitBreaker, provider: LLMProvider,
                          pricing: PricingTable) -> ProviderHealth:
    """Recent calls from the shared ledger, so every API replica reports the same picture."""
    snap = await breaker.snapshot()
    latencies: list[int] = []
    errors = 0
    database = await database_status(db)
    if database == "ok":
        since = utcnow() - timedelta(minutes=HEALTH_WINDOW_MINUTES)
        rows = (
            await db.execute(
                select(LLMCall.latency_ms, LLMCall.outcome)
                .where(LLMCall.created_at >= since)
                .order_by(LLMCall.created_at.desc())
                .limit(HEALTH_SAMPLE)
            )
        ).all()
        latencies = [row.latency_ms for row in rows if row.outcome == "ok"]
        errors = sum(1 for row in rows if row.outcome != "ok")
    calls = len(latencies) + errors
    p50 = p95 = None
    if len(latencies) >= 2:
        cuts = quantiles(latencies, n=100, method="inclusive")
        p50, p95 = round(cuts[49], 1), round(cuts[94], 1)
    elif latencies:
        p50 = p95 = float(latencies[0])
    error_rate = round(errors / calls, 3) if calls else 0.0
    status = "ok"
    if snap.state.value != "closed" or error_rate >= 0.5 or database != "ok":
        status = "degraded"
    return ProviderHealth(
        status=status, provider=provider.name, provider_label=provider.label, model=provider.model,
        offline_mode=provider.simulated, model_priced=pricing.is_priced(provider.model),
        pricing_note=pricing_note(provider, pricing), circuit_state=snap.state.value,
        consecutive_failures=snap.consecutive_failures, circuit_retry_in_s=round(snap.retry_in_s, 1),
        recent_calls=calls, recent_error_rate=error_rate, latency_p50_ms=p50, latency_p95_ms=p95,
        window_minutes=HEALTH_WINDOW_MINUTES, database=database,
    )


async def readiness(session_factory: async_sessionmaker[AsyncSession], *, breaker: CircuitBreaker,
                    provider: LLMProvider, pricing: PricingTable, details: bool = False
                    ) -> Readiness | ReadinessDetails:
    """For load balancers: ready when the database answers; the provider's state only for admins (it names the
    provider, the model and how it is failing, which is nobody else's business)."""
    async with session_factory() as db:
        health = await provider_health(db, breaker=breaker, provider=provider, pricing=pricing)
    if not details:
        return Readiness(status="ready" if health.database == "ok" else "not_ready")
    return ReadinessDetails(
        status="ready" if health.database == "ok" else "not_ready", database=health.database,
        provider=health.provider, provider_configured=True, offline_mode=health.offline_mode, model=health.model,
        circuit_state=health.circuit_state, recent_error_rate=health.recent_error_rate,
        latency_p50_ms=health.latency_p50_ms, latency_p95_ms=health.latency_p95_ms,
    )
