"""The spend gate every model call passes besides a turn's (evaluations, persona checks, their judge): the hard
caps checked before each call, not only before a run; the day's tokens of whoever asked checked and charged; and
who pays, carried to the work a request starts (a teacher's re-run is the teacher's, a submission the student's).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any, ParamSpec, Protocol, TypeVar

from sqlalchemy.ext.asyncio import AsyncEngine

from backend.core.config import Settings
from backend.core.db import ConnectionGate
from backend.core.errors import BudgetExceeded
from backend.core.rate_limits import RateLimits
from backend.llm.base import TokenUsage
from backend.models.base import utcnow
from backend.services.spend.costs import platform_day_cost, seconds_to_midnight_utc, user_day_cost

# Who pays for the model calls of the work this request started (None: nobody in particular; platform caps only).
PAYER: ContextVar[int | None] = ContextVar("vc_spend_payer", default=None)
P = ParamSpec("P")
T = TypeVar("T")


def paid_by(user_id: int, work: Callable[P, Awaitable[T]]) -> Callable[P, Awaitable[T]]:
    """`work` run with `user_id` paying: tasks it spawns copy the context, so background work pays the same."""

    async def run(*args: P.args, **kwargs: P.kwargs) -> T:
        PAYER.set(user_id)
        return await work(*args, **kwargs)

    return run


def tokens_of(usage: TokenUsage) -> int:
    return usage.input_tokens + usage.output_tokens + usage.cache_creation_input_tokens


@dataclass
class SpendGate:
    settings: Settings
    limits: RateLimits
    engine: AsyncEngine
    db_gate: ConnectionGate

    @property
    def capped(self) -> bool:
        return self.settings.cap_user_day_usd is not None or self.settings.cap_platform_day_usd is not None

    async def before_call(self, user_id: int | None, *, spent: float = 0.0, estimated_tokens: int = 1) -> None:
        """Refuse the next call once a day cap is spent, counting `spent` (this run's calls, not yet in the
        ledger), or once the payer's tokens for the day are used up."""
        settings = self.settings
        if self.capped:
            today = utcnow().date()
            async with self.db_gate.slot(), self.engine.connect() as conn:
                if settings.cap_user_day_usd is not None and user_id is not None and (
                        await user_day_cost(conn, user_id, today) + spent >= settings.cap_user_day_usd):
                    raise BudgetExceeded(
                        f"You have reached today's budget (${settings.cap_user_day_usd:.2f}), so no more model calls "
                        "are made for you today. It resets at midnight UTC.", retry_after_s=seconds_to_midnight_utc())
                if settings.cap_platform_day_usd is not None and (
                        await platform_day_cost(conn, today) + spent >= settings.cap_platform_day_usd):
                    raise BudgetExceeded(
                        "The platform has reached today's spending limit, so model calls are paused until midnight "
                        "UTC.", retry_after_s=seconds_to_midnight_utc())
        if user_id is not None:
            await self.limits.check_tokens(user_id, estimated_tokens=estimated_tokens)

    async def after_call(self, user_id: int | None, usage: TokenUsage) -> None:
        """The tokens a call really used count against the payer's day, as a turn's do."""
        if user_id is not None:
            await self.limits.charge_tokens(user_id, tokens_of(usage))


class Costed(Protocol):
    cost_usd: float
    usage: TokenUsage


@dataclass
class Meter:
    """One run's calls (a persona check's probes and judge) through the gate, with what they have cost so far."""

    gate: SpendGate | None
    user_id: int | None
    estimated_tokens: int = 1
    calls: list[Any] = field(default_factory=list)

    @property
    def spent(self) -> float:
        return sum(call.cost_usd for call in self.calls)

    async def before(self) -> None:
        if self.gate is not None:
            await self.gate.before_call(self.user_id, spent=self.spent, estimated_tokens=self.estimated_tokens)

    async def after(self, call: Costed) -> None:
        self.calls.append(call)
        if self.gate is not None:
            await self.gate.after_call(self.user_id, call.usage)
