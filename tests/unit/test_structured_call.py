"""The one structured model call evaluations and persona checks share: what a failure costs, the deadline, the
breaker, and the ledger's record of each call."""

from __future__ import annotations

import asyncio
from typing import Any

from backend.core.circuit_breaker import CircuitBreaker
from backend.core.state_store import MemoryStateStore
from backend.llm.base import ChatTurn, ProviderError, StructuredReply, StructuredRequest, TokenUsage
from backend.llm.structured import call_structured

REQUEST = StructuredRequest(system_prompt="Judge.", messages=[ChatTurn("user", "Probe.")], tool_name="record",
                            tool_description="Record.", schema={"type": "object"})


class Provider:
    name, model, supports_structured = "anthropic", "claude-haiku-4-5", True

    def __init__(self, behaviour: str) -> None:
        self.behaviour = behaviour

    async def complete_structured(self, request: Any) -> StructuredReply:
        if self.behaviour == "overloaded":
            raise ProviderError("overloaded", "Overloaded", usage=TokenUsage(input_tokens=1000))
        if self.behaviour == "hang":
            await asyncio.sleep(5)
        return StructuredReply(data={"ok": True}, usage=TokenUsage(input_tokens=1000, output_tokens=100),
                               model="claude-haiku-4-5-20251001", provider=self.name)


def per_thousand(model: str, usage: TokenUsage) -> float:
    return (usage.input_tokens + usage.output_tokens) / 1000


async def ask(behaviour: str, breaker: CircuitBreaker | None = None, deadline_s: float = 2.0) -> Any:
    return await call_structured(Provider(behaviour), REQUEST, model="claude-haiku-4-5", slots=asyncio.Semaphore(1),
                                 deadline_s=deadline_s, cost=per_thousand, breaker=breaker)


async def test_an_answer_is_recorded_with_the_model_that_served_it_and_its_cost() -> None:
    asked = await ask("ok")
    assert asked.reply is not None and asked.reply.data == {"ok": True} and asked.kind is None
    assert asked.call.model == "claude-haiku-4-5-20251001" and asked.call.cost_usd == 1.1
    assert asked.call.outcome == "ok" and asked.call.ledger_error is None


async def test_a_failed_call_still_costs_what_it_used_and_counts_against_the_breaker() -> None:
    breaker = CircuitBreaker(MemoryStateStore(), failure_threshold=5, cooldown_s=30)
    asked = await ask("overloaded", breaker)
    assert asked.reply is None and asked.kind == "overloaded"
    assert asked.call.cost_usd == 1.0 and asked.call.outcome == "error"
    assert asked.call.ledger_error == "overloaded: Overloaded"
    assert (await breaker.snapshot()).consecutive_failures == 1
    await ask("ok", breaker)
    assert (await breaker.snapshot()).consecutive_failures == 0


async def test_the_deadline_ends_a_hung_call_as_a_timeout() -> None:
    asked = await ask("hang", deadline_s=0.05)
    assert asked.reply is None and asked.kind == "timeout" and asked.call.error is not None
    assert asked.call.model == "claude-haiku-4-5" and asked.call.cost_usd == 0
