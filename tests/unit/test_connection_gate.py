"""Under overload requests get a database connection in arrival order, and a hopeless wait ends in a clear 503."""

from __future__ import annotations

import asyncio

import pytest
from sqlalchemy.exc import TimeoutError as PoolTimeout

from backend.core.db import ConnectionGate


async def test_waiters_are_served_in_arrival_order_even_when_a_newcomer_arrives_at_release() -> None:
    gate = ConnectionGate(slots=1, timeout_s=5)
    await gate.acquire()
    served: list[str] = []

    async def request(name: str) -> None:
        async with gate.slot():
            served.append(name)

    waiting = [asyncio.create_task(request(f"waiting-{i}")) for i in range(3)]
    await asyncio.sleep(0)  # all three are queued
    gate.release()
    newcomer = asyncio.create_task(request("newcomer"))  # arrives the moment a connection frees up
    await asyncio.gather(*waiting, newcomer)
    assert served == ["waiting-0", "waiting-1", "waiting-2", "newcomer"]


async def test_a_wait_past_the_pool_timeout_is_a_pool_timeout_the_api_answers_as_server_busy() -> None:
    gate = ConnectionGate(slots=1, timeout_s=0.05)
    await gate.acquire()
    with pytest.raises(PoolTimeout, match="no database connection became free"):
        await gate.acquire()
    gate.release()
    async with gate.slot():  # the slot that timed out was not leaked
        pass
