"""Writes what the admin reads: one row per provider call, and the error log (no secrets, no prompts)."""

from __future__ import annotations

import logging
from typing import Any

from sqlalchemy import insert
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from backend.core.request_audit import AuditEntry
from backend.llm.base import TokenUsage
from backend.models.base import utcnow
from backend.models.ledger import CallPurpose, ErrorEvent, LLMCall

log = logging.getLogger("virtual_client")
MAX_ERROR_TEXT = 500
INSERT_LLM_CALL = insert(LLMCall)  # built once: one row per provider call is on every turn


async def record_llm_call(
    conn: AsyncConnection,
    *,
    session_id: int | None,
    user_id: int | None,
    teacher_id: int | None,
    provider: str,
    model: str,
    usage: TokenUsage,
    cost_usd: float,
    latency_ms: int,
    outcome: str,
    error: str | None = None,
    streamed: bool = False,
    purpose: CallPurpose = CallPurpose.conversation,
) -> None:
    now = utcnow()
    await conn.execute(INSERT_LLM_CALL, dict(
        session_id=session_id,
        user_id=user_id,
        teacher_id=teacher_id,
        provider=provider,
        model=model,
        input_tokens=usage.input_tokens,
        output_tokens=usage.output_tokens,
        cache_creation_tokens=usage.cache_creation_input_tokens,
        cache_read_tokens=usage.cache_read_input_tokens,
        cost_usd=cost_usd,
        latency_ms=latency_ms,
        outcome=outcome,
        error=(error or None) and error[:MAX_ERROR_TEXT],
        streamed=streamed,
        usage_estimated=usage.estimated,
        purpose=purpose,
        day=now.date(),
        created_at=now,
    ))


async def record_error(
    conn: AsyncConnection,
    *,
    source: str,
    kind: str,
    message: str,
    session_id: int | None = None,
    user_id: int | None = None,
    context: dict[str, Any] | None = None,
) -> None:
    log.warning("%s/%s session=%s user=%s: %s", source, kind, session_id, user_id, message[:MAX_ERROR_TEXT])
    await conn.execute(insert(ErrorEvent).values(
        source=source,
        kind=kind,
        message=message[:MAX_ERROR_TEXT],
        context=context or {},
        session_id=session_id,
        user_id=user_id,
        created_at=utcnow(),
    ))


async def write_audit(db_engine: AsyncEngine, entries: list[AuditEntry]) -> None:
    """Refusal counts and security events noted in memory, written to the error log in one transaction."""
    if not entries:
        return
    async with db_engine.begin() as conn:
        for entry in entries:
            await record_error(conn, source=entry.source, kind=entry.kind, message=entry.message,
                               context=entry.context)
