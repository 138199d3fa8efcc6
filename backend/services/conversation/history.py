"""Turns the stored transcript into the provider's history: strictly alternating roles, within a token budget."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from backend.llm.base import ChatTurn
from backend.llm.tokens import count_tokens
from backend.models.message import MessageRole


class Utterance(Protocol):
    """A stored line of the transcript: a Message, a MessageRead or a (role, content) row."""

    @property
    def role(self) -> MessageRole: ...

    @property
    def content(self) -> str: ...


OMITTED_NOTE = "[Earlier parts of this conversation are not shown. Stay consistent with what you said.]"


def merge_alternating(messages: Sequence[Utterance]) -> list[ChatTurn]:
    """Messages sent while a reply was pending land side by side; join same-role neighbours into one turn."""
    turns: list[ChatTurn] = []
    for message in messages:
        role = "user" if message.role == MessageRole.user else "assistant"
        if turns and turns[-1].role == role:
            turns[-1] = ChatTurn(role, turns[-1].content + "\n\n" + message.content)
        else:
            turns.append(ChatTurn(role, message.content))
    while turns and turns[0].role != "user":
        turns.pop(0)
    while turns and turns[-1].role != "user":
        turns.pop()
    return turns


def window(turns: list[ChatTurn], *, budget_tokens: int) -> tuple[list[ChatTurn], int]:
    """Keep the newest exchanges that fit the budget; the persona lives in the system prompt, so it is never lost.

    Returns the kept turns and how many older turns were dropped. The newest student message is always kept.
    """
    if not turns:
        return [], 0
    kept: list[ChatTurn] = []
    used = 0
    for turn in reversed(turns):
        cost = count_tokens(turn.content) + 4
        if kept and used + cost > budget_tokens:
            break
        kept.append(turn)
        used += cost
    kept.reverse()
    if kept[0].role != "user":
        kept.pop(0)
    dropped = len(turns) - len(kept)
    if dropped:
        kept[0] = ChatTurn("user", f"{OMITTED_NOTE}\n\n{kept[0].content}")
    return kept, dropped


def build_history(messages: Sequence[Utterance], *, budget_tokens: int) -> tuple[list[ChatTurn], int]:
    return window(merge_alternating(messages), budget_tokens=budget_tokens)
