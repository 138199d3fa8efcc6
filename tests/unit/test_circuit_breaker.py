"""closed → open after N failures → one half-open probe after the cool-down → closed again."""

from __future__ import annotations

import asyncio

import pytest

from backend.core.circuit_breaker import CircuitBreaker, CircuitOpen, CircuitState
from backend.core.state_store import MemoryStateStore


def breaker(threshold: int = 3, cooldown: float = 0.2) -> CircuitBreaker:
    return CircuitBreaker(MemoryStateStore(), failure_threshold=threshold, cooldown_s=cooldown)


async def test_stays_closed_below_the_threshold() -> None:
    circuit = breaker()
    for _ in range(2):
        await circuit.before_call()
        await circuit.record_failure()
    await circuit.before_call()
    assert (await circuit.snapshot()).state is CircuitState.closed


async def test_opens_after_consecutive_failures_and_refuses_calls() -> None:
    circuit = breaker()
    for _ in range(3):
        await circuit.record_failure()
    snap = await circuit.snapshot()
    assert snap.state is CircuitState.open and snap.consecutive_failures == 3
    with pytest.raises(CircuitOpen):
        await circuit.before_call()


async def test_a_success_resets_the_count() -> None:
    circuit = breaker()
    await circuit.record_failure()
    await circuit.record_failure()
    await circuit.record_success()
    await circuit.record_failure()
    assert (await circuit.snapshot()).state is CircuitState.closed


async def test_half_open_lets_exactly_one_probe_through() -> None:
    circuit = breaker(cooldown=0.1)
    for _ in range(3):
        await circuit.record_failure()
    await asyncio.sleep(0.15)
    assert (await circuit.snapshot()).state is CircuitState.half_open
    await circuit.before_call()
    with pytest.raises(CircuitOpen):
        await circuit.before_call()
    await circuit.record_success()
    assert (await circuit.snapshot()).state is CircuitState.closed
    await circuit.before_call()


async def test_a_failed_probe_reopens_for_a_fresh_cooldown() -> None:
    circuit = breaker(threshold=5, cooldown=0.1)
    for _ in range(5):
        await circuit.record_failure()
    await asyncio.sleep(0.15)
    await circuit.before_call()
    await circuit.record_failure()
    snap = await circuit.snapshot()
    assert snap.state is CircuitState.open and snap.retry_in_s > 0.05
