"""A fake OpenAI-compatible chat-completions server (as vLLM, Ollama and llama.cpp speak it) on 127.0.0.1.

The real `openai` SDK talks to it over real HTTP: JSON replies and SSE streams ending in `data: [DONE]`, usage in
the last chunk (or never, like servers that report none), OpenAI's error bodies, 429 with `retry-after`, 500/503,
hangs, malformed bodies, an error inside a stream, and structured answers (a `json_schema` response format or a
forced function call).

Python: `with FakeOpenAIServer() as fake: fake.v1_url`; `fake.script(["overloaded", "ok"])`.
HTTP (for a server under test in another process): POST /_fake/script, POST /_fake/config,
GET /_fake/requests, POST /_fake/reset, GET /_fake/health.
CLI: `python -m tests.support.fake_openai --port 8766 --model llama3.1:8b --latency 1.0 --no-usage`.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import math
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass, replace
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response, StreamingResponse
from starlette.routing import Route

from tests.support import fake_http
from tests.support.fake_http import FakeHttpServer, control_routes, echo_reply, new_id, record_request

BEHAVIORS = ("ok", "rate_limited", "server_error", "overloaded", "bad_request", "auth_error", "model_not_found",
             "echo_error", "hang", "malformed", "stream_error")
ERRORS = {  # behaviour -> (status, message, type, code), as OpenAI words them
    "rate_limited": (429, "Rate limit reached for requests. Please try again in 1s.", "requests",
                     "rate_limit_exceeded"),
    "server_error": (500, "The server had an error while processing your request. Sorry about that!",
                     "server_error", None),
    "overloaded": (503, "The engine is currently overloaded, please try again later.", "server_error", None),
    "bad_request": (400, "Scripted bad request", "invalid_request_error", None),
}
ROLES = {"system", "developer", "user", "assistant", "tool"}


@dataclass
class FakeConfig(fake_http.BaseFakeConfig):
    send_usage: bool = True  # False: a server that never reports usage (JSON or stream)
    served_model: str | None = None  # set: any other model name gets 404 model_not_found, as vLLM answers
    api_key: str | None = None  # set: requests need `Authorization: Bearer <key>` (vLLM --api-key); else none
    think: str | None = None  # a reasoning model's `<think>` text, sent before the reply
    prefix_caching: bool = False  # report `prompt_tokens_details.cached_tokens` for a repeated prefix (vLLM)
    structured_answer: dict[str, Any] | None = None  # what a structured request gets; None: made from the schema


class FakeState(fake_http.FakeState[FakeConfig]):
    """The shared state plus the prefixes seen, for servers with prefix caching."""

    def __init__(self, config: FakeConfig) -> None:
        super().__init__(config, BEHAVIORS)

    def on_reset(self) -> None:
        self.prefixes: set[str] = set()

    def usage(self, body: dict[str, Any], completion: str, cfg: FakeConfig) -> dict[str, Any]:
        """OpenAI's usage: `prompt_tokens` counts the cached prefix too, which `cached_tokens` reports."""
        digest, prompt, cached = hashlib.sha256(), 3, 0
        for message in body["messages"]:
            digest.update(json.dumps(message, sort_keys=True).encode())
            prompt += _tokens(_text_of(message.get("content"))) + 3
            with self.lock:
                if digest.hexdigest() in self.prefixes:
                    cached = prompt
                self.prefixes.add(digest.hexdigest())
        output = _tokens(completion)
        usage: dict[str, Any] = {"prompt_tokens": prompt, "completion_tokens": output, "total_tokens": prompt + output}
        if cfg.prefix_caching:
            usage["prompt_tokens_details"] = {"cached_tokens": cached}
        return usage


def _tokens(text: str) -> int:
    return max(1, math.ceil(len(text) / 4)) if text else 0


def _text_of(content: Any) -> str:
    if isinstance(content, str):
        return content
    return " ".join(part.get("text", "") for part in content or [] if isinstance(part, dict))


def _error(status: int, message: str, kind: str | None, code: Any = None, param: str | None = None,
           headers: dict[str, str] | None = None) -> JSONResponse:
    body = {"error": {"message": message, "type": kind, "param": param, "code": code}}
    return JSONResponse(body, status_code=status, headers={"x-request-id": new_id("req_"), **(headers or {})})


