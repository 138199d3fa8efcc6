"""Any OpenAI-compatible chat-completions server (vLLM, Ollama, llama.cpp) through the official async SDK.

The model's chat template is the server's business: we send the same system prompt and windowed history as to
Claude. The SDK owns retries (429/5xx, honouring `retry-after`); a self-hosted model costs $0 unless priced.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any, Literal

import openai
from openai.types.chat import ChatCompletion

from backend.llm.base import (
    FREE,
    ConversationRequest,
    LLMReply,
    ProviderError,
    StructuredReply,
    StructuredRequest,
    TokenUsage,
)
from backend.llm.openai_compatible.errors import SERVER, to_provider_error
from backend.llm.openai_compatible.wire import (
    ReasoningFilter,
    build_messages,
    estimated_usage,
    structured_answer,
    usage_of,
    visible_text,
)

CONNECT_TIMEOUT_S = 5.0
StructuredOutput = Literal["json_schema", "tools"]


def _http_client(max_connections: int) -> Any:
    """The SDK's aiohttp transport with keep-alive connections matching the concurrency bound (as for Claude)."""
    limits = openai.DEFAULT_CONNECTION_LIMITS.__class__(
        max_connections=max(max_connections, 1), max_keepalive_connections=max(max_connections, 1)
    )
    return openai.DefaultAioHttpClient(limits=limits)


def _prompt_texts(messages: list[dict[str, Any]]) -> list[str]:
    return [str(message.get("content") or "") for message in messages]


def _first_choice(completion: Any) -> Any:
    """The one choice we asked for; a body of any other shape is a bad response."""
    choices = getattr(completion, "choices", None)
    if not isinstance(completion, ChatCompletion) or not isinstance(choices, list) or not choices:
        raise ProviderError("bad_response", f"{SERVER} returned something other than a chat completion")
    return choices[0]


