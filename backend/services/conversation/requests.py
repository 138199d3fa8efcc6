"""The provider request for one turn, built the same way for a practice session, a persona check and a benchmark.

`build_request` is the turn's own recipe (blocks, windowed history, the director's note); `Rehearsal` holds a
conversation in memory for callers that have no session row (persona checks, cost benchmarks), so what they
send is byte for byte what a student's session would send.
"""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from backend.interviewing.hidden import TurnStep
from backend.llm.base import ConversationRequest
from backend.models.message import MessageRole
from backend.services.conversation.history import Utterance, build_history
from backend.services.conversation.note_guard import neutralise
from backend.services.prompting import disclosure
from backend.services.prompting.prompt import system_blocks
from backend.services.prompting.turn_note import turn_note


@dataclass(frozen=True, slots=True)
class Line:
    """One line of a conversation held in memory."""

    role: MessageRole
    content: str


def guarded(lines: Sequence[Utterance]) -> list[Line]:
    """The transcript as a model may read it: the student's imitations of platform notes defused."""
    return [Line(m.role, neutralise(m.content) if m.role == MessageRole.user else m.content) for m in lines]


def build_request(persona: dict[str, Any], earlier: Sequence[Utterance], new: Utterance, stored: dict[str, Any] | None,
                  *, max_tokens: int, history_budget: int, blocks: tuple[str, ...] | None = None, mark: str = "",
                  guard: bool = True) -> tuple[ConversationRequest, TurnStep]:
    """The request answering `new` (the student's message) after `earlier`, and the disclosure step it carries.

    The disclosure step reads the student's own words; a model reads them with forged notes defused (`guard`;
    the offline simulator reads the words as typed, since it follows no notes). `mark` signs the real note.
    """
    client_line = next((m.content for m in reversed(earlier) if m.role == MessageRole.assistant), None)
    turn_index = sum(1 for m in earlier if m.role == MessageRole.user) + 1
    taken = disclosure.next_step(persona, stored, new.content, client_line)
    lines = guarded([*earlier, new]) if guard else [*earlier, new]
    turns, omitted = build_history(lines, budget_tokens=history_budget)
    request = ConversationRequest(
        persona=persona,
        system_blocks=blocks or system_blocks(persona),
        messages=turns,
        max_tokens=max_tokens,
        turn_index=turn_index,
        omitted_turns=omitted,
        turn_note=turn_note(taken, mark, persona, first_turn=turn_index == 1),
    )
    return request, taken


@dataclass
class Rehearsal:
    """A conversation held in memory: each `ask` builds the request a session would send, `answer` records the reply."""

    persona: dict[str, Any]
    max_tokens: int = 300
    history_budget: int = 6000
    lines: list[Line] = field(default_factory=list)
    state: dict[str, Any] | None = None
    guard: bool = False  # True when a model reads the requests (the offline simulator reads words as typed)
    mark: str = field(default_factory=lambda: secrets.token_hex(5))
    _pending: TurnStep | None = None

    @property
    def step(self) -> TurnStep | None:
        """The disclosure step of the message asked and not yet answered."""
        return self._pending

    def ask(self, text: str) -> ConversationRequest:
        new = Line(MessageRole.user, text)
        request, self._pending = build_request(self.persona, self.lines, new, self.state,
                                               max_tokens=self.max_tokens, history_budget=self.history_budget,
                                               mark=self.mark, guard=self.guard)
        self.lines.append(new)
        return request

    def answer(self, reply: str, *, counts: bool = True) -> dict[str, Any]:
        """Record the client's reply; returns its line of the trust trajectory."""
        assert self._pending is not None, "answer() follows ask()"
        self.state, line = disclosure.settle(self.persona, self._pending, reply, counts=counts)
        self.lines.append(Line(MessageRole.assistant, reply))
        self._pending = None
        return line
