"""One structured model call as every caller makes it: inside the provider's slots and a deadline, with what it cost
even when it failed, reported to the circuit breaker, and recorded the one way the LLM ledger takes it.

Evaluations (services/feedback/runner.py) and persona checks (services/checks/service.py) both call this; what
each does with an open circuit or a failed call (fall back to the rules, go unjudged) stays theirs.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from backend.core.circuit_breaker import CircuitBreaker
from backend.llm.base import LLMProvider, ProviderError, StructuredReply, StructuredRequest, TokenUsage


@dataclass(frozen=True)
class ModelCall:
    """One provider call, as its LLM ledger row records it: `error` when it failed, `rejected` when it answered
    but the answer was not used (and why)."""

    provider: str
    model: str
    usage: TokenUsage
    cost_usd: float
    latency_ms: int
    error: str | None = None
    rejected: str | None = None

    @property
    def outcome(self) -> str:
        return "error" if self.error else "ok"

    @property
    def ledger_error(self) -> str | None:
        return self.error or (f"answer rejected: {self.rejected}" if self.rejected else None)


@dataclass(frozen=True)
class StructuredOutcome:
    """The answer (None when the call failed), the call as the ledger records it, and the failure's kind."""

    reply: StructuredReply | None
    call: ModelCall
    kind: str | None = None  # ProviderError.kind, or "timeout" for the deadline


async def call_structured(provider: LLMProvider, request: StructuredRequest, *, model: str,
                          slots: asyncio.Semaphore, deadline_s: float, cost: Callable[[str, TokenUsage], float],
                          breaker: CircuitBreaker | None = None, before: Callable[[], Awaitable[None]] | None = None,
                          after: Callable[[ModelCall], Awaitable[None]] | None = None) -> StructuredOutcome:
    """Ask once. A provider error or the deadline is returned, not raised, with the usage a failed call still
    billed; `model` names the call when no answer says which model served it.

    `before` (a spend gate) runs once a slot is held, just before the provider is called, and what it raises
    propagates with nothing called; `after` gets the call while the slot is still held. Calls queued behind a busy
    slot are so checked one at a time, each against what the one before it was charged."""
    started = time.perf_counter()

    def elapsed_ms() -> int:
        return int((time.perf_counter() - started) * 1000)

    failure: ProviderError | TimeoutError | None = None
    try:
        async with asyncio.timeout(deadline_s) as deadline, slots:
            if before is not None:
                await before()
            try:
                reply = await provider.complete_structured(request)
            except ProviderError as exc:
                failure, outcome = exc, _failed(provider, model, exc, exc.kind, exc.usage or TokenUsage(), cost,
                                                elapsed_ms())
            else:
                outcome = StructuredOutcome(reply, ModelCall(reply.provider, reply.model, reply.usage,
                                                             cost(reply.model, reply.usage), elapsed_ms()))
            if after is not None:
                deadline.reschedule(None)  # the call is over: what it used is charged whatever the time
                await after(outcome.call)
    except TimeoutError as exc:  # nothing is known to have been used, so nothing is charged
        failure, outcome = exc, _failed(provider, model, exc, "timeout", TokenUsage(), cost, elapsed_ms())
    if breaker is not None:
        await (breaker.record_failure() if failure is not None else breaker.record_success())
    return outcome


def _failed(provider: LLMProvider, model: str, exc: Exception, kind: str, usage: TokenUsage,
            cost: Callable[[str, TokenUsage], float], latency_ms: int) -> StructuredOutcome:
    return StructuredOutcome(None, ModelCall(provider.name, model, usage, cost(model, usage), latency_ms,
                                            error=f"{kind}: {exc}"), kind)