class OpenAICompatibleProvider:
    """LLMProvider backed by `POST {base_url}/chat/completions`; every failure surfaces as a ProviderError."""

    name = "openai_compatible"
    label = "local model"
    simulated = False
    supports_structured = True
    default_price = FREE  # a self-hosted model bills nothing per token unless VC_PRICING_JSON prices it

    def __init__(
        self,
        *,
        base_url: str,
        model: str,
        api_key: str = "",
        max_retries: int = 2,
        timeout_s: float = 30.0,
        max_tokens: int = 300,
        max_connections: int = 256,
        structured_output: StructuredOutput = "json_schema",
    ) -> None:
        if not base_url or not model:
            raise ValueError("OpenAICompatibleProvider needs the server's base URL and the model it serves")
        self.model = model
        self.max_tokens = max_tokens
        self.structured_output = structured_output
        self._secret = api_key
        # Local servers often need no key: send no Authorization header at all rather than a made-up one.
        # Explicit values throughout, so OPENAI_API_KEY / OPENAI_BASE_URL / OPENAI_ORG_ID never leak in.
        self._headers: dict[str, Any] = {} if api_key else {"Authorization": openai.Omit()}
        self._client = openai.AsyncOpenAI(
            api_key=api_key or "unused",
            base_url=base_url,
            max_retries=max_retries,
            timeout=openai.Timeout(timeout_s, connect=min(CONNECT_TIMEOUT_S, timeout_s)),
            default_headers={"OpenAI-Organization": openai.Omit(), "OpenAI-Project": openai.Omit()},
            http_client=_http_client(max_connections),
        )

    def _params(self, request: ConversationRequest) -> dict[str, Any]:
        return {
            "model": self.model,
            "max_tokens": request.max_tokens or self.max_tokens,
            "messages": build_messages(request.system_prompt, request.messages, request.turn_note),
            "extra_headers": self._headers,
        }

    def _failure(self, exc: BaseException, params: dict[str, Any], usage: TokenUsage | None = None) -> ProviderError:
        return to_provider_error(exc, usage=usage, prompt=_prompt_texts(params["messages"]), secret=self._secret)

    def _reply(self, params: dict[str, Any], text: str, raw: str, usage: TokenUsage | None, model: Any,
               finish_reason: str | None) -> LLMReply:
        """The LLMReply, with our estimate when the server reported no usage; no text is a bad response."""
        usage = usage or estimated_usage(params["messages"], raw)
        if not text.strip():
            raise ProviderError(
                "bad_response", f"{SERVER} returned an empty reply (finish_reason {finish_reason or 'none'})",
                usage=usage,
            )
        return LLMReply(text=text, usage=usage, model=model if isinstance(model, str) and model else self.model,
                        provider=self.name, stop_reason=finish_reason)

    async def complete(self, request: ConversationRequest) -> LLMReply:
        params = self._params(request)
        try:
            completion = await self._client.chat.completions.create(**params)
            choice = _first_choice(completion)
            content = choice.message.content
            raw = content if isinstance(content, str) else ""
            return self._reply(params, visible_text(raw), raw, usage_of(completion.usage), completion.model,
                               choice.finish_reason)
        except ProviderError:
            raise
        except Exception as exc:
            raise self._failure(exc, params) from exc

    async def stream(self, request: ConversationRequest) -> AsyncIterator[str | LLMReply]:
        """Yields visible text as it arrives, then one LLMReply; usage comes in the last chunk when the server
        honours `stream_options.include_usage`, else it is estimated and flagged."""
        params = self._params(request)
        reasoning = ReasoningFilter()
        raw: list[str] = []
        shown: list[str] = []
        usage: TokenUsage | None = None
        model: Any = None
        finish_reason: str | None = None
        try:
            stream = await self._client.chat.completions.create(
                **params, stream=True, stream_options={"include_usage": True}
            )
            async with stream:
                async for chunk in stream:
                    model = chunk.model or model
                    usage = usage_of(chunk.usage) or usage
                    for choice in chunk.choices or []:
                        finish_reason = choice.finish_reason or finish_reason
                        piece = choice.delta.content if choice.delta is not None else None
                        if not piece:
                            continue
                        raw.append(piece)
                        if visible := reasoning.feed(piece):
                            shown.append(visible)
                            yield visible
            if tail := reasoning.flush():
                shown.append(tail)
                yield tail
            if finish_reason is None and usage is None:
                raise ProviderError("bad_response", f"{SERVER} stream ended before the reply was finished",
                                    usage=estimated_usage(params["messages"], "".join(raw)))
            reply = self._reply(params, "".join(shown), "".join(raw), usage, model, finish_reason)
        except ProviderError:
            raise
        except Exception as exc:
            # the server has done the work so far: bill our estimate of it (a self-hosted model: $0 anyway)
            raise self._failure(exc, params, estimated_usage(params["messages"], "".join(raw))) from exc
        yield reply

    async def complete_structured(self, request: StructuredRequest) -> StructuredReply:
        """A JSON-schema response format (vLLM, Ollama and llama.cpp constrain decoding to it), or a forced
        function call when VC_OPENAI_STRUCTURED_OUTPUT=tools; either way of answering is accepted back."""
        params: dict[str, Any] = {
            "model": request.model or self.model,
            "max_tokens": request.max_tokens,
            "messages": build_messages(request.system_prompt, request.messages),
            "extra_headers": self._headers,
        }
        if self.structured_output == "tools":
            params["tools"] = [{"type": "function", "function": {
                "name": request.tool_name, "description": request.tool_description, "parameters": request.schema}}]
            params["tool_choice"] = {"type": "function", "function": {"name": request.tool_name}}
        else:
            params["response_format"] = {"type": "json_schema", "json_schema": {
                "name": request.tool_name, "description": request.tool_description, "schema": request.schema}}
        try:
            completion = await self._client.chat.completions.create(**params)
            data, raw = structured_answer(_first_choice(completion).message, request.tool_name)
            usage = usage_of(completion.usage) or estimated_usage(params["messages"], raw)
            model = completion.model if isinstance(completion.model, str) and completion.model else params["model"]
        except ProviderError:
            raise
        except Exception as exc:
            raise self._failure(exc, params) from exc
        if data is None:
            raise ProviderError("bad_response", f"{SERVER} did not fill in {request.tool_name}", usage=usage)
        return StructuredReply(data=data, usage=usage, model=model, provider=self.name)

    async def aclose(self) -> None:
        await self._client.close()
