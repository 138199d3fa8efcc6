"""Databases for service tests: built once by Alembic, then each test runs inside a transaction rolled back after it."""

from __future__ import annotations

import tempfile
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, create_async_engine

from backend.core.config import normalise_database_url
from backend.core.migrations import upgrade_to_head
from tests.support.postgres import PostgresServer


def migrated_database(kind: str, postgres: PostgresServer | None) -> str:
    """A fresh database at the newest schema, built the way production builds it (`alembic upgrade head`)."""
    if kind == "sqlite":
        url = f"sqlite:///{Path(tempfile.mkdtemp(prefix='vc-svc-')) / 'services.db'}"
    else:
        assert postgres is not None
        url = postgres.create_database()
    upgrade_to_head(normalise_database_url(url))
    return url


def rollback_engine(url: str) -> AsyncEngine:
    """An engine whose transactions can hold savepoints on SQLite too (pysqlite begins them lazily otherwise)."""
    engine = create_async_engine(normalise_database_url(url))
    if engine.dialect.name == "sqlite":

        @event.listens_for(engine.sync_engine, "connect")
        def _autocommit_driver(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
            dbapi_connection.isolation_level = None
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.close()

        @event.listens_for(engine.sync_engine, "begin")
        def _explicit_begin(connection) -> None:  # type: ignore[no-untyped-def]
            connection.exec_driver_sql("BEGIN")

    return engine


@asynccontextmanager
async def rolled_back_session(engine: AsyncEngine) -> AsyncIterator[AsyncSession]:
    """A session inside an outer transaction that is always rolled back: services' commits become savepoints."""
    async with engine.connect() as connection:
        outer = await connection.begin()
        session = AsyncSession(bind=connection, join_transaction_mode="create_savepoint", expire_on_commit=False,
                               autoflush=False)
        try:
            yield session
        finally:
            await session.close()
            await outer.rollback()
