"""A streamed reply read from the SDK's raw Messages events: the text and what was billed, nothing else.

The SDK's `messages.stream()` helper rebuilds a full Message snapshot and a typed event for every delta; a
conversation turn needs only the text, the model, the stop reason and the usage, and reading them straight off
`messages.create(stream=True)` costs a fraction of the CPU. `event: error` still raises inside the SDK.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from backend.llm.base import LLMReply, ProviderError, TokenUsage

USAGE_FIELDS = ("input_tokens", "output_tokens", "cache_creation_input_tokens", "cache_read_input_tokens")


@dataclass
class StreamedMessage:
    """Folds raw stream events as they arrive: `message_start` opens, deltas add text, `message_delta` bills."""

    started: bool = False
    model: str = ""
    stop_reason: str | None = None
    usage: dict[str, int] = field(default_factory=lambda: dict.fromkeys(USAGE_FIELDS, 0))
    parts: list[str] = field(default_factory=list)

    def add(self, event: Any) -> str:
        """The text this event adds to the reply ("" for the others)."""
        kind = event.type
        if kind == "content_block_delta":
            delta = event.delta
            if delta.type == "text_delta" and self.started:
                if not isinstance(delta.text, str):
                    raise ProviderError("bad_response", "Claude API sent a text delta without text", usage=self.billed)
                self.parts.append(delta.text)
                return delta.text
        elif kind == "message_start":
            self.started, self.model = True, event.message.model
            self._bill(event.message.usage)
        elif kind == "message_delta":
            self.stop_reason = event.delta.stop_reason
            self._bill(event.usage)  # cumulative totals: a count given here replaces the one from message_start
        return ""

    def _bill(self, usage: Any) -> None:
        for name in USAGE_FIELDS:
            value = getattr(usage, name, None)
            if value is not None:
                self.usage[name] = int(value)

    @property
    def billed(self) -> TokenUsage | None:
        """What the call was billed so far: known once `message_start` has arrived."""
        return TokenUsage(**self.usage) if self.started else None

    def reply(self) -> LLMReply:
        """The finished reply; a stream that never started or carried no text is a bad_response."""
        if not self.started:
            raise ProviderError("bad_response", "Claude API stream ended without a message")
        text = "".join(self.parts)
        if not text.strip():
            raise ProviderError("bad_response", f"Claude API returned an empty reply (stop_reason "
                                f"{self.stop_reason or 'none'})", usage=self.billed)
        return LLMReply(text=text, usage=TokenUsage(**self.usage), model=self.model, provider="anthropic",
                        stop_reason=self.stop_reason)
