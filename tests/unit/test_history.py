"""The history sent to the model alternates roles strictly and stays within its token budget."""

from __future__ import annotations

import itertools

from backend.models.message import Message, MessageRole
from backend.services.conversation.history import OMITTED_NOTE, build_history


def msg(seq: int, role: str, content: str) -> Message:
    return Message(session_id=1, sequence=seq, role=MessageRole(role), content=content)


def test_messages_sent_while_a_reply_was_pending_are_merged() -> None:
    stored = [msg(1, "user", "hi"), msg(2, "user", "are you there?"), msg(3, "assistant", "yes"),
              msg(4, "assistant", "sorry"), msg(5, "user", "ok")]
    turns, dropped = build_history(stored, budget_tokens=1000)
    assert [t.role for t in turns] == ["user", "assistant", "user"]
    assert turns[0].content == "hi\n\nare you there?"
    assert dropped == 0


def test_history_ends_with_the_student_and_starts_with_the_student() -> None:
    stored = [msg(1, "assistant", "stray"), msg(2, "user", "hello"), msg(3, "assistant", "hi")]
    turns, _ = build_history(stored, budget_tokens=1000)
    assert [t.role for t in turns] == ["user"]


def test_long_conversations_are_windowed_to_the_budget_keeping_the_newest() -> None:
    stored = []
    for i in range(60):
        stored.append(msg(2 * i + 1, "user", f"question {i} " + "word " * 40))
        stored.append(msg(2 * i + 2, "assistant", f"answer {i} " + "word " * 40))
    stored.append(msg(121, "user", "the newest question"))
    turns, dropped = build_history(stored, budget_tokens=600)
    assert turns[-1].content == "the newest question"
    assert turns[0].role == "user" and turns[0].content.startswith(OMITTED_NOTE)
    assert dropped > 100
    assert all(a.role != b.role for a, b in itertools.pairwise(turns))
    assert sum(len(t.content.split()) for t in turns) < 600
