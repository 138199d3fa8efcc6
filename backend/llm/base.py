"""The provider interface every LLM backend implements, so the conversation handler never cares which one runs."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any, Literal, Protocol

Role = Literal["user", "assistant"]


@dataclass(frozen=True, slots=True)
class ChatTurn:
    """One message of the history sent to the provider; roles strictly alternate, starting with user."""

    role: Role
    content: str


@dataclass(frozen=True, slots=True)
class ConversationRequest:
    """Everything a provider needs for one client reply.

    `persona` is the session's persona snapshot (the client fields as a plain dict); `system_prompt` is
    the compiled prompt for it; `messages` is the windowed history ending with the student's message;
    `turn_index` counts the student's messages so far in the session, including this one.
    """

    persona: dict[str, Any]
    system_prompt: str
    messages: list[ChatTurn]
    max_tokens: int = 300
    turn_index: int = 1
    omitted_turns: int = 0


@dataclass(frozen=True, slots=True)
class TokenUsage:
    """Token counts as billed; for the Claude provider these come straight from the API's `usage`."""

    input_tokens: int = 0
    output_tokens: int = 0
    cache_creation_input_tokens: int = 0
    cache_read_input_tokens: int = 0


@dataclass(frozen=True, slots=True)
class LLMReply:
    """A finished reply: the complete text, what it cost in tokens, and who made it."""

    text: str
    usage: TokenUsage
    model: str
    provider: str
    stop_reason: str | None = None


ErrorKind = Literal[
    "overloaded", "rate_limited", "timeout", "connection", "server", "bad_response", "auth", "bad_request"
]


class ProviderError(Exception):
    """A provider call failed after the provider's own retries; the handler answers with a fallback."""

    def __init__(
        self,
        kind: ErrorKind,
        message: str,
        *,
        status_code: int | None = None,
        retry_after: float | None = None,
        usage: TokenUsage | None = None,
    ) -> None:
        super().__init__(message)
        self.kind = kind
        self.message = message
        self.status_code = status_code
        self.retry_after = retry_after
        self.usage = usage


class LLMProvider(Protocol):
    """What the conversation handler calls; `stream` yields text deltas and then exactly one LLMReply."""

    name: str
    model: str

    async def complete(self, request: ConversationRequest) -> LLMReply: ...

    def stream(self, request: ConversationRequest) -> AsyncIterator[str | LLMReply]: ...

    async def aclose(self) -> None: ...
