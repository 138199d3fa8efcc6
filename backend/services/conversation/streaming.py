"""Streams a turn as Server-Sent Events while a background task owns the reply, so a disconnect loses nothing."""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

from backend.core.background import BackgroundTasks
from backend.schemas.session import MessageRead, TurnResponse

log = logging.getLogger("virtual_client")

# Given where to send text deltas and how to void them, produces the stored turn.
ReplyProducer = Callable[[Callable[[str], None], Callable[[], None]], Awaitable[TurnResponse]]


def sse(event: str, data: Any) -> str:
    return f"event: {event}\ndata: {json.dumps(data, default=str, separators=(',', ':'))}\n\n"


def stream_events(student_message: MessageRead, produce: ReplyProducer, background: BackgroundTasks, *,
                  session_id: int) -> AsyncIterator[str]:
    """`message` (the stored student message), `delta`*, optional `discard`, then `done` or `error`."""
    queue: asyncio.Queue[tuple[str, Any]] = asyncio.Queue()

    async def run() -> None:
        try:
            response = await produce(
                lambda text: queue.put_nowait(("delta", {"text": text})),
                lambda: queue.put_nowait(("discard", {"reason": "the reply was interrupted"})),
            )
            queue.put_nowait(("done", response.model_dump(mode="json")))
        except Exception:
            log.exception("streamed turn failed after the student's message was stored (session %s)", session_id)
            queue.put_nowait(("error", {
                "error": "reply_not_stored",
                "detail": "Your message was saved, but the reply could not be stored. Reload to see the "
                          "conversation and try again.",
            }))

    background.spawn(run())

    async def events() -> AsyncIterator[str]:
        yield sse("message", student_message.model_dump(mode="json"))
        while True:
            kind, data = await queue.get()
            yield sse(kind, data)
            if kind in ("done", "error"):
                return

    return events()


def replayed_events(response: TurnResponse) -> AsyncIterator[str]:
    """A repeated send's stream: the stored message and the stored turn, nothing written again."""

    async def events() -> AsyncIterator[str]:
        yield sse("message", response.message.model_dump(mode="json"))
        yield sse("done", response.model_dump(mode="json"))

    return events()
