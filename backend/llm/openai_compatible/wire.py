"""Chat-completions requests and replies: messages out; text, usage and structured answers back in.

Self-hosted servers differ in what they send back, so reading is forgiving where it is safe (usage may be
missing: estimate it and say so; a reasoning model's `<think>` block is never shown to a student) and strict
where it matters (no text is a bad response).
"""

from __future__ import annotations

import json
import re
from typing import Any

from backend.llm.base import ChatTurn, TokenUsage
from backend.llm.tokens import estimate_chat_usage

THINK_OPEN, THINK_CLOSE = "<think>", "</think>"
CODE_FENCE = re.compile(r"^```(?:json)?\s*(.*?)\s*```$", re.DOTALL)


def build_messages(system_prompt: str, turns: list[ChatTurn], turn_note: str = "") -> list[dict[str, Any]]:
    """A system message, then the turns as plain strings (every server accepts those; not all take parts).

    The turn note goes at the end of the final user turn, after the prefix a server's prefix cache can reuse.
    """
    messages: list[dict[str, Any]] = [{"role": "system", "content": system_prompt}] if system_prompt else []
    messages += [{"role": turn.role, "content": turn.content} for turn in turns]
    if turn_note and turns:
        messages[-1]["content"] = f"{messages[-1]['content']}\n\n{turn_note}"
    return messages


def usage_of(usage: Any) -> TokenUsage | None:
    """TokenUsage from the server's `usage`, or None when it sent none.

    OpenAI's `prompt_tokens` includes the cached prefix (`prompt_tokens_details.cached_tokens`, which vLLM reports
    with prefix caching); our `input_tokens` does not, as in Claude's usage, so cached tokens are taken out.
    """
    if usage is None:
        return None
    prompt = int(getattr(usage, "prompt_tokens", 0) or 0)
    details = getattr(usage, "prompt_tokens_details", None)
    cached = min(int(getattr(details, "cached_tokens", 0) or 0), prompt) if details is not None else 0
    return TokenUsage(input_tokens=prompt - cached, output_tokens=int(getattr(usage, "completion_tokens", 0) or 0),
                      cache_read_input_tokens=cached)


def estimated_usage(messages: list[dict[str, Any]], output_text: str) -> TokenUsage:
    """Our tiktoken estimate for a call the server reported no usage for, flagged as an estimate."""
    input_tokens, output_tokens = estimate_chat_usage([str(m.get("content") or "") for m in messages], output_text)
    return TokenUsage(input_tokens=input_tokens, output_tokens=output_tokens, estimated=True)


class ReasoningFilter:
    """Drops a leading `<think>…</think>` block (Qwen3, DeepSeek-R1 served without a reasoning parser).

    A reasoning model thinks about the persona's hidden facts before it speaks; shown to a student, that would
    give the whole case away. Text is fed as it streams in; what is safe to show comes out, nothing is held
    longer than it takes to tell whether a think block has begun.
    """

    def __init__(self) -> None:
        self._state = "start"  # start -> (thinking -> after) -> speaking
        self._held = ""

    def feed(self, text: str) -> str:
        if self._state == "speaking":
            return text
        self._held += text
        if self._state == "start":
            head = self._held.lstrip()
            if THINK_OPEN.startswith(head):
                return ""  # could still become "<think>"
            if not head.startswith(THINK_OPEN):
                self._state = "speaking"
                return self._release()
            self._state, self._held = "thinking", head[len(THINK_OPEN):]
        if self._state == "thinking":
            end = self._held.find(THINK_CLOSE)
            if end < 0:
                self._held = self._held[-len(THINK_CLOSE):]  # keep only what may be the start of the close tag
                return ""
            self._state, self._held = "after", self._held[end + len(THINK_CLOSE):]
        self._held = self._held.lstrip()
        if not self._held:
            return ""
        self._state = "speaking"
        return self._release()

    def flush(self) -> str:
        """What is left at the end: a reply too short to be a think block; nothing of an unclosed one."""
        return self._release() if self._state == "start" else ""

    def _release(self) -> str:
        text, self._held = self._held, ""
        return text


def visible_text(text: str) -> str:
    """The reply as a student may see it (the whole-text form of ReasoningFilter)."""
    reasoning = ReasoningFilter()
    return reasoning.feed(text) + reasoning.flush()


def json_object(text: str) -> dict[str, Any] | None:
    """The JSON object a structured answer holds; models without constrained decoding may fence it."""
    text = visible_text(text or "").strip()
    if fenced := CODE_FENCE.match(text):
        text = fenced.group(1)
    try:
        data = json.loads(text)
    except ValueError:
        return None
    return data if isinstance(data, dict) else None


def structured_answer(message: Any, tool_name: str) -> tuple[dict[str, Any] | None, str]:
    """The answer object (from the forced function call, else the JSON content) and the raw text it came from."""
    for call in getattr(message, "tool_calls", None) or []:
        function = getattr(call, "function", None)
        if getattr(function, "name", None) == tool_name:
            arguments = getattr(function, "arguments", None)
            raw = arguments if isinstance(arguments, str) else ""
            return json_object(raw), raw
    content = getattr(message, "content", None)
    raw = content if isinstance(content, str) else ""
    return json_object(raw), raw
