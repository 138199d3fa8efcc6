"""A fake Anthropic Messages API on 127.0.0.1, so the real SDK is tested over real HTTP without the internet.

Python: `with FakeAnthropicServer() as fake: fake.base_url`; `fake.script(["overloaded", "ok"])`.
HTTP (for a server under test in another process): POST /_fake/script, POST /_fake/config,
GET /_fake/requests, POST /_fake/reset, GET /_fake/health.
CLI: `python -m tests.support.fake_anthropic --port 8765 --latency 1.0 --chunks 10 --failure-rate 0.3`.
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import json
import math
import random
import socket
import threading
import time
import uuid
from collections import deque
from collections.abc import AsyncIterator
from dataclasses import asdict, dataclass, field, fields, replace
from typing import Any

import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response, StreamingResponse
from starlette.routing import Route

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
class FakeConfig:
    """How the fake answers when no scripted behaviour is queued; a script item may override any field."""

    default: str = "ok"
    latency: float = 0.0  # seconds per reply; streamed replies spread it over the deltas
    chunks: int = 5  # text deltas per streamed reply
    reply_text: str | None = None  # None: a short reply echoing the last user message
    retry_after: float = 1.0  # the 429 `retry-after` header, seconds
    hang_seconds: float = 30.0  # a hang answers normally after this long (or when the client leaves)
    failure_rate: float = 0.0  # probability that an unscripted request fails with one of failure_kinds
    failure_kinds: list[str] = field(default_factory=lambda: ["overloaded", "hang", "malformed"])
    seed: int = 0
    min_cacheable_tokens: int = 0  # prefixes shorter than this are never cached
    stream_error_after: int = 2  # text deltas sent before a stream_error's `event: error`
    malformed: str = "invalid_json"  # or "wrong_shape"
    record_limit: int = 5000  # recorded requests kept (the count keeps growing)
    tool_input: Any = None  # a tool-use request's answer (`input`); None: an example built from the tool's schema


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


# Tool use: a request with `tools` is answered with a `tool_use` block whose input is scripted (`tool_input`,
# any JSON: a valid answer, a malformed one, one whose quotes do not match) or an example from the schema.
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


def schema_example(schema: dict[str, Any]) -> Any:
    """The smallest value a JSON schema allows, roughly: what an unscripted tool call answers with."""
    kind = schema.get("type")
    kind = next((k for k in kind if k != "null"), "null") if isinstance(kind, list) else kind
    if "enum" in schema:
        return schema["enum"][0]
    if kind == "object":
        properties = schema.get("properties", {})
        return {name: schema_example(properties.get(name, {})) for name in schema.get("required", properties)}
    if kind == "array":
        return [schema_example(schema.get("items", {})) for _ in range(schema.get("minItems", 0))]
    return {"string": "example", "integer": 1, "number": 1, "boolean": True}.get(str(kind))


def tool_message(body: dict[str, Any], cfg: FakeConfig, usage: dict[str, int]) -> dict[str, Any]:
    """A finished message answering with the forced tool (else the first one), stop_reason `tool_use`."""
    choice = body.get("tool_choice") or {}
    tool = next((t for t in body["tools"] if t["name"] == choice.get("name")), body["tools"][0])
    answer = cfg.tool_input if cfg.tool_input is not None else schema_example(tool["input_schema"])
    message = _message(body["model"], "", {**usage, "input_tokens": usage["input_tokens"] +
                                           _tokens(json.dumps(body["tools"])),
                                           "output_tokens": _tokens(json.dumps(answer))})
    message["content"] = [{"type": "tool_use", "id": _id("toolu_"), "name": tool["name"], "input": answer}]
    message["stop_reason"] = "tool_use"
    return message


def default_reply(body: dict[str, Any]) -> str:
    """A deterministic, in-character-ish reply that mentions the student's last message."""
    last = next((m for m in reversed(body["messages"]) if m.get("role") == "user"), {})
    words = _text_of(last.get("content")).split()
    topic = " ".join(words[:8]).rstrip("?.!,") or "that"
    return f"I hear you asking about {topic}... it's hard to talk about."


