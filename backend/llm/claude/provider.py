"""Claude through the official async SDK: the stable prompt prefix is cached; the SDK owns retries."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import anthropic

from backend.llm.base import (
    ChatTurn,
    ConversationRequest,
    LLMReply,
    ProviderError,
    StructuredReply,
    StructuredRequest,
    TokenUsage,
)
from backend.llm.claude.errors import to_provider_error
from backend.llm.claude.stream import StreamedMessage

CONNECT_TIMEOUT_S = 5.0
EPHEMERAL = {"type": "ephemeral"}


MAX_SYSTEM_BREAKPOINTS = 2  # the API allows 4: two for the system blocks, one for the history, one spare


def build_system(blocks: tuple[str, ...]) -> list[dict[str, Any]]:
    """System text blocks in cache order, a breakpoint after each of the last two (shared scaffold, persona)."""
    system = [{"type": "text", "text": block} for block in blocks if block]
    for block in system[-MAX_SYSTEM_BREAKPOINTS:]:
        block["cache_control"] = dict(EPHEMERAL)
    return system


def build_messages(turns: list[ChatTurn], turn_note: str = "", *, cache: bool = True) -> list[dict[str, Any]]:
    """Content-block messages; a cache breakpoint closes the prefix before the student's newest message.

    The turn note rides as a last text block of the final user turn, after every breakpoint, so it never
    changes the cached prefix.
    """
    messages: list[dict[str, Any]] = [
        {"role": turn.role, "content": [{"type": "text", "text": turn.content}]} for turn in turns
    ]
    if cache and len(messages) >= 2:
        messages[-2]["content"][-1]["cache_control"] = dict(EPHEMERAL)
    if turn_note and messages:
        messages[-1]["content"].append({"type": "text", "text": turn_note})
    return messages


def usage_of(usage: Any) -> TokenUsage:
    """TokenUsage from the API's `usage`; the cache counts are optional there (None means 0)."""
    return TokenUsage(
        input_tokens=usage.input_tokens or 0,
        output_tokens=usage.output_tokens or 0,
        cache_creation_input_tokens=usage.cache_creation_input_tokens or 0,
        cache_read_input_tokens=usage.cache_read_input_tokens or 0,
    )


def reply_from(message: Any) -> LLMReply:
    """The LLMReply for a finished Message; a malformed or empty one is a bad_response."""
    if not isinstance(message, anthropic.types.Message) or not isinstance(
        getattr(message, "content", None), list
    ):
        raise ProviderError("bad_response", "Claude API returned something other than a message")
    usage = usage_of(message.usage)
    text = "".join(block.text for block in message.content if getattr(block, "type", None) == "text")
    if not text.strip():
        reason = message.stop_reason or "none"
        raise ProviderError(
            "bad_response", f"Claude API returned an empty reply (stop_reason {reason})", usage=usage
        )
    return LLMReply(
        text=text, usage=usage, model=message.model, provider="anthropic", stop_reason=message.stop_reason
    )


def _http_client(max_connections: int) -> Any:
    """The SDK's aiohttp transport (its `aiohttp` extra): a turn's HTTP costs a fraction of httpx's CPU.

    Keep-alive connections match the concurrency bound, so a busy process reuses connections instead of
    closing the 101st idle one and opening a new one for the next call.
    """
    limits = anthropic.DEFAULT_CONNECTION_LIMITS.__class__(  # the Limits type of the SDK's own HTTP library
        max_connections=max(max_connections, 1), max_keepalive_connections=max(max_connections, 1)
    )
    return anthropic.DefaultAioHttpClient(limits=limits)


class ClaudeProvider:
    """LLMProvider backed by Anthropic's Messages API; every failure surfaces as a ProviderError."""

    name = "anthropic"
    label = "Claude"
    simulated = False
    supports_structured = True
    default_price = None  # every Claude model has a list price: a missing one is a configuration error

    def __init__(
        self,
        *,
        api_key: str,
        model: str,
        base_url: str | None = None,
        max_retries: int = 2,
        timeout_s: float = 30.0,
        max_tokens: int = 300,
        max_connections: int = 256,
    ) -> None:
        if not api_key:
            # an empty key would make the SDK fall back to environment and on-disk credentials
            raise ValueError("ClaudeProvider needs an API key")
        self.model = model
        self.max_tokens = max_tokens
        self._client = anthropic.AsyncAnthropic(
            api_key=api_key,
            base_url=base_url,
            max_retries=max_retries,
            timeout=anthropic.Timeout(timeout_s, connect=min(CONNECT_TIMEOUT_S, timeout_s)),
            http_client=_http_client(max_connections),
        )

    def _params(self, request: ConversationRequest) -> dict[str, Any]:
        params: dict[str, Any] = {
            "model": self.model,
            "max_tokens": request.max_tokens or self.max_tokens,
            "messages": build_messages(request.messages, request.turn_note),
        }
        if system := build_system(request.system_blocks):
            params["system"] = system
        return params

    async def complete(self, request: ConversationRequest) -> LLMReply:
        try:
            return reply_from(await self._client.messages.create(**self._params(request)))
        except ProviderError:
            raise
        except Exception as exc:
            raise to_provider_error(exc) from exc

    async def stream(self, request: ConversationRequest) -> AsyncIterator[str | LLMReply]:
        """Yields text deltas as they arrive, then one LLMReply with the text and the usage the stream reported."""
        message = StreamedMessage()
        try:
            async with await self._client.messages.create(**self._params(request), stream=True) as events:
                async for event in events:
                    if text := message.add(event):
                        yield text
            reply = message.reply()
        except ProviderError:
            raise
        except Exception as exc:
            raise to_provider_error(exc, usage=message.billed) from exc
        yield reply

    async def complete_structured(self, request: StructuredRequest) -> StructuredReply:
        """Tool use with the answer's JSON schema and the tool forced, so the model must fill it in."""
        params: dict[str, Any] = {
            "model": request.model or self.model,
            "max_tokens": request.max_tokens,
            "messages": build_messages(request.messages, cache=False),
            "tools": [{"name": request.tool_name, "description": request.tool_description,
                       "input_schema": request.schema}],
            "tool_choice": {"type": "tool", "name": request.tool_name},
        }
        if request.system_prompt:
            params["system"] = [{"type": "text", "text": request.system_prompt}]
        try:
            message = await self._client.messages.create(**params)
        except Exception as exc:
            raise to_provider_error(exc) from exc
        usage = usage_of(getattr(message, "usage", None)) if getattr(message, "usage", None) else TokenUsage()
        answer = next((block for block in getattr(message, "content", None) or []
                       if getattr(block, "type", None) == "tool_use" and block.name == request.tool_name), None)
        if answer is None or not isinstance(answer.input, dict):
            raise ProviderError("bad_response", f"Claude API did not fill in {request.tool_name}", usage=usage)
        return StructuredReply(data=dict(answer.input), usage=usage, model=message.model, provider=self.name)

    async def aclose(self) -> None:
        await self._client.close()
