"""Evaluations take at most their share of the provider's slots: a class submitting at once leaves the rest to
students who are still talking."""

from __future__ import annotations

import asyncio
from typing import Any

from backend.core.circuit_breaker import CircuitBreaker
from backend.core.state_store import MemoryStateStore
from backend.llm.base import StructuredReply, TokenUsage
from backend.llm.pricing import PricingTable
from backend.services.feedback.runner import EvaluationRunner
from tests.support.feedback import transcript


class SlowEvaluator:
    """A structured-output provider that answers when told to, counting how many calls are in flight."""

    name, model, supports_structured = "anthropic", "claude-haiku-4-5", True

    def __init__(self) -> None:
        self.in_flight = self.most = 0
        self.answer = asyncio.Event()

    async def complete_structured(self, request: Any) -> StructuredReply:
        self.in_flight += 1
        self.most = max(self.most, self.in_flight)
        await self.answer.wait()
        self.in_flight -= 1
        return StructuredReply(data={}, usage=TokenUsage(), model=self.model, provider=self.name)


async def test_evaluations_never_hold_more_than_their_share_and_a_turn_still_gets_a_slot() -> None:
    provider, slots = SlowEvaluator(), asyncio.Semaphore(8)
    runner = EvaluationRunner(provider=provider, pricing=PricingTable.load(), slots=slots,  # type: ignore[arg-type]
                              breaker=CircuitBreaker(MemoryStateStore(), failure_threshold=3, cooldown_s=1),
                              model=provider.model, share=asyncio.Semaphore(2))
    class_submits = [asyncio.create_task(runner.run(transcript())) for _ in range(10)]
    await asyncio.sleep(0.05)
    assert provider.most == 2
    async with asyncio.timeout(1), slots:  # a conversation turn is not kept waiting behind them
        pass
    provider.answer.set()
    outcomes = await asyncio.gather(*class_submits)
    assert len(outcomes) == 10 and provider.most == 2
