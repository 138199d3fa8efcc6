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

    `persona` is the session's persona snapshot (the client fields as a plain dict); `system_blocks` is the
    compiled system prompt in cache order (what every session shares first, then this persona), so a
    provider that caches prefixes can mark a breakpoint after each; `messages` is the windowed history
    ending with the student's message; `turn_note` is a short instruction for this turn only (how open the
    client now is), carried after the cached prefix on the final user turn; `turn_index` counts the
    student's messages so far in the session, including this one.
    """

    persona: dict[str, Any]
    system_blocks: tuple[str, ...]
    messages: list[ChatTurn]
    max_tokens: int = 300
    turn_index: int = 1
    omitted_turns: int = 0
    turn_note: str = ""

    @property
    def system_prompt(self) -> str:
        """The blocks as one text, for providers without prefix caching."""
        return "\n\n".join(block for block in self.system_blocks if block)


@dataclass(frozen=True, slots=True)
class TokenUsage:
    """Token counts as billed; for the Claude provider these come straight from the API's `usage`.

    `estimated` is True when the server reported no usage and the counts are our own tiktoken estimate, so
    the ledger and the dashboards can say so rather than pass a guess off as a bill.
    """

    input_tokens: int = 0
    output_tokens: int = 0
    cache_creation_input_tokens: int = 0
    cache_read_input_tokens: int = 0
    estimated: bool = False


@dataclass(frozen=True, slots=True)
class ModelPrice:
    """USD per million tokens of each kind."""

    input: float
    output: float
    cache_write: float
    cache_read: float


FREE = ModelPrice(0.0, 0.0, 0.0, 0.0)


@dataclass(frozen=True, slots=True)
class LLMReply:
    """A finished reply: the complete text, what it cost in tokens, and who made it."""

    text: str
    usage: TokenUsage
    model: str
    provider: str
    stop_reason: str | None = None


@dataclass(frozen=True, slots=True)
class StructuredRequest:
    """One call whose answer must fill a JSON schema (an evaluation, a judge's verdict), not a client's line.

    `schema` is the JSON Schema of the answer object; `tool_name` and `tool_description` name it for providers
    that answer through tool or function calling. `model` overrides the provider's conversation model.
    """

    system_prompt: str
    messages: list[ChatTurn]
    tool_name: str
    tool_description: str
    schema: dict[str, Any]
    max_tokens: int = 2000
    model: str | None = None


@dataclass(frozen=True, slots=True)
class StructuredReply:
    """The answer as parsed JSON (checked to be an object, not yet against the schema), and what it cost."""

    data: dict[str, Any]
    usage: TokenUsage
    model: str
    provider: str


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
    """What the services call; `stream` yields text deltas and then exactly one LLMReply.

    `name` is stored with every reply (`anthropic`, `openai_compatible`, `offline`) and `label` is how people
    call it ("Claude", "local model", "offline simulator"). `simulated` is True when no model is behind it (the
    offline simulator); such providers have `supports_structured` False, and callers use their own rule-based
    path instead of `complete_structured`. `default_price` bills a model the pricing table does not know (a
    self-hosted model: $0); None means an unpriced model stops start-up rather than turn into a silent $0 bill.
    """

    name: str
    label: str
    model: str
    simulated: bool
    supports_structured: bool
    default_price: ModelPrice | None

    async def complete(self, request: ConversationRequest) -> LLMReply: ...

    def stream(self, request: ConversationRequest) -> AsyncIterator[str | LLMReply]: ...

    async def complete_structured(self, request: StructuredRequest) -> StructuredReply: ...

    async def aclose(self) -> None: ...
