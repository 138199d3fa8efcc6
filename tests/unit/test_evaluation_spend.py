"""An evaluation's spend gate is checked once a provider slot is held: evaluations queued behind a busy slot are
checked one at a time, so they cannot all pass it and then all spend past the day's allowance. The model is the
real anthropic SDK against the fake Messages API on 127.0.0.1."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterator

import pytest

from backend.core.circuit_breaker import CircuitBreaker
from backend.core.config import Settings
from backend.core.rate_limits import RateLimits, create_limit_storage
from backend.core.state_store import MemoryStateStore
from backend.llm.claude.provider import ClaudeProvider
from backend.llm.pricing import PricingTable
from backend.services.feedback.runner import ESTIMATED_TOKENS, SPEND_REFUSED, EvaluationRunner
from backend.services.spend.gate import SpendGate, paid_by
from tests.support.fake_anthropic import FakeAnthropicServer
from tests.support.feedback import CONVERSATION, transcript, valid_answer

STUDENT = {mid: text for mid, who, text in CONVERSATION if who == "student"}
KEYS = [criterion.key for criterion in transcript().criteria]
PAYER_ID = 7


@pytest.fixture
def fake() -> Iterator[FakeAnthropicServer]:
    with FakeAnthropicServer() as server:
        server.configure(tool_input=valid_answer(STUDENT, [], KEYS))
        yield server


@pytest.fixture
async def claude(fake: FakeAnthropicServer) -> AsyncIterator[ClaudeProvider]:
    provider = ClaudeProvider(api_key="sk-test", model="claude-haiku-4-5", base_url=fake.base_url, max_retries=0)
    yield provider
    await provider.aclose()


def runner_with_one_call_left(provider: ClaudeProvider, slots: asyncio.Semaphore) -> EvaluationRunner:
    """The payer's day has room for exactly one evaluation call; no dollar caps are set, so no database is asked."""
    limits = RateLimits(storage=create_limit_storage(""), messages_per_minute=10, tokens_per_day=ESTIMATED_TOKENS,
                        login_attempts=5, login_window_s=60)
    gate = SpendGate(settings=Settings(_env_file=None), limits=limits, engine=None, db_gate=None)  # type: ignore[arg-type]
    return EvaluationRunner(provider=provider, pricing=PricingTable.load(), slots=slots, model=provider.model,
                            breaker=CircuitBreaker(MemoryStateStore(), failure_threshold=3, cooldown_s=1), spend=gate)


async def test_two_evaluations_queued_behind_a_busy_slot_make_one_model_call_when_one_is_left(
        claude: ClaudeProvider, fake: FakeAnthropicServer) -> None:
    slots = asyncio.Semaphore(1)
    runner = runner_with_one_call_left(claude, slots)
    async with slots:  # a student's turn holds the only slot while both evaluations arrive
        queued = [asyncio.create_task(paid_by(PAYER_ID, runner.run)(transcript())) for _ in range(2)]
        await asyncio.sleep(0.1)
        assert len(fake.requests) == 0
    outcomes = await asyncio.wait_for(asyncio.gather(*queued), timeout=30)
    assert len(fake.requests) == 1, "the second evaluation spent past the payer's day"
    scored_by_model = [outcome for outcome in outcomes if not outcome.approximate]
    refused = [outcome for outcome in outcomes if outcome.fallback_reason == SPEND_REFUSED]
    assert len(scored_by_model) == 1 and len(scored_by_model[0].calls) == 1
    assert len(refused) == 1 and refused[0].calls == [] and refused[0].cost_usd == 0, "refused for free"
