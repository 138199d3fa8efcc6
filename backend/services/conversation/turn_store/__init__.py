"""The turn's reads and writes, hand-written for each database: the hottest path of the product.

The rest of the app goes through SQLAlchemy. A turn runs straight on the driver connection (from the same pool,
behind the same admission gate), with its statements merged into as few round trips as each database allows:
on a busy box SQLAlchemy's per-statement work and aiosqlite's per-statement thread hops cost more than the SQL.
Driver failures leave as SQLAlchemy's errors, so the usual handlers and the reply's store retry apply.
"""

from __future__ import annotations

import asyncio
import logging
import sqlite3
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from types import ModuleType
from typing import Any

import asyncpg
from sqlalchemy.exc import DBAPIError, IntegrityError, OperationalError
from sqlalchemy.ext.asyncio import AsyncEngine

from backend.core.db import BROKEN_CONNECTION, ConnectionGate
from backend.services.conversation.turn_store import postgres, sqlite
from backend.services.conversation.turn_store.rows import DuplicateMessage, ReplyAlreadyStored

log = logging.getLogger("virtual_client")
LOST_CONNECTION = (*BROKEN_CONNECTION, asyncpg.OperatorInterventionError, OSError)
# Worth another try: a deadlock or serialization failure, a server short of resources, SQLite busy or locked.
PASSING = (asyncpg.TransactionRollbackError, asyncpg.InsufficientResourcesError, sqlite3.OperationalError)


class TurnStore:
    def __init__(self, engine: AsyncEngine, gate: ConnectionGate) -> None:
        self._engine, self._gate = engine, gate
        self.sql: ModuleType = postgres if engine.dialect.name == "postgresql" else sqlite
        # SQLite takes one writer at a time: queueing this process's writers here, first come first served, is
        # cheaper and fairer than letting them all retry the database lock on its busy handler's backoff.
        self._write_turn = asyncio.Lock() if self.sql is sqlite else None

    @asynccontextmanager
    async def writing(self) -> AsyncIterator[None]:
        """Wrap a write: a queue of one on SQLite, nothing on PostgreSQL (its row locks are enough)."""
        if self._write_turn is None:
            yield
            return
        async with self._write_turn:
            yield

    @asynccontextmanager
    async def connection(self) -> AsyncIterator[Any]:
        """A pooled driver connection (asyncpg or aiosqlite); a lost one is discarded, not returned to the pool."""
        async with self._gate.slot(), self._engine.connect() as conn:
            raw = await conn.get_raw_connection()
            try:
                yield raw.driver_connection
            except (DuplicateMessage, ReplyAlreadyStored):
                raise
            except LOST_CONNECTION as exc:
                log.warning("turn store lost its connection: %s: %s", type(exc).__name__, exc)
                await conn.invalidate()
                raise OperationalError("turn store", None, exc) from exc
            except (asyncpg.IntegrityConstraintViolationError, sqlite3.IntegrityError) as exc:
                raise IntegrityError("turn store", None, exc) from exc
            except PASSING as exc:
                log.warning("turn store: %s: %s", type(exc).__name__, exc)
                raise OperationalError("turn store", None, exc) from exc
            except (asyncpg.PostgresError, sqlite3.Error) as exc:  # the server refused the statement: still usable
                raise DBAPIError("turn store", None, exc) from exc
            except asyncio.CancelledError:  # the request was cancelled mid-statement: the reply may still arrive
                await conn.invalidate()
                raise
