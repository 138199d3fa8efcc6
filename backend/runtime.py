"""Start-up wiring: everything a running API instance holds for its lifetime, built once from the settings."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from backend.core.background import BackgroundTasks
from backend.core.circuit_breaker import CircuitBreaker
from backend.core.config import Settings
from backend.core.db import ConnectionGate, create_engine, create_sessionmaker
from backend.core.rate_limits import RateLimits, create_limit_storage
from backend.core.request_audit import RequestAudit
from backend.core.security import configure_hashing
from backend.core.state_store import StateStore, create_state_store
from backend.llm.base import LLMProvider
from backend.llm.pricing import PricingTable, resolve_model
from backend.llm.registry import build_provider
from backend.services.checks.service import CheckService
from backend.services.conversation.reply import ReplyGenerator
from backend.services.conversation.turn import TurnService
from backend.services.conversation.turn_store import TurnStore
from backend.services.courses import exports
from backend.services.feedback.evaluations import EvaluationService
from backend.services.feedback.runner import EvaluationRunner
from backend.services.lti.scores import send_due
from backend.services.lti.service import LtiServices
from backend.services.spend.costs import FiredAlerts
from backend.services.spend.gate import SpendGate
from backend.services.spend.ledger import write_audit

log = logging.getLogger("virtual_client")

EVALUATION_SHARE = 4  # evaluations take at most a quarter of the provider's slots: turns keep the rest


@dataclass
class Runtime:
    settings: Settings
    db_engine: AsyncEngine
    session_factory: async_sessionmaker[AsyncSession]
    db_gate: ConnectionGate
    provider: LLMProvider
    pricing: PricingTable
    breaker: CircuitBreaker
    limits: RateLimits
    state_store: StateStore
    background: BackgroundTasks
    turns: TurnService
    evaluations: EvaluationService
    checks: CheckService
    audit: RequestAudit
    lti: LtiServices
    _audit_writer: asyncio.Task[None] | None = None

    def start(self) -> None:
        """Begin the work that runs beside requests: writing the refused-request counts every few seconds."""
        self._audit_writer = asyncio.create_task(self._write_audit_every(self.settings.audit_write_seconds))
        self.lti.start(self._send_lti_scores)

    async def _send_lti_scores(self) -> None:
        await send_due(self.session_factory, self.lti.http, self.settings)

    async def _write_audit_every(self, seconds: float) -> None:
        while True:
            await asyncio.sleep(seconds)
            try:
                await write_audit(self.db_engine, self.audit.drain(seconds))
            except Exception:  # the database may be away: the next round tries again, requests never notice
                log.warning("could not write the refused-request counts to the error log", exc_info=True)

    async def aclose(self) -> None:
        if self._audit_writer is not None:
            self._audit_writer.cancel()
            with contextlib.suppress(Exception):
                await write_audit(self.db_engine, self.audit.drain(self.settings.audit_write_seconds))
        await self.background.drain(self.settings.llm_turn_deadline_s)
        await self.lti.aclose()
        exports.RENDERING.close()
        await self.provider.aclose()
        await self.state_store.aclose()
        await self.db_engine.dispose()


def evaluation_model(settings: Settings, provider: LLMProvider) -> str:
    """VC_EVAL_MODEL when set; unset, Haiku 4.5, except on a provider that serves its own models (it declares a
    default price: a private server), which evaluates with the model it serves rather than one it does not have."""
    if "eval_model" in settings.model_fields_set or provider.default_price is None:
        return resolve_model(settings.eval_model)
    return provider.model


def build_runtime(settings: Settings) -> Runtime:
    """Fails fast on a bad configuration (unknown model price, missing key) rather than at the first turn."""
    provider = build_provider(settings)
    pricing = PricingTable.load(pricing_file=settings.pricing_file, pricing_json=settings.pricing_json)
    pricing.require(provider.model, default=provider.default_price)
    eval_model = evaluation_model(settings, provider)
    if provider.supports_structured:
        pricing.require(eval_model, default=provider.default_price)  # never a silent $0 for an evaluation either
    db_engine = create_engine(settings)
    db_gate = ConnectionGate(settings.db_pool_size + settings.db_max_overflow, settings.db_pool_timeout_s)
    store = create_state_store(settings.redis_url)
    breaker = CircuitBreaker(
        store, failure_threshold=settings.breaker_failure_threshold, cooldown_s=settings.breaker_cooldown_s
    )
    limits = RateLimits(
        storage=create_limit_storage(settings.redis_url),
        messages_per_minute=settings.messages_per_minute,
        tokens_per_day=settings.tokens_per_day,
        login_attempts=settings.login_attempts_per_window,
        login_window_s=settings.login_window_seconds,
        login_attempts_per_ip=settings.login_attempts_per_ip,
        sessions_per_minute=settings.sessions_per_minute,
        exports_per_minute=settings.exports_per_minute,
        lti_launches_per_minute=settings.lti_launches_per_minute,
        model_runs_per_hour=settings.model_runs_per_hour,
        roster_syncs_per_hour=settings.roster_syncs_per_hour,
    )
    configure_hashing(slots=settings.password_hash_slots, queue=settings.password_hash_queue)
    background = BackgroundTasks()
    llm_slots = asyncio.Semaphore(settings.llm_max_concurrency)  # replies and evaluations share the bound
    replies = ReplyGenerator(provider=provider, pricing=pricing, breaker=breaker, slots=llm_slots,
                             deadline_s=settings.llm_turn_deadline_s)
    session_factory = create_sessionmaker(db_engine)
    spend = SpendGate(settings=settings, limits=limits, engine=db_engine, db_gate=db_gate)
    turns = TurnService(settings=settings, replies=replies, limits=limits, store=TurnStore(db_engine, db_gate),
                        session_factory=session_factory, fired_alerts=FiredAlerts(), background=background)
    evaluations = EvaluationService(
        runner=EvaluationRunner(provider=provider, pricing=pricing, breaker=breaker, slots=llm_slots, model=eval_model,
                                share=asyncio.Semaphore(max(1, settings.llm_max_concurrency // EVALUATION_SHARE)),
                                spend=spend),
        db_engine=db_engine, db_gate=db_gate, session_factory=session_factory, background=background,
    )
    checks = CheckService(settings=settings, replies=replies, db_engine=db_engine, db_gate=db_gate, spend=spend)
    return Runtime(
        settings=settings, db_engine=db_engine, session_factory=session_factory, db_gate=db_gate,
        provider=provider, pricing=pricing, breaker=breaker, limits=limits, state_store=store,
        background=background, turns=turns, evaluations=evaluations, checks=checks, audit=RequestAudit(),
        lti=LtiServices(interval_s=settings.lti_send_interval_s),
    )