def validate(body: Any) -> str | None:
    """The first reason a real server would answer 400, or None."""
    if not isinstance(body, dict):
        return "Request body must be a JSON object."
    if not isinstance(body.get("model"), str) or not body["model"]:
        return "you must provide a model parameter"
    messages = body.get("messages")
    if not isinstance(messages, list) or not messages:
        return "'messages' must contain at least one message"
    for i, message in enumerate(messages):
        if not isinstance(message, dict) or message.get("role") not in ROLES:
            return f"Invalid value for 'messages[{i}].role'"
        if not isinstance(message.get("content"), (str, list)):
            return f"Invalid type for 'messages[{i}].content': expected a string or an array of parts"
    turns = [m["role"] for m in messages if m["role"] not in ("system", "developer")]
    if any(role != ("user" if i % 2 == 0 else "assistant") for i, role in enumerate(turns)):
        # what a strict chat template (Llama 2, Mistral) raises, and vLLM passes on
        return "Conversation roles must alternate user/assistant/user/assistant/..."
    for name in ("max_tokens", "max_completion_tokens"):
        if name in body and (not isinstance(body[name], int) or body[name] < 1):
            return f"Invalid '{name}': must be a positive integer"
    if "stream_options" in body and not body.get("stream"):
        return "The 'stream_options' parameter is only allowed when 'stream' is enabled."
    response_format = body.get("response_format")
    if response_format is not None:
        kind = response_format.get("type") if isinstance(response_format, dict) else None
        if kind not in ("text", "json_object", "json_schema"):
            return "Invalid value for 'response_format.type'"
        schema = response_format.get("json_schema") or {}
        if kind == "json_schema" and not (schema.get("name") and isinstance(schema.get("schema"), dict)):
            return "'response_format.json_schema' needs a name and a schema"
    return _validate_tools(body)


def _validate_tools(body: dict[str, Any]) -> str | None:
    names = [((tool or {}).get("function") or {}).get("name") for tool in body.get("tools") or []]
    choice = body.get("tool_choice")
    if isinstance(choice, dict) and (choice.get("function") or {}).get("name") not in names:
        return "Invalid value for 'tool_choice': the named function is not among 'tools'"
    return None


def default_reply(body: dict[str, Any]) -> str:
    return echo_reply(body["messages"], _text_of)


def example_for(schema: Any) -> Any:
    """A value that fills a JSON schema, as constrained decoding would produce one."""
    if not isinstance(schema, dict):
        return None
    if schema.get("enum"):
        return schema["enum"][0]
    for key in ("anyOf", "oneOf"):
        if schema.get(key):
            return example_for(schema[key][0])
    kind = schema.get("type")
    kind = kind[0] if isinstance(kind, list) else kind
    if kind == "object" or "properties" in schema:
        return {name: example_for(sub) for name, sub in (schema.get("properties") or {}).items()}
    if kind == "array":
        return [example_for(schema.get("items")) for _ in range(max(1, int(schema.get("minItems", 1))))]
    if kind in ("integer", "number"):
        low = schema.get("minimum", 3)
        return min(low, schema["maximum"]) if "maximum" in schema else low
    if kind == "boolean":
        return True
    return "A short answer."


def _structured(body: dict[str, Any], cfg: FakeConfig) -> dict[str, Any] | None:
    """The assistant message for a structured request (a forced function call or a JSON schema), else None."""
    choice, tools = body.get("tool_choice"), body.get("tools")
    if tools and (isinstance(choice, dict) or choice == "required"):
        name = choice["function"]["name"] if isinstance(choice, dict) else tools[0]["function"]["name"]
        tool = next(t["function"] for t in tools if t["function"]["name"] == name)
        answer = cfg.structured_answer if cfg.structured_answer is not None else example_for(tool.get("parameters"))
        return {"role": "assistant", "content": None, "tool_calls": [{
            "id": new_id("call_"), "type": "function", "function": {"name": name, "arguments": json.dumps(answer)}}]}
    response_format = body.get("response_format") or {}
    if response_format.get("type") in ("json_schema", "json_object"):
        schema = (response_format.get("json_schema") or {}).get("schema")
        answer = cfg.structured_answer if cfg.structured_answer is not None else example_for(schema) or {}
        # reply_text: a server that ignores the response format and answers in prose (or fenced JSON)
        return {"role": "assistant", "content": cfg.reply_text if cfg.reply_text is not None else json.dumps(answer)}
    return None