class FakeState:
    """Config, script, recorded requests and the prompt cache, shared by the app and its controllers."""

    def __init__(self, config: FakeConfig) -> None:
        self._initial = replace(config)
        self.lock = threading.Lock()
        self.stopping = False
        self.reset()

    def reset(self) -> None:
        with self.lock:
            self.config = replace(self._initial, failure_kinds=list(self._initial.failure_kinds))
            self.queue: deque[dict[str, Any]] = deque()
            self.recorded: deque[dict[str, Any]] = deque(maxlen=self.config.record_limit)
            self.count = 0
            self.cache: set[str] = set()
            self.rng = random.Random(self.config.seed)

    def configure(self, **changes: Any) -> None:
        unknown = set(changes) - {f.name for f in fields(FakeConfig)}
        if unknown:
            raise ValueError(f"unknown config fields: {sorted(unknown)}")
        for name in [changes.get("default", "ok"), *changes.get("failure_kinds", [])]:
            if name not in BEHAVIORS:
                raise ValueError(f"unknown behaviour {name!r}")
        with self.lock:
            self.config = replace(self.config, **changes)
            if "seed" in changes:
                self.rng = random.Random(self.config.seed)
            if "record_limit" in changes:
                self.recorded = deque(self.recorded, maxlen=self.config.record_limit)

    def script(self, items: list[str | dict[str, Any]]) -> None:
        parsed = [{"behavior": item} if isinstance(item, str) else dict(item) for item in items]
        known = {"behavior"} | {f.name for f in fields(FakeConfig)}
        for item in parsed:
            if item.get("behavior") not in BEHAVIORS or not set(item) <= known:
                raise ValueError(f"bad script item {item!r}: unknown behaviour or field")
        with self.lock:
            self.queue.extend(parsed)

    def record(self, entry: dict[str, Any]) -> None:
        with self.lock:
            self.count += 1
            self.recorded.append(entry)

    def next_plan(self) -> tuple[str, FakeConfig]:
        """This request's behaviour: the next scripted one, else a random failure, else the default."""
        with self.lock:
            config = self.config
            if self.queue:
                item = self.queue.popleft()
                overrides = {k: v for k, v in item.items() if k != "behavior"}
                return item["behavior"], replace(config, **overrides)
            if config.failure_rate and self.rng.random() < config.failure_rate:
                return self.rng.choice(config.failure_kinds), config
            return config.default, config

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


def _redacted(headers: dict[str, str]) -> dict[str, str]:
    """Headers with credentials cut to a short prefix, since /_fake/requests serves them over HTTP."""
    for name in ("authorization", "x-api-key"):
        if name in headers:
            headers[name] = headers[name][:12] + "***"
    return headers


def _error(status: int, kind: str, message: str, headers: dict[str, str] | None = None) -> JSONResponse:
    body = {"type": "error", "error": {"type": kind, "message": message}, "request_id": _id("req_")}
    return JSONResponse(
        body, status_code=status, headers={"request-id": body["request_id"], **(headers or {})}
    )


def _id(prefix: str) -> str:
    return prefix + uuid.uuid4().hex[:24]


def _sse(event: str, data: dict[str, Any]) -> bytes:
    return f"event: {event}\ndata: {json.dumps(data)}\n\n".encode()


