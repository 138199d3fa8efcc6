"""Everything a running API instance holds for its lifetime, built once at start-up from the settings."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field

from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from backend.core.circuit_breaker import CircuitBreaker
from backend.core.config import Settings
from backend.core.db import ConnectionGate, create_engine, create_sessionmaker
from backend.core.rate_limits import RateLimits, create_limit_storage
from backend.core.state_store import StateStore, create_state_store
from backend.llm.base import LLMProvider
from backend.llm.pricing import PricingTable
from backend.llm.registry import build_provider
from backend.services.spend.costs import FiredAlerts


@dataclass
class Runtime:
    settings: Settings
    engine: AsyncEngine
    sessions: async_sessionmaker[AsyncSession]
    provider: LLMProvider
    pricing: PricingTable
    breaker: CircuitBreaker
    limits: RateLimits
    state_store: StateStore
    llm_slots: asyncio.Semaphore
    db_gate: ConnectionGate
    fired_alerts: FiredAlerts = field(default_factory=FiredAlerts)
    background: set[asyncio.Task[None]] = field(default_factory=set)

    def spawn(self, coro) -> asyncio.Task[None]:  # type: ignore[no-untyped-def]
        """Run work that must finish even if the client goes away (a streamed reply being stored)."""
        task = asyncio.create_task(coro)
        self.background.add(task)
        task.add_done_callback(self.background.discard)
        return task

    async def aclose(self) -> None:
        if self.background:
            await asyncio.wait(self.background, timeout=self.settings.llm_turn_deadline_s)
        await self.provider.aclose()
        await self.state_store.aclose()
        await self.engine.dispose()


def build_runtime(settings: Settings) -> Runtime:
    """Fails fast on a bad configuration (unknown model price, missing key) rather than at the first turn."""
    provider = build_provider(settings)
    pricing = PricingTable.load(pricing_file=settings.pricing_file, pricing_json=settings.pricing_json)
    pricing.price_for(provider.model)
    engine = create_engine(settings)
    store = create_state_store(settings.redis_url)
    return Runtime(
        settings=settings,
        engine=engine,
        sessions=create_sessionmaker(engine),
        provider=provider,
        pricing=pricing,
        breaker=CircuitBreaker(
            store, failure_threshold=settings.breaker_failure_threshold, cooldown_s=settings.breaker_cooldown_s
        ),
        limits=RateLimits(
            storage=create_limit_storage(settings.redis_url),
            messages_per_minute=settings.messages_per_minute,
            tokens_per_day=settings.tokens_per_day,
            login_attempts=settings.login_attempts_per_window,
            login_window_s=settings.login_window_seconds,
        ),
        state_store=store,
        llm_slots=asyncio.Semaphore(settings.llm_max_concurrency),
        db_gate=ConnectionGate(settings.db_pool_size + settings.db_max_overflow, settings.db_pool_timeout_s),
    )
