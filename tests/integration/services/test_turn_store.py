"""The turn's store on a real database: a reply whose commit succeeded but whose answer was lost is not stored
twice when the store is retried, and the session's totals count it once."""

from __future__ import annotations

import asyncio
import types
from collections.abc import AsyncIterator
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import OperationalError

from backend.core.config import Settings
from backend.models.ledger import LLMCall
from backend.models.message import Message
from backend.models.session import PracticeSession
from backend.models.user import UserRole
from backend.runtime import Runtime, build_runtime
from tests.integration.services.factories import conversation, person, persona
from tests.support.databases import migrated_database
from tests.support.postgres import PostgresServer


@pytest.fixture(params=["sqlite", "postgres"])
async def runtime(request: pytest.FixtureRequest, postgres_server: PostgresServer | None) -> AsyncIterator[Runtime]:
    if request.param == "postgres" and postgres_server is None:
        pytest.skip("PostgreSQL is not available here")
    url = await asyncio.to_thread(migrated_database, request.param, postgres_server)
    built = build_runtime(Settings(DATABASE_URL=url, VC_LLM_PROVIDER="offline", VC_ENV="test",
                                   VC_MESSAGES_PER_MINUTE=1000))
    yield built
    await built.aclose()


async def _count(runtime: Runtime, statement: Any) -> int:
    async with runtime.session_factory() as db:
        return int(await db.scalar(statement) or 0)


async def test_a_store_retried_after_a_lost_commit_answer_keeps_one_reply(runtime: Runtime) -> None:
    async with runtime.session_factory() as db:
        teacher, student = await person(db, UserRole.teacher), await person(db)
        held = await conversation(db, student, await persona(db, teacher))
        await db.commit()
    turns = runtime.turns
    turn = await turns.accept(user_id=student.id, session_id=held.id, content="How have you been sleeping?",
                              key=None)
    outcome = await turns.replies.generate(turn.request)

    real = turns.store.sql
    calls = {"n": 0}

    async def store_then_lose_the_answer(conn: Any, reply: Any, keys: Any) -> Any:
        stored = await real.store_reply(conn, reply, keys)
        calls["n"] += 1
        if calls["n"] == 1:  # committed, but the caller never hears so (a dropped connection at the worst moment)
            raise OperationalError("commit answer lost", None, ConnectionResetError())
        return stored

    turns.store.sql = types.SimpleNamespace(**{name: getattr(real, name) for name in dir(real)
                                               if not name.startswith("_")})
    turns.store.sql.store_reply = store_then_lose_the_answer
    try:
        response = await turns.store_reply(turn, outcome)
    finally:
        turns.store.sql = real

    assert calls["n"] == 1, "the retry found the reply already stored instead of writing it again"
    replies = select(func.count()).select_from(Message).where(Message.session_id == held.id,
                                                               Message.role == "assistant")
    assert await _count(runtime, replies) == 1
    assert await _count(runtime, select(func.count()).select_from(LLMCall).where(LLMCall.session_id == held.id)) == 1
    count = select(PracticeSession.message_count).where(PracticeSession.id == held.id)
    assert await _count(runtime, count) == 2 == response.session.message_count
    assert response.reply.content == outcome.text and response.reply.sequence == 2