def _chunk(cid: str, model: str, delta: dict[str, Any] | None, finish: str | None = None,
           usage: dict[str, Any] | None = None, with_usage: bool = False) -> bytes:
    data: dict[str, Any] = {"id": cid, "object": "chat.completion.chunk", "created": int(time.time()),
                            "model": model, "system_fingerprint": None,
                            "choices": [] if delta is None else [{"index": 0, "delta": delta, "logprobs": None,
                                                                  "finish_reason": finish}]}
    if with_usage:
        data["usage"] = usage
    return f"data: {json.dumps(data)}\n\n".encode()


async def _sse_reply(body: dict[str, Any], text: str, finish: str, usage: dict[str, Any] | None, cfg: FakeConfig,
                     behavior: str) -> AsyncIterator[bytes]:
    """The chunks of a streamed reply; stream_error ends in `data: {"error": ...}`, malformed in a broken chunk."""
    if behavior == "malformed":
        yield b'data: {"id": "chatcmpl-broken", "choices": "nope"}\n\n' if cfg.malformed == "wrong_shape" \
            else b"data: {not json\n\n"
        return
    cid, model = new_id("chatcmpl-"), body["model"]
    with_usage = bool((body.get("stream_options") or {}).get("include_usage")) and cfg.send_usage
    yield _chunk(cid, model, {"role": "assistant", "content": ""}, with_usage=with_usage)
    n = max(1, cfg.chunks)
    size = max(1, math.ceil(len(text) / n))
    for i, start in enumerate(range(0, len(text), size)):
        if behavior == "stream_error" and i >= cfg.stream_error_after:
            _, message, kind, code = ERRORS["server_error"]
            error = {"error": {"message": message, "type": kind, "param": None, "code": code}}
            yield f"data: {json.dumps(error)}\n\n".encode()
            return
        await asyncio.sleep(cfg.latency / n)
        yield _chunk(cid, model, {"content": text[start:start + size]}, with_usage=with_usage)
    yield _chunk(cid, model, {}, finish, with_usage=with_usage)
    if with_usage:
        yield _chunk(cid, model, None, usage=usage, with_usage=True)
    yield b"data: [DONE]\n\n"


def _completion(body: dict[str, Any], message: dict[str, Any], finish: str,
                usage: dict[str, Any] | None) -> dict[str, Any]:
    completion = {"id": new_id("chatcmpl-"), "object": "chat.completion", "created": int(time.time()),
                  "model": body["model"], "system_fingerprint": None,
                  "choices": [{"index": 0, "message": {"refusal": None, **message}, "logprobs": None,
                               "finish_reason": finish}]}
    return {**completion, "usage": usage} if usage is not None else completion


def _refusal(body: dict[str, Any], request: Request, behavior: str, cfg: FakeConfig) -> Response | None:
    """The error a real server answers before any text: authentication, model, validation, scripted failures."""
    bearer = request.headers.get("authorization", "").removeprefix("Bearer ").strip()
    if behavior == "auth_error" or (cfg.api_key is not None and bearer != cfg.api_key):
        shown = f"{bearer[:3]}{'*' * 10}{bearer[-4:]}" if len(bearer) > 8 else "(none)"
        return _error(401, f"Incorrect API key provided: {shown}.", "invalid_request_error", "invalid_api_key")
    if problem := validate(body):
        return _error(400, problem, "invalid_request_error")
    if behavior == "model_not_found" or (cfg.served_model is not None and body["model"] != cfg.served_model):
        return _error(404, f"The model `{body['model']}` does not exist or you do not have access to it.",
                      "invalid_request_error", "model_not_found")
    if behavior == "echo_error":  # a validation error that quotes the request back, as pydantic-based servers do
        last = _text_of(body["messages"][-1].get("content"))[:60]
        return _error(400, f"messages.{len(body['messages']) - 1}.content: Input should be a valid string "
                           f"[input_value='{last}']", "BadRequestError", 400)
    if behavior in ERRORS:
        status, message, kind, code = ERRORS[behavior]
        headers = {"retry-after": f"{cfg.retry_after:g}"} if behavior == "rate_limited" else None
        return _error(status, message, kind, code, headers=headers)
    return None


