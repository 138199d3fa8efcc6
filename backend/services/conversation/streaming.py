"""Streams a turn as Server-Sent Events while a background task owns the reply, so a disconnect loses nothing."""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import AsyncIterator
from typing import Any

from backend.runtime import Runtime
from backend.schemas.session import TurnResponse
from backend.services.conversation import turn as conversation

log = logging.getLogger("virtual_client")


def sse(event: str, data: Any) -> str:
    return f"event: {event}\ndata: {json.dumps(data, default=str, separators=(',', ':'))}\n\n"


async def turn_response(rt: Runtime, *, turn: conversation.PreparedTurn,
                        outcome: conversation.ReplyOutcome) -> TurnResponse:
    """Store the reply; the session totals a client shows come back from the same write."""
    stored = await conversation.store_reply(rt, turn, outcome)
    return TurnResponse(message=turn.student_message, reply=stored.reply, provider=outcome.provider,
                        session=stored.session)


def stream_turn(rt: Runtime, *, turn: conversation.PreparedTurn) -> AsyncIterator[str]:
    queue: asyncio.Queue[tuple[str, Any]] = asyncio.Queue()

    async def produce() -> None:
        try:
            outcome = await conversation.generate_reply(
                rt, turn,
                on_delta=lambda text: queue.put_nowait(("delta", {"text": text})),
                on_discard=lambda: queue.put_nowait(("discard", {"reason": "the reply was interrupted"})),
            )
            response = await turn_response(rt, turn=turn, outcome=outcome)
            queue.put_nowait(("done", response.model_dump(mode="json")))
        except Exception:
            log.exception("streamed turn failed after the student's message was stored (session %s)",
                          turn.session_id)
            queue.put_nowait(("error", {
                "error": "reply_not_stored",
                "detail": "Your message was saved, but the reply could not be stored. Reload to see the "
                          "conversation and try again.",
            }))

    rt.spawn(produce())

    async def events() -> AsyncIterator[str]:
        yield sse("message", turn.student_message.model_dump(mode="json"))
        while True:
            kind, data = await queue.get()
            yield sse(kind, data)
            if kind in ("done", "error"):
                return

    return events()
