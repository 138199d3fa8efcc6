"""The rig's ceiling: the thinnest server that does a turn, to measure the real API against on the same box.

One process, the same uvicorn stack, no database, no auth, no limits: a turn appends the student's line to an
in-memory history, makes one call through the same Claude provider (the official SDK on its aiohttp transport,
the same persona's system blocks, the same fake), appends the reply and answers in the API's shape (plain JSON,
or the same Server-Sent Events). It keeps the whole history and sends no trust note: windowing the history and
tracking the client's trust are product work, part of what the API adds. Whatever the real API loses against it
is the cost of what it adds.

    python -m bench.reference_server --port 8600 --fake http://127.0.0.1:8765 [--max-connections 4096]
"""

from __future__ import annotations

import argparse
import itertools
import json
from collections.abc import AsyncIterator
from typing import Any

import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response, StreamingResponse
from starlette.routing import Route

from backend.demo.data import DEMO_CLIENTS
from backend.llm.base import ChatTurn, ConversationRequest, LLMReply
from backend.llm.claude.provider import ClaudeProvider
from backend.services.prompting.prompt import system_blocks

MAX_TOKENS = 300
PERSONA: dict[str, Any] = {key: value for key, value in DEMO_CLIENTS[0].items() if key != "is_published"}
SYSTEM_BLOCKS = system_blocks(PERSONA)  # the API's own blocks, so the wire and its cache breakpoints match


def _sse(event: str, data: Any) -> str:
    return f"event: {event}\ndata: {json.dumps(data, separators=(',', ':'))}\n\n"


def build_app(provider: ClaudeProvider) -> Starlette:
    histories: dict[int, list[ChatTurn]] = {}
    ids = itertools.count(1)

    def request_for(session_id: int, text: str) -> tuple[list[ChatTurn], ConversationRequest, dict[str, Any]]:
        history = histories.setdefault(session_id, [])
        history.append(ChatTurn("user", text))
        message = {"id": next(ids), "session_id": session_id, "sequence": len(history), "role": "user",
                   "content": text}
        request = ConversationRequest(persona=PERSONA, system_blocks=SYSTEM_BLOCKS, messages=list(history),
                                      max_tokens=MAX_TOKENS, turn_index=(len(history) + 1) // 2)
        return history, request, message

    def reply_of(history: list[ChatTurn], session_id: int, reply: LLMReply) -> dict[str, Any]:
        history.append(ChatTurn("assistant", reply.text))
        return {"id": next(ids), "session_id": session_id, "sequence": len(history), "role": "assistant",
                "content": reply.text, "is_fallback": False, "input_tokens": reply.usage.input_tokens,
                "output_tokens": reply.usage.output_tokens}

    async def turn(request: Request) -> Response:
        session_id = int(request.path_params["session_id"])
        history, call, message = request_for(session_id, (await request.json())["content"])
        try:
            answered = await provider.complete(call)
        except Exception:
            history.pop()  # keep the history alternating for the next turn
            raise
        reply = reply_of(history, session_id, answered)
        return JSONResponse({"message": message, "reply": reply, "provider": provider.name}, status_code=201)

    async def streamed_turn(request: Request) -> Response:
        session_id = int(request.path_params["session_id"])
        history, call, message = request_for(session_id, (await request.json())["content"])

        async def events() -> AsyncIterator[str]:
            yield _sse("message", message)
            async for item in provider.stream(call):
                if isinstance(item, str):
                    yield _sse("delta", {"text": item})
                else:
                    yield _sse("done", {"message": message, "reply": reply_of(history, session_id, item),
                                        "provider": provider.name})

        return StreamingResponse(events(), media_type="text/event-stream")

    async def me(request: Request) -> Response:
        return JSONResponse({"id": 0, "role": "student"})  # the drivers open their connections with it

    return Starlette(routes=[
        Route("/api/v1/sessions/{session_id:int}/messages", turn, methods=["POST"]),
        Route("/api/v1/sessions/{session_id:int}/messages/stream", streamed_turn, methods=["POST"]),
        Route("/api/v1/auth/me", me, methods=["GET"]),
        Route("/health", lambda request: JSONResponse({"status": "ok"}), methods=["GET"]),
    ])


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--fake", required=True, help="base URL of the fake Messages API")
    parser.add_argument("--model", default="claude-haiku-4-5")
    parser.add_argument("--max-connections", type=int, default=4096, help="as VC_LLM_MAX_CONCURRENCY for the API")
    args = parser.parse_args(argv)
    provider = ClaudeProvider(api_key="bench-key", model=args.model, base_url=args.fake, max_retries=2,
                              timeout_s=30.0, max_tokens=MAX_TOKENS, max_connections=args.max_connections)
    uvicorn.run(build_app(provider), host="127.0.0.1", port=args.port, log_level="warning", access_log=False,
                timeout_graceful_shutdown=5)


if __name__ == "__main__":
    main()
