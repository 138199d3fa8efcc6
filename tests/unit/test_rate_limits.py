"""Per-user message and token limits and sign-in throttling, each refusal saying when to come back."""

from __future__ import annotations

import asyncio

import pytest

from backend.core.errors import RateLimited
from backend.core.rate_limits import PacedMemoryStorage, RateLimits, create_limit_storage


def limits(**overrides: int) -> RateLimits:
    values = {"messages_per_minute": 3, "tokens_per_day": 1000, "login_attempts": 2, "login_window_s": 60}
    values.update(overrides)
    return RateLimits(storage=create_limit_storage(""), **values)


async def test_messages_beyond_the_minute_limit_are_refused_with_retry_after() -> None:
    limiter = limits()
    for _ in range(3):
        await limiter.hit_message(1, estimated_tokens=10)
    with pytest.raises(RateLimited) as refused:
        await limiter.hit_message(1, estimated_tokens=10)
    assert 1 <= refused.value.retry_after_s <= 60
    assert refused.value.headers["Retry-After"] == str(refused.value.retry_after_s)
    await limiter.hit_message(2, estimated_tokens=10)  # another user is unaffected


async def test_daily_token_allowance_refuses_once_spent() -> None:
    limiter = limits(messages_per_minute=100)
    await limiter.hit_message(1, estimated_tokens=400)
    await limiter.charge_tokens(1, 900)
    with pytest.raises(RateLimited, match="today's conversation allowance"):
        await limiter.hit_message(1, estimated_tokens=400)


async def test_login_throttle_counts_failures_and_clears_on_success() -> None:
    limiter = limits()
    await limiter.check_login("A@b.c", "1.2.3.4")
    await limiter.record_login_failure("a@b.c", "1.2.3.4")
    await limiter.record_login_failure("a@b.c", "1.2.3.4")
    with pytest.raises(RateLimited, match="Too many failed sign-in attempts"):
        await limiter.check_login("a@b.c", "1.2.3.4")
    await limiter.check_login("a@b.c", "5.6.7.8")
    await limiter.clear_login_failures("a@b.c", "1.2.3.4")
    await limiter.check_login("a@b.c", "1.2.3.4")


async def test_a_busy_cohort_does_not_make_every_message_sweep_every_users_counters(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    sweeps = 0
    original = PacedMemoryStorage._MemoryStorage__expire_events  # type: ignore[attr-defined]

    async def counting(self: PacedMemoryStorage) -> None:
        nonlocal sweeps
        sweeps += 1
        await original(self)

    monkeypatch.setattr(PacedMemoryStorage, "_MemoryStorage__expire_events", counting)
    limiter = limits(messages_per_minute=5)
    for user in range(500):
        await limiter.hit_message(user, estimated_tokens=10)
        await limiter.charge_tokens(user, 10)
        await asyncio.sleep(0)  # as between a server's requests: a scheduled sweep gets to run
    assert 1 <= sweeps <= 2  # the library alone would start a sweep over every key after each hit
    for _ in range(4):
        await limiter.hit_message(7, estimated_tokens=10)
    with pytest.raises(RateLimited):  # limits still count exactly
        await limiter.hit_message(7, estimated_tokens=10)
