"""A PostgreSQL connection cut off under a request (a server shutdown, a failover, a request cancelled while the
server was still answering) never goes back to the pool: the next student on it gets a reply, not an error."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable

import asyncpg
import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from backend.core.config import Settings
from backend.runtime import Runtime, build_runtime
from tests.support.databases import migrated_database
from tests.support.postgres import PostgresServer


@pytest.fixture
async def one_connection(postgres_server: PostgresServer | None) -> AsyncIterator[tuple[Runtime, str]]:
    """A runtime whose pool holds a single connection, so the next request is sure to get the same one."""
    if postgres_server is None:
        pytest.skip("PostgreSQL is not available here")
    url = await asyncio.to_thread(migrated_database, "postgres", postgres_server)
    runtime = build_runtime(Settings(DATABASE_URL=url, VC_LLM_PROVIDER="offline", VC_ENV="test",
                                     VC_DB_POOL_SIZE=1, VC_DB_MAX_OVERFLOW=0))
    yield runtime, url
    await runtime.aclose()


async def _terminate_backend(url: str, pid: int) -> None:
    """What a fast shutdown does to each connection: the server ends it from its side."""
    admin = await asyncpg.connect(url.replace("postgresql+asyncpg://", "postgresql://"))
    try:
        assert await admin.fetchval("SELECT pg_terminate_backend($1)", pid)
    finally:
        await admin.close()


async def _cut_off_while_running(sleeping: Callable[[], Awaitable[None]], url: str, pid: int) -> None:
    """End the connection from the server's side while its statement runs: the request must see an outage."""
    running = asyncio.create_task(sleeping())
    await asyncio.sleep(0.3)
    await _terminate_backend(url, pid)
    with pytest.raises(DBAPIError):  # answered as 503 database_unavailable, never a 500
        await running


async def test_a_turn_cancelled_mid_statement_leaves_a_usable_pool(one_connection: tuple[Runtime, str]) -> None:
    store = one_connection[0].turns.store

    async def slow_statement() -> None:
        async with store.connection() as conn:
            await conn.fetchval("SELECT pg_sleep(2)")

    cancelled = asyncio.create_task(slow_statement())
    await asyncio.sleep(0.3)
    cancelled.cancel()
    with pytest.raises(asyncio.CancelledError):
        await cancelled
    async with store.connection() as conn:
        assert await conn.fetchval("SELECT 1") == 1


async def test_the_turn_store_reports_a_server_ended_connection_as_an_outage_and_then_recovers(
        one_connection: tuple[Runtime, str]) -> None:
    runtime, url = one_connection
    store = runtime.turns.store
    async with store.connection() as conn:
        pid = await conn.fetchval("SELECT pg_backend_pid()")

    async def sleeping() -> None:
        async with store.connection() as conn:
            await conn.fetchval("SELECT pg_sleep(2)")

    await _cut_off_while_running(sleeping, url, pid)
    async with store.connection() as conn:
        assert await conn.fetchval("SELECT pg_backend_pid()") != pid


async def test_a_request_on_a_server_ended_connection_is_an_outage_and_the_next_one_is_served(
        one_connection: tuple[Runtime, str]) -> None:
    runtime, url = one_connection
    async with runtime.session_factory() as db:
        pid = await db.scalar(text("SELECT pg_backend_pid()"))

    async def sleeping() -> None:
        async with runtime.session_factory() as db:
            await db.scalar(text("SELECT pg_sleep(2)"))

    await _cut_off_while_running(sleeping, url, pid)
    async with runtime.session_factory() as db:
        assert await db.scalar(text("SELECT pg_backend_pid()")) != pid
