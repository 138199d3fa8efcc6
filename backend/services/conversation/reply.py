"""Asks the provider for one client reply behind the circuit breaker, the concurrency bound and the turn deadline.

Any failure becomes an in-character fallback: the student always gets an answer, never an error.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from backend.core.circuit_breaker import CircuitBreaker, CircuitOpen
from backend.llm.base import ConversationRequest, LLMProvider, LLMReply, ProviderError, TokenUsage
from backend.llm.pricing import PricingTable, UnknownModelError
from backend.services.conversation.fallbacks import fallback_reply

DeltaSink = Callable[[str], None]

log = logging.getLogger("virtual_client")


@dataclass(frozen=True)
class ReplyOutcome:
    """What the turn stores: the reply text, what it cost, and, for a fallback, what went wrong."""

    text: str
    usage: TokenUsage
    cost_usd: float
    latency_ms: int
    is_fallback: bool
    provider: str
    model: str
    called_provider: bool
    streamed: bool = False
    error_kind: str | None = None
    error_message: str | None = None


@dataclass
class ReplyGenerator:
    provider: LLMProvider
    pricing: PricingTable
    breaker: CircuitBreaker
    slots: asyncio.Semaphore
    deadline_s: float

    def cost(self, model: str, usage: TokenUsage) -> float:
        """Priced by the model that answered; a dated snapshot we have no price for is billed as configured."""
        try:
            return self.pricing.cost(model, usage)
        except UnknownModelError:
            return self.pricing.cost(self.provider.model, usage)

    async def _call(self, request: ConversationRequest, on_delta: DeltaSink | None) -> LLMReply:
        if on_delta is None:
            return await self.provider.complete(request)
        final: LLMReply | None = None
        async for item in self.provider.stream(request):
            if isinstance(item, str):
                on_delta(item)
            else:
                final = item
        if final is None:
            raise ProviderError("bad_response", "the stream ended without a final message")
        return final

    def _fallback(self, request: ConversationRequest, on_delta: DeltaSink | None, *, kind: str, message: str,
                  called_provider: bool, usage: TokenUsage | None = None, latency_ms: int = 0) -> ReplyOutcome:
        """The standby line for this turn, sent to a live stream too, with what went wrong for the error log."""
        usage = usage or TokenUsage()
        log.warning("turn %s answered with a fallback: %s: %s", request.turn_index, kind, message)
        text = fallback_reply(request.persona, turn_index=request.turn_index)
        if on_delta is not None:
            on_delta(text)
        return ReplyOutcome(
            text=text, usage=usage, cost_usd=self.cost(self.provider.model, usage), latency_ms=latency_ms,
            is_fallback=True, provider=self.provider.name, model=self.provider.model,
            called_provider=called_provider, streamed=on_delta is not None, error_kind=kind, error_message=message,
        )

    async def generate(self, request: ConversationRequest, *, on_delta: DeltaSink | None = None,
                       on_discard: Callable[[], None] | None = None,
                       admit: Callable[[], Awaitable[None]] | None = None) -> ReplyOutcome:
        """Ask the provider within the turn deadline; `on_discard` voids deltas already sent when it fails.

        `admit` (the spend gate) runs once a slot is held, right before the call: a call that waited for a slot
        while others spent is checked against the caps as they are when it goes, not as they were when it queued.
        Whatever it raises (a cap spent, the day's tokens used) reaches the caller.
        """
        try:
            await self.breaker.before_call()
        except CircuitOpen as exc:
            return self._fallback(
                request, on_delta, kind="circuit_open", called_provider=False,
                message=f"provider circuit open (next probe in {exc.retry_in_s:.0f}s); answered with a fallback",
            )
        started = time.perf_counter()
        emitted = False

        def track(delta: str) -> None:
            nonlocal emitted
            emitted = True
            assert on_delta is not None
            on_delta(delta)

        try:
            async with asyncio.timeout(self.deadline_s), self.slots:
                if admit is not None:
                    await admit()
                started = time.perf_counter()
                reply = await self._call(request, track if on_delta else None)
        except (ProviderError, TimeoutError) as exc:
            await self.breaker.record_failure()
            if emitted and on_discard is not None:
                on_discard()
            latency_ms = int((time.perf_counter() - started) * 1000)
            if isinstance(exc, ProviderError):
                return self._fallback(request, on_delta, kind=exc.kind, message=exc.message, called_provider=True,
                                      usage=exc.usage, latency_ms=latency_ms)
            return self._fallback(request, on_delta, kind="timeout", called_provider=True, latency_ms=latency_ms,
                                  message=f"no reply within the {self.deadline_s:g}s turn deadline")
        await self.breaker.record_success()
        return ReplyOutcome(
            text=reply.text, usage=reply.usage, cost_usd=self.cost(reply.model, reply.usage),
            latency_ms=int((time.perf_counter() - started) * 1000), is_fallback=False, provider=reply.provider,
            model=reply.model, called_provider=True, streamed=on_delta is not None,
        )
