"""The async engine and the one-transaction-per-request session dependency."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import asyncpg
from sqlalchemy import Insert, event
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import ExceptionContext
from sqlalchemy.exc import InterfaceError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker, create_async_engine
from tenacity import AsyncRetrying, retry_if_exception_type, stop_after_delay, wait_exponential

from backend.core.config import Settings

SQLITE_BUSY_TIMEOUT_MS = 30_000
# For a write that must not be lost once paid for (a reply, an evaluation): retry while the database is busy or
# briefly away, up to a minute. Use `STORE_RETRY.copy()` per write.
STORE_RETRY = AsyncRetrying(
    retry=retry_if_exception_type((OperationalError, InterfaceError, PoolTimeout, OSError)),
    wait=wait_exponential(multiplier=0.2, max=3),
    stop=stop_after_delay(60),
    reraise=True,
)
# A PostgreSQL connection that is gone, going (the server shutting down) or whose protocol is in an unknown state
# (asyncpg's InternalClientError: a statement cut off by a shutdown still "in progress"). None may be used again.
BROKEN_CONNECTION = (asyncpg.InterfaceError, asyncpg.PostgresConnectionError, asyncpg.AdminShutdownError,
                     asyncpg.CrashShutdownError, asyncpg.CannotConnectNowError, asyncpg.InternalClientError)


def _prepare_sqlite_file(url: str) -> None:
    """Create the folder for a file database so a fresh clone starts without manual steps."""
    path = url.split(":///", 1)[-1].split("?", 1)[0]
    if path and path != ":memory:":
        Path(path).expanduser().resolve().parent.mkdir(parents=True, exist_ok=True)


def create_engine(settings: Settings) -> AsyncEngine:
    """WAL and a busy timeout let SQLite serve concurrent requests; PostgreSQL gets a pool sized for load."""
    url = settings.async_database_url
    if url.startswith("sqlite"):
        _prepare_sqlite_file(url)
        engine = create_async_engine(
            url, connect_args={"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000}, pool_size=settings.db_pool_size,
            max_overflow=settings.db_max_overflow, pool_timeout=settings.db_pool_timeout_s,
            # Every path ends its own transaction (the request's session, the turn store, `engine.begin()`), and
            # on aiosqlite the pool's extra rollback on return is one more trip to the connection's thread.
            pool_reset_on_return=None,
        )

        @event.listens_for(engine.sync_engine, "connect")
        def _sqlite_pragmas(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA synchronous=NORMAL")
            cursor.close()

        return engine
    engine = create_async_engine(
        url, pool_size=settings.db_pool_size, max_overflow=settings.db_max_overflow,
        pool_timeout=settings.db_pool_timeout_s,
    )
    event.listen(engine.sync_engine, "handle_error", _discard_broken_connection)
    return engine


def _discard_broken_connection(context: ExceptionContext) -> Exception | None:
    """SQLAlchemy only knows "connection is closed" as a disconnect: without a pre-ping, a connection that met a
    server shutdown would go back to the pool and fail the next request on it. Mark it, and report an outage."""
    error = context.original_exception
    if not isinstance(error, BROKEN_CONNECTION) and not isinstance(error.__cause__, BROKEN_CONNECTION):
        return None
    context.is_disconnect = True
    if context.sqlalchemy_exception is None:  # asyncpg's own client errors are not DBAPI errors
        return OperationalError(context.statement, context.parameters, error)
    return None


def create_sessionmaker(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return async_sessionmaker(engine, expire_on_commit=False, autoflush=False)


class ConnectionGate:
    """First come, first served admission to the connection pool, one slot per pooled connection.

    Under overload the pool alone lets a newcomer take a connection that was just freed ahead of requests
    already waiting, so some wait past the pool timeout while others are served twice. Python's semaphore
    queues newcomers behind waiters, so waits stay even and bounded by the queue's length.
    """

    def __init__(self, slots: int, timeout_s: float) -> None:
        self._slots = asyncio.Semaphore(slots)
        self._timeout_s = timeout_s

    async def acquire(self) -> None:
        try:
            async with asyncio.timeout(self._timeout_s):
                await self._slots.acquire()
        except TimeoutError:
            raise PoolTimeout(f"no database connection became free within {self._timeout_s:g}s") from None

    def release(self) -> None:
        self._slots.release()

    @asynccontextmanager
    async def slot(self) -> AsyncIterator[None]:
        await self.acquire()
        try:
            yield
        finally:
            self.release()


RELEASE_SLOT = "release_gate_slot"


def release_slot_early(session: AsyncSession) -> None:
    """After a commit that ends a request's database work (a turn before its LLM call), free its slot."""
    release = session.info.pop(RELEASE_SLOT, None)
    if release is not None:
        release()


async def session_scope(factory: async_sessionmaker[AsyncSession], gate: ConnectionGate | None = None
                        ) -> AsyncIterator[AsyncSession]:
    """Commit when the request succeeds, roll back when it raises: services only flush."""
    if gate is not None:
        await gate.acquire()
    async with factory() as session:
        if gate is not None:
            session.info[RELEASE_SLOT] = gate.release
        try:
            yield session
            await session.commit()
        except BaseException:
            await session.rollback()
            raise
        finally:
            release_slot_early(session)


def insert_unless_present(dialect: str, table: Any, values: dict[str, Any] | list[dict[str, Any]],
                          unique: list[str]) -> Insert:
    """INSERT ... ON CONFLICT DO NOTHING on a unique key (PostgreSQL and SQLite): a racing second insert is a
    no-op instead of an error, so "create once" holds under concurrent requests. A list inserts many rows."""
    insert = pg_insert(table) if dialect == "postgresql" else sqlite_insert(table)
    statement = insert.values(values) if isinstance(values, list) else insert.values(**values)
    return statement.on_conflict_do_nothing(index_elements=unique)  # type: ignore[return-value]
