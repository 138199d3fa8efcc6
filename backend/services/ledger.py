"""Writes what the admin reads: one row per provider call, and the error log (no secrets, no prompts)."""

from __future__ import annotations

import logging
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from backend.llm.base import TokenUsage
from backend.models.base import utcnow
from backend.models.ledger import ErrorEvent, LLMCall

log = logging.getLogger("virtual_client")
MAX_ERROR_TEXT = 500


def record_llm_call(
    db: AsyncSession,
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
) -> LLMCall:
    now = utcnow()
    call = LLMCall(
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
        day=now.date(),
        created_at=now,
    )
    db.add(call)
    return call


def record_error(
    db: AsyncSession,
    *,
    source: str,
    kind: str,
    message: str,
    session_id: int | None = None,
    user_id: int | None = None,
    context: dict[str, Any] | None = None,
) -> ErrorEvent:
    log.warning("%s/%s session=%s user=%s: %s", source, kind, session_id, user_id, message[:MAX_ERROR_TEXT])
    event = ErrorEvent(
        source=source,
        kind=kind,
        message=message[:MAX_ERROR_TEXT],
        context=context or {},
        session_id=session_id,
        user_id=user_id,
    )
    db.add(event)
    return event