def _message(model: str, text: str, usage: dict[str, int], streaming: bool = False) -> dict[str, Any]:
    return {
        "id": _id("msg_"),
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
        raw = await request.body()
        try:
            body: Any = json.loads(raw)
        except ValueError:
            body = raw.decode(errors="replace")
        entry = {
            "time": time.time(),
            "headers": _redacted(dict(request.headers)),
            "body": body,
            "behavior": None,
        }
        state.record(entry)
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
            deadline = time.monotonic() + float(cfg.hang_seconds)
            while time.monotonic() < deadline and not state.stopping:
                if await request.is_disconnected():
                    return Response(status_code=499)
                await asyncio.sleep(0.05)
            behavior = "ok"
        if behavior == "stream_error" and not streaming:
            behavior = "overloaded"
        if behavior in ERRORS:
            status, kind, message = ERRORS[behavior]
            headers = {"retry-after": f"{cfg.retry_after:g}"} if behavior == "rate_limited" else None
            return _error(status, kind, message, headers)
        text = cfg.reply_text if cfg.reply_text is not None else default_reply(body)
        usage = state.usage(body, cfg.min_cacheable_tokens)
        if streaming:
            return StreamingResponse(
                _sse_reply(body, text, usage, cfg, behavior), media_type="text/event-stream"
            )
        await asyncio.sleep(cfg.latency)
        if behavior == "malformed":
            if cfg.malformed == "wrong_shape":
                return JSONResponse({"id": _id("msg_"), "type": "message", "content": "not a list"})
            return Response(b'{"id": "msg_broken", "content": [', media_type="application/json")
        if body.get("tools"):
            return JSONResponse(tool_message(body, cfg, usage))
        return JSONResponse(_message(body["model"], text, {**usage, "output_tokens": _tokens(text)}))

    async def control_script(request: Request) -> Response:
        payload = await request.json()
        items = payload.get("behaviors", payload.get("script")) if isinstance(payload, dict) else payload
        try:
            state.script(items or [])
        except ValueError as exc:
            return JSONResponse({"error": str(exc)}, status_code=400)
        return JSONResponse({"queued": len(state.queue)})

    async def control_config(request: Request) -> Response:
        try:
            state.configure(**await request.json())
        except (ValueError, TypeError) as exc:
            return JSONResponse({"error": str(exc)}, status_code=400)
        return JSONResponse(asdict(state.config))

    async def control_requests(request: Request) -> Response:
        limit = int(request.query_params.get("limit", 0))
        with state.lock:
            recorded = list(state.recorded)[-limit:] if limit else list(state.recorded)
            return JSONResponse({"count": state.count, "requests": recorded})

    async def control_reset(request: Request) -> Response:
        state.reset()
        return JSONResponse({"ok": True})

    async def health(request: Request) -> Response:
        return JSONResponse({"ok": True, "count": state.count})

    return Starlette(
        routes=[
            Route("/v1/messages", messages, methods=["POST"]),
            Route("/_fake/script", control_script, methods=["POST"]),
            Route("/_fake/config", control_config, methods=["POST"]),
            Route("/_fake/requests", control_requests, methods=["GET"]),
            Route("/_fake/reset", control_reset, methods=["POST"]),
            Route("/_fake/health", health, methods=["GET"]),
        ]
    )


class FakeAnthropicServer:
    """The fake, served by uvicorn on a background thread; a context manager that yields itself."""

    def __init__(
        self, config: FakeConfig | None = None, *, host: str = "127.0.0.1", port: int = 0, **overrides: Any
    ) -> None:
        self.state = FakeState(replace(config or FakeConfig(), **overrides))
        self.host, self.port = host, port
        self.base_url = ""
        self._server: uvicorn.Server | None = None
        self._thread: threading.Thread | None = None

    def start(self) -> str:
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((self.host, self.port))
        sock.listen(2048)
        self.port = sock.getsockname()[1]
        config = uvicorn.Config(
            build_app(self.state),
            log_level="warning",
            access_log=False,
            lifespan="off",
            timeout_graceful_shutdown=1,
            backlog=2048,
        )
        self._server = uvicorn.Server(config)
        self.state.stopping = False
        self._thread = threading.Thread(target=self._server.run, kwargs={"sockets": [sock]}, daemon=True)
        self._thread.start()
        deadline = time.monotonic() + 10
        while not self._server.started:
            if time.monotonic() > deadline or not self._thread.is_alive():
                raise RuntimeError("fake Anthropic server did not start")
            time.sleep(0.01)
        self.base_url = f"http://{self.host}:{self.port}"
        return self.base_url

    def stop(self) -> None:
        self.state.stopping = True
        if self._server is not None:
            self._server.should_exit = True
        if self._thread is not None:
            self._thread.join(timeout=5)
        self._server = self._thread = None

    def __enter__(self) -> FakeAnthropicServer:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def script(self, items: list[str | dict[str, Any]]) -> None:
        """Queue behaviours for the next requests: names, or dicts like {"behavior": "hang", "latency": 2}."""
        self.state.script(items)

    def set_default(self, behavior: str | None = None, **config: Any) -> None:
        """Change the unscripted behaviour and/or any FakeConfig field."""
        self.state.configure(**({"default": behavior} if behavior else {}), **config)

    configure = set_default

    def reset(self) -> None:
        """Forget requests, script and cache, and restore the starting config."""
        self.state.reset()

    @property
    def requests(self) -> list[dict[str, Any]]:
        """The recorded requests, oldest first: {"time", "headers", "body", "behavior"}."""
        with self.state.lock:
            return list(self.state.recorded)

    @property
    def request_count(self) -> int:
        return self.state.count


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Fake Anthropic Messages API for tests and benchmarks.")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--latency", type=float, default=0.0, help="seconds per reply")
    parser.add_argument("--chunks", type=int, default=5, help="text deltas per streamed reply")
    parser.add_argument("--failure-rate", type=float, default=0.0)
    parser.add_argument("--failure-kinds", default="overloaded,hang,malformed")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--default", default="ok", choices=BEHAVIORS)
    parser.add_argument("--reply-text", default=None)
    parser.add_argument("--retry-after", type=float, default=1.0)
    parser.add_argument("--hang-seconds", type=float, default=30.0)
    parser.add_argument("--min-cacheable-tokens", type=int, default=0)
    args = parser.parse_args(argv)
    config = FakeConfig(
        default=args.default,
        latency=args.latency,
        chunks=args.chunks,
        reply_text=args.reply_text,
        retry_after=args.retry_after,
        hang_seconds=args.hang_seconds,
        failure_rate=args.failure_rate,
        failure_kinds=args.failure_kinds.split(","),
        seed=args.seed,
        min_cacheable_tokens=args.min_cacheable_tokens,
    )
    print(f"fake Anthropic API on http://{args.host}:{args.port}", flush=True)
    uvicorn.run(
        build_app(FakeState(config)),
        host=args.host,
        port=args.port,
        log_level="warning",
        access_log=False,
        lifespan="off",
        backlog=2048,
        timeout_graceful_shutdown=1,
    )


if __name__ == "__main__":
    main()
