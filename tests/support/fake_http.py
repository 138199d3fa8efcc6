"""What the fake LLM APIs share: scripted behaviours, recorded requests, control endpoints, a server thread.

A fake is a FakeState (its config dataclass, the behaviours it knows, a script queue and what it received),
a Starlette app built from that state (its own API route plus `control_routes`), and a FakeHttpServer that
serves the app on 127.0.0.1 from a background thread, so the real SDKs talk to it over real HTTP.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import re
import socket
import threading
import time
import uuid
from collections import deque
from collections.abc import Callable
from dataclasses import asdict, dataclass, field, fields, replace
from typing import Any, Generic, TypeVar

import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route


@dataclass
class BaseFakeConfig:
    """How a fake answers when no scripted behaviour is queued; a script item may override any field."""

    default: str = "ok"
    latency: float = 0.0  # seconds per reply; streamed replies spread it over the pieces
    chunks: int = 5  # text pieces per streamed reply
    reply_text: str | None = None  # None: a short reply echoing the last user message
    retry_after: float = 1.0  # the 429 `retry-after` header, seconds
    hang_seconds: float = 30.0  # a hang answers normally after this long (or when the client leaves)
    failure_rate: float = 0.0  # probability that an unscripted request fails with one of failure_kinds
    failure_kinds: list[str] = field(default_factory=lambda: ["overloaded", "hang", "malformed"])
    seed: int = 0
    stream_error_after: int = 2  # text pieces sent before a stream_error's error event
    malformed: str = "invalid_json"  # or "wrong_shape"
    record_limit: int = 5000  # recorded requests kept (the count keeps growing)


ConfigT = TypeVar("ConfigT", bound=BaseFakeConfig)


class FakeState(Generic[ConfigT]):
    """Config, script and recorded requests, shared by the app and its controllers (threads and HTTP)."""

    def __init__(self, config: ConfigT, behaviors: tuple[str, ...]) -> None:
        self._initial = replace(config)
        self.behaviors = behaviors
        self.lock = threading.Lock()
        self.stopping = False
        self.reset()

    def reset(self) -> None:
        with self.lock:
            initial = self._initial
            self.config: ConfigT = replace(initial, failure_kinds=list(initial.failure_kinds))
            self.queue: deque[dict[str, Any]] = deque()
            self.recorded: deque[dict[str, Any]] = deque(maxlen=initial.record_limit)
            self.count = 0
            self.rng = random.Random(initial.seed)
            self.on_reset()

    def on_reset(self) -> None:
        """Forget whatever else a fake remembers between requests (a prompt cache); called under the lock."""

    def configure(self, **changes: Any) -> None:
        unknown = set(changes) - {f.name for f in fields(self.config)}
        if unknown:
            raise ValueError(f"unknown config fields: {sorted(unknown)}")
        for name in [changes.get("default", "ok"), *changes.get("failure_kinds", [])]:
            if name not in self.behaviors:
                raise ValueError(f"unknown behaviour {name!r}")
        with self.lock:
            self.config = replace(self.config, **changes)
            if "seed" in changes:
                self.rng = random.Random(self.config.seed)
            if "record_limit" in changes:
                self.recorded = deque(self.recorded, maxlen=self.config.record_limit)

    def script(self, items: list[str | dict[str, Any]]) -> None:
        parsed = [{"behavior": item} if isinstance(item, str) else dict(item) for item in items]
        known = {"behavior"} | {f.name for f in fields(self.config)}
        for item in parsed:
            if item.get("behavior") not in self.behaviors or not set(item) <= known:
                raise ValueError(f"bad script item {item!r}: unknown behaviour or field")
        with self.lock:
            self.queue.extend(parsed)

    def record(self, entry: dict[str, Any]) -> None:
        with self.lock:
            self.count += 1
            self.recorded.append(entry)

    def next_plan(self) -> tuple[str, ConfigT]:
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


def echo_reply(messages: list[dict[str, Any]], text_of: Callable[[Any], str]) -> str:
    """A deterministic, in-character-ish reply that mentions the student's last message (never the platform's
    note that follows it: a model that read "[Director ...]" out would be a role break, and is flagged as one)."""
    last = next((m for m in reversed(messages) if m.get("role") == "user"), {})
    words = re.split(r"\s*\[Director\b", text_of(last.get("content")), maxsplit=1)[0].split()
    topic = " ".join(words[:8]).rstrip("?.!,") or "that"
    return f"I hear you asking about {topic}... it's hard to talk about."


def redacted(headers: dict[str, str]) -> dict[str, str]:
    """Headers with credentials cut to a short prefix, since /_fake/requests serves them over HTTP."""
    for name in ("authorization", "x-api-key"):
        if name in headers:
            headers[name] = headers[name][:12] + "***"
    return headers


def new_id(prefix: str) -> str:
    return prefix + uuid.uuid4().hex[:24]


async def record_request(state: FakeState[Any], request: Request) -> tuple[Any, dict[str, Any]]:
    """The request's JSON body (or its text when it is not JSON) and the entry recorded for it."""
    raw = await request.body()
    try:
        body: Any = json.loads(raw)
    except ValueError:
        body = raw.decode(errors="replace")
    entry = {"time": time.time(), "headers": redacted(dict(request.headers)), "body": body, "behavior": None}
    state.record(entry)
    return body, entry