def build_app(state: FakeState) -> Starlette:
    """The Starlette app: POST /v1/chat/completions plus the /_fake control endpoints."""

    async def chat_completions(request: Request) -> Response:
        body, entry = await record_request(state, request)
        behavior, cfg = state.next_plan()
        entry["behavior"] = behavior
        if behavior == "hang":
            if not await fake_http.hang(state, request, cfg.hang_seconds):
                return Response(status_code=499)
            behavior = "ok"
        streaming = isinstance(body, dict) and bool(body.get("stream"))
        if behavior == "stream_error" and not streaming:
            behavior = "server_error"
        if refused := _refusal(body, request, behavior, cfg):
            return refused
        message = _structured(body, cfg)
        if message is None:
            text = cfg.reply_text if cfg.reply_text is not None else default_reply(body)
            message = {"role": "assistant", "content": f"<think>{cfg.think}</think>\n\n{text}" if cfg.think else text}
        limit = body.get("max_completion_tokens") or body.get("max_tokens")
        finish = "tool_calls" if message.get("tool_calls") else "stop"
        if limit and message["content"] and _tokens(message["content"]) > limit:
            message["content"], finish = message["content"][:limit * 4], "length"
        spoken = message["content"] or json.dumps(message.get("tool_calls"))
        usage = state.usage(body, spoken, cfg) if cfg.send_usage else None
        if streaming:
            return StreamingResponse(_sse_reply(body, message["content"] or "", finish, usage, cfg, behavior),
                                     media_type="text/event-stream", headers={"x-request-id": new_id("req_")})
        await asyncio.sleep(cfg.latency)
        if behavior == "malformed":
            if cfg.malformed == "wrong_shape":
                return JSONResponse({"id": new_id("chatcmpl-"), "object": "chat.completion", "choices": "nope"})
            return Response(b'{"id": "chatcmpl-broken", "choices": [', media_type="application/json")
        return JSONResponse(_completion(body, message, finish, usage), headers={"x-request-id": new_id("req_")})

    return Starlette(routes=[Route("/v1/chat/completions", chat_completions, methods=["POST"]),
                             *control_routes(state)])


class FakeOpenAIServer(FakeHttpServer[FakeConfig]):
    """The fake, served by uvicorn on a background thread; `v1_url` is what the SDK's `base_url` wants."""

    def __init__(self, config: FakeConfig | None = None, *, host: str = "127.0.0.1", port: int = 0,
                 **overrides: Any) -> None:
        super().__init__(FakeState(replace(config or FakeConfig(), **overrides)), build_app, host=host, port=port)

    def __enter__(self) -> FakeOpenAIServer:
        self.start()
        return self

    @property
    def v1_url(self) -> str:
        return f"{self.base_url}/v1"


def main(argv: list[str] | None = None) -> None:
    parser = fake_http.cli_parser("Fake OpenAI-compatible chat-completions server.", 8766, BEHAVIORS)
    parser.add_argument("--model", default=None, help="the only model served (others get 404)")
    parser.add_argument("--api-key", default=None, help="require this bearer key")
    parser.add_argument("--no-usage", action="store_true", help="never report usage")
    parser.add_argument("--think", default=None, help="a reasoning model's <think> text before each reply")
    args = parser.parse_args(argv)
    config = FakeConfig(**fake_http.cli_config(args), send_usage=not args.no_usage, served_model=args.model,
                        api_key=args.api_key, think=args.think)
    print(f"fake OpenAI-compatible server on http://{args.host}:{args.port}/v1", flush=True)
    fake_http.serve_forever(FakeState(config), build_app, args.host, args.port)


if __name__ == "__main__":
    main()
