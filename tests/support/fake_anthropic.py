"""A fake Anthropic Messages API on 127.0.0.1, so the real SDK is tested over real HTTP without the internet.

Python: `with FakeAnthropicServer() as fake: fake.base_url`; `fake.script(["overloaded", "ok"])`.
Tool use: with `tool_input` set (configured, or per request: `{"behavior": "ok", "tool_input": {...}}`), a request
offering tools gets a `tool_use` block with that input (valid, malformed, quotes that do not match: any JSON);
unset, it gets a text reply, as from a model that ignored the tool.
HTTP (for a server under test in another process): POST /_fake/script, POST /_fake/config,
GET /_fake/requests, POST /_fake/reset, GET /_fake/health.
CLI: `python -m tests.support.fake_anthropic --port 8765 --latency 1.0 --chunks 10 --failure-rate 0.3`.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import math
from collections.abc import AsyncIterator
from dataclasses import dataclass, replace
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response, StreamingResponse
from starlette.routing import Route

from tests.support import fake_http
from tests.support.fake_http import FakeHttpServer, control_routes, echo_reply, new_id, record_request

BEHAVIORS = (
    "ok",
    "overloaded",
    "server_error",
    "rate_limited",
    "hang",
    "malformed",
    "stream_error",
    "bad_request",
    "auth_error",
)
ERRORS = {  # behaviour -> (status, error type, message)
    "overloaded": (529, "overloaded_error", "Overloaded"),
    "server_error": (500, "api_error", "Internal server error"),
    "rate_limited": (429, "rate_limit_error", "Number of request tokens has exceeded your rate limit."),
    "bad_request": (400, "invalid_request_error", "Scripted bad request"),
    "auth_error": (401, "authentication_error", "invalid x-api-key"),
}
MAX_BREAKPOINTS = 4


@dataclass
class FakeConfig(fake_http.BaseFakeConfig):
    min_cacheable_tokens: int = 0  # prefixes shorter than this are never cached
    tool_input: Any = None  # set: a request offering tools is answered by a tool_use with this input (any JSON)


def _tokens(text: str) -> int:
    return max(1, math.ceil(len(text) / 4))


def _text_of(content: Any) -> str:
    if isinstance(content, str):
        return content
    return " ".join(b.get("text", "") for b in content or [] if isinstance(b, dict))


def _blocks(body: dict[str, Any]) -> list[tuple[str, int, bool]]:
    """The prompt as (canonical text, tokens, is breakpoint) blocks in cache order: system, then messages."""
    system = body.get("system") or []
    parts: list[tuple[str, Any]] = [("system", b) for b in ([system] if isinstance(system, str) else system)]
    for msg in body.get("messages", []):
        content = msg.get("content")
        parts += [(msg.get("role"), b) for b in ([content] if isinstance(content, str) else content or [])]
    blocks = []
    for role, block in parts:
        if isinstance(block, str):
            block = {"type": "text", "text": block}
        plain = {k: v for k, v in block.items() if k != "cache_control"}
        canon = json.dumps([role, plain], sort_keys=True)
        blocks.append((canon, _tokens(block.get("text") or canon), "cache_control" in block))
    if body.get("cache_control") and blocks:  # top-level automatic caching marks the last block
        blocks[-1] = (blocks[-1][0], blocks[-1][1], True)
    return blocks


def validate(body: Any) -> str | None:
    """The first reason the real API would answer 400, or None."""
    if not isinstance(body, dict):
        return "Request body must be a JSON object."
    if not isinstance(body.get("model"), str) or not body["model"]:
        return "model: Field required"
    if not isinstance(body.get("max_tokens"), int) or body["max_tokens"] < 1:
        return "max_tokens: Field required (a positive integer)"
    messages = body.get("messages")
    if not isinstance(messages, list) or not messages:
        return "messages: at least one message is required"
    for i, msg in enumerate(messages):
        expected = "user" if i % 2 == 0 else "assistant"
        if not isinstance(msg, dict) or msg.get("role") != expected:
            return f"messages.{i}: roles must alternate between user and assistant, starting with user"
        content = msg.get("content")
        if not isinstance(content, (str, list)) or not _text_of(content).strip():
            return f"messages.{i}: content must be non-empty text"
    system = body.get("system")
    if system is not None and not isinstance(system, (str, list)):
        return "system: must be a string or a list of text blocks"
    found = sum(breakpoint for _, _, breakpoint in _blocks(body))
    if found > MAX_BREAKPOINTS:
        return f"A maximum of {MAX_BREAKPOINTS} blocks with cache_control may be provided. Found {found}."
    return _tool_problem(body)


# Tool use: a request with `tools` must name tools the real API would accept; `tool_message` answers it.
def _tool_problem(body: dict[str, Any]) -> str | None:
    tools, choice = body.get("tools"), body.get("tool_choice")
    if tools is None:
        return None
    if not isinstance(tools, list) or not all(isinstance(t, dict) and t.get("name") and
                                              isinstance(t.get("input_schema"), dict) for t in tools):
        return "tools: each tool needs a name and an input_schema object"
    if isinstance(choice, dict) and choice.get("type") == "tool" and choice.get("name") not in [
            t["name"] for t in tools]:
        return f"tool_choice.name: {choice.get('name')!r} is not one of the tools"
    return None


def tool_message(body: dict[str, Any], cfg: FakeConfig, usage: dict[str, int]) -> dict[str, Any]:
    """A finished message answering with the forced tool (else the first one), stop_reason `tool_use`."""
    choice = body.get("tool_choice") or {}
    tool = next((t for t in body["tools"] if t["name"] == choice.get("name")), body["tools"][0])
    answer = cfg.tool_input
    message = _message(body["model"], "", {**usage, "input_tokens": usage["input_tokens"] +
                                           _tokens(json.dumps(body["tools"])),
                                           "output_tokens": _tokens(json.dumps(answer))})
    message["content"] = [{"type": "tool_use", "id": new_id("toolu_"), "name": tool["name"], "input": answer}]
    message["stop_reason"] = "tool_use"
    return message


def default_reply(body: dict[str, Any]) -> str:
    return echo_reply(body["messages"], _text_of)


class FakeState(fake_http.FakeState[FakeConfig]):
    """The shared state plus the prompt cache this fake emulates."""

    def __init__(self, config: FakeConfig) -> None:
        super().__init__(config, BEHAVIORS)

    def on_reset(self) -> None:
        self.cache: set[str] = set()

    def usage(self, body: dict[str, Any], min_cacheable: int) -> dict[str, int]:
        """Input usage with caching emulated: the longest cached prefix is read, later breakpoints written."""
        digest = hashlib.sha256(body["model"].encode())
        positions: list[tuple[str, int]] = []  # (prefix hash, prefix tokens) after each block
        breakpoints: list[int] = []  # indexes of cacheable breakpoints
        for canon, tokens, breakpoint in _blocks(body):
            digest.update(canon.encode())
            positions.append((digest.hexdigest(), tokens + (positions[-1][1] if positions else 0)))
            if breakpoint and positions[-1][1] >= max(min_cacheable, 1):
                breakpoints.append(len(positions) - 1)
        total, read, written = positions[-1][1] if positions else 0, 0, 0
        if breakpoints:
            with self.lock:
                read = next((n for h, n in reversed(positions[: breakpoints[-1] + 1]) if h in self.cache), 0)
                written = positions[breakpoints[-1]][1] - read
                self.cache.update(positions[i][0] for i in breakpoints)
        return {
            "input_tokens": total - read - written,
            "cache_creation_input_tokens": written,
            "cache_read_input_tokens": read,
        }


def _error(status: int, kind: str, message: str, headers: dict[str, str] | None = None) -> JSONResponse:
    body = {"type": "error", "error": {"type": kind, "message": message}, "request_id": new_id("req_")}
    return JSONResponse(
        body, status_code=status, headers={"request-id": body["request_id"], **(headers or {})}
    )


def _sse(event: str, data: dict[str, Any]) -> bytes:
    return f"event: {event}\ndata: {json.dumps(data)}\n\n".encode()


def _message(model: str, text: str, usage: dict[str, int], streaming: bool = False) -> dict[str, Any]:
    return {
        "id": new_id("msg_"),
        "type": "message",
        "role": "assistant",
        "model": model,
        "content": [] if streaming else [{"type": "text", "text": text}],
        "stop_reason": None if streaming else "end_turn",
        "stop_sequence": None,
        "usage": usage,
    }


async def _sse_reply(
    body: dict[str, Any], text: str, usage: dict[str, int], cfg: FakeConfig, behavior: str
) -> AsyncIterator[bytes]:
    """The events of a streamed reply; stream_error ends in `event: error`, malformed sends a broken event."""
    if behavior == "malformed":
        bad = '{"type": "message_start"}' if cfg.malformed == "wrong_shape" else "{not json"
        yield f"event: message_start\ndata: {bad}\n\n".encode()
        return
    fail_after = cfg.stream_error_after if behavior == "stream_error" else None
    yield _sse(
        "message_start",
        {
            "type": "message_start",
            "message": _message(body["model"], "", {**usage, "output_tokens": 1}, True),
        },
    )
    yield _sse(
        "content_block_start",
        {"type": "content_block_start", "index": 0, "content_block": {"type": "text", "text": ""}},
    )
    yield _sse("ping", {"type": "ping"})
    n = max(1, cfg.chunks)
    size = max(1, math.ceil(len(text) / n))
    for i, start in enumerate(range(0, len(text), size)):
        if fail_after is not None and i >= fail_after:
            break
        await asyncio.sleep(cfg.latency / n)
        yield _sse(
            "content_block_delta",
            {
                "type": "content_block_delta",
                "index": 0,
                "delta": {"type": "text_delta", "text": text[start : start + size]},
            },
        )
    if fail_after is not None:
        yield _sse("error", {"type": "error", "error": {"type": "overloaded_error", "message": "Overloaded"}})
        return
    yield _sse("content_block_stop", {"type": "content_block_stop", "index": 0})
    yield _sse(
        "message_delta",
        {
            "type": "message_delta",
            "delta": {"stop_reason": "end_turn", "stop_sequence": None},
            "usage": {"output_tokens": _tokens(text)},
        },
    )
    yield _sse("message_stop", {"type": "message_stop"})


def build_app(state: FakeState) -> Starlette:
    """The Starlette app: the Messages endpoint plus the /_fake control endpoints."""

    async def messages(request: Request) -> Response:
        body, entry = await record_request(state, request)
        # anthropic 2.x sends the key as `Authorization: Bearer`; older SDKs and curl use `x-api-key`
        bearer = request.headers.get("authorization", "").removeprefix("Bearer ").strip()
        if not (request.headers.get("x-api-key") or bearer):
            return _error(401, "authentication_error", "x-api-key or Authorization header is required")
        problem = validate(body)
        if problem:
            return _error(400, "invalid_request_error", problem)
        behavior, cfg = state.next_plan()
        entry["behavior"] = behavior
        streaming = bool(body.get("stream"))
        if behavior == "hang":
            if not await fake_http.hang(state, request, cfg.hang_seconds):
                return Response(status_code=499)
            behavior = "ok"
        if behavior == "stream_error" and not streaming:
            behavior = "overloaded"
        if behavior in ERRORS:
            status, kind, message = ERRORS[behavior]
            headers = {"retry-after": f"{cfg.retry_after:g}"} if behavior == "rate_limited" else None
            return _error(status, kind, message, headers)
        text = cfg.reply_text if cfg.reply_text is not None else default_reply(body)
        usage = state.usage(body, cfg.min_cacheable_tokens)
        if cfg.tool_input is not None and body.get("tools") and not streaming:
            return JSONResponse(tool_message(body, cfg, usage))
        if streaming:
            return StreamingResponse(
                _sse_reply(body, text, usage, cfg, behavior), media_type="text/event-stream"
            )
        await asyncio.sleep(cfg.latency)
        if behavior == "malformed":
            if cfg.malformed == "wrong_shape":
                return JSONResponse({"id": new_id("msg_"), "type": "message", "content": "not a list"})
            return Response(b'{"id": "msg_broken", "content": [', media_type="application/json")
        return JSONResponse(_message(body["model"], text, {**usage, "output_tokens": _tokens(text)}))

    return Starlette(routes=[Route("/v1/messages", messages, methods=["POST"]), *control_routes(state)])


class FakeAnthropicServer(FakeHttpServer[FakeConfig]):
    """The fake, served by uvicorn on a background thread; a context manager that yields itself."""

    def __init__(
        self, config: FakeConfig | None = None, *, host: str = "127.0.0.1", port: int = 0, **overrides: Any
    ) -> None:
        super().__init__(FakeState(replace(config or FakeConfig(), **overrides)), build_app, host=host, port=port)

    def __enter__(self) -> FakeAnthropicServer:
        self.start()
        return self


def main(argv: list[str] | None = None) -> None:
    parser = fake_http.cli_parser("Fake Anthropic Messages API for tests and benchmarks.", 8765, BEHAVIORS)
    parser.add_argument("--min-cacheable-tokens", type=int, default=0)
    args = parser.parse_args(argv)
    config = FakeConfig(**fake_http.cli_config(args), min_cacheable_tokens=args.min_cacheable_tokens)
    print(f"fake Anthropic API on http://{args.host}:{args.port}", flush=True)
    fake_http.serve_forever(FakeState(config), build_app, args.host, args.port)


if __name__ == "__main__":
    main()