async def hang(state: FakeState[Any], request: Request, seconds: float) -> bool:
    """Sit on the request like a stuck server; False when the client gave up first."""
    deadline = time.monotonic() + float(seconds)
    while time.monotonic() < deadline and not state.stopping:
        if await request.is_disconnected():
            return False
        await asyncio.sleep(0.05)
    return True


def control_routes(state: FakeState[Any]) -> list[Route]:
    """POST /_fake/script, POST /_fake/config, GET /_fake/requests, POST /_fake/reset, GET /_fake/health."""

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

    return [
        Route("/_fake/script", control_script, methods=["POST"]),
        Route("/_fake/config", control_config, methods=["POST"]),
        Route("/_fake/requests", control_requests, methods=["GET"]),
        Route("/_fake/reset", control_reset, methods=["POST"]),
        Route("/_fake/health", health, methods=["GET"]),
    ]


UVICORN_OPTIONS: dict[str, Any] = {
    "log_level": "warning", "access_log": False, "lifespan": "off", "timeout_graceful_shutdown": 1, "backlog": 2048,
}


class FakeHttpServer(Generic[ConfigT]):
    """A fake served by uvicorn on a background thread; a context manager that yields itself."""

    def __init__(self, state: FakeState[ConfigT], build_app: Callable[[Any], Starlette], *,
                 host: str = "127.0.0.1", port: int = 0) -> None:
        self.state = state
        self._build_app = build_app
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
        self._server = uvicorn.Server(uvicorn.Config(self._build_app(self.state), **UVICORN_OPTIONS))
        self.state.stopping = False
        self._thread = threading.Thread(target=self._server.run, kwargs={"sockets": [sock]}, daemon=True)
        self._thread.start()
        deadline = time.monotonic() + 10
        while not self._server.started:
            if time.monotonic() > deadline or not self._thread.is_alive():
                raise RuntimeError(f"{type(self).__name__} did not start")
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

    def __enter__(self) -> FakeHttpServer[ConfigT]:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def script(self, items: list[str | dict[str, Any]]) -> None:
        """Queue behaviours for the next requests: names, or dicts like {"behavior": "hang", "latency": 2}."""
        self.state.script(items)

    def set_default(self, behavior: str | None = None, **config: Any) -> None:
        """Change the unscripted behaviour and/or any config field."""
        self.state.configure(**({"default": behavior} if behavior else {}), **config)

    configure = set_default

    def reset(self) -> None:
        """Forget requests, script and any cache, and restore the starting config."""
        self.state.reset()

    @property
    def requests(self) -> list[dict[str, Any]]:
        """The recorded requests, oldest first: {"time", "headers", "body", "behavior"}."""
        with self.state.lock:
            return list(self.state.recorded)

    @property
    def request_count(self) -> int:
        return self.state.count


def cli_parser(description: str, port: int, behaviors: tuple[str, ...]) -> argparse.ArgumentParser:
    """The options every fake's CLI takes; a fake adds its own."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=port)
    parser.add_argument("--latency", type=float, default=0.0, help="seconds per reply")
    parser.add_argument("--chunks", type=int, default=5, help="text pieces per streamed reply")
    parser.add_argument("--failure-rate", type=float, default=0.0)
    parser.add_argument("--failure-kinds", default="overloaded,hang,malformed")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--default", default="ok", choices=behaviors)
    parser.add_argument("--reply-text", default=None)
    parser.add_argument("--retry-after", type=float, default=1.0)
    parser.add_argument("--hang-seconds", type=float, default=30.0)
    return parser


def cli_config(args: argparse.Namespace) -> dict[str, Any]:
    """BaseFakeConfig's fields from the options cli_parser adds."""
    return {"default": args.default, "latency": args.latency, "chunks": args.chunks, "reply_text": args.reply_text,
            "retry_after": args.retry_after, "hang_seconds": args.hang_seconds, "failure_rate": args.failure_rate,
            "failure_kinds": args.failure_kinds.split(","), "seed": args.seed}


def serve_forever(state: FakeState[Any], build_app: Callable[[Any], Starlette], host: str, port: int) -> None:
    """The CLI's foreground server."""
    uvicorn.run(build_app(state), host=host, port=port, **UVICORN_OPTIONS)
