"""What an evaluator reads: the conversation's lines with their message ids, the persona and the rubric."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Any, Literal

from backend.interviewing.miti import CodedUtterance, Turn, code_transcript
from backend.llm.persona import hidden_facts_of
from backend.schemas.rubric import RubricCriterion


@dataclass(frozen=True, slots=True)
class Line:
    message_id: int
    speaker: Literal["student", "client"]
    text: str
    trust: str | None = None  # a client line: how open the client was when it said this (guarded/warming/open)


@dataclass(frozen=True)
class Transcript:
    """One conversation ready to evaluate; `criteria` are the rubric's, in order."""

    lines: tuple[Line, ...]
    persona: dict[str, Any]
    criteria: tuple[RubricCriterion, ...]

    @property
    def student_lines(self) -> list[Line]:
        return [line for line in self.lines if line.speaker == "student"]

    @property
    def client_lines(self) -> list[Line]:
        return [line for line in self.lines if line.speaker == "client"]

    @property
    def hidden_facts(self) -> list[dict[str, str]]:
        return hidden_facts_of(self.persona)

    def turns(self) -> list[Turn]:
        return [Turn(speaker=line.speaker, text=line.text) for line in self.lines]

    @cached_property
    def coded(self) -> list[CodedUtterance]:
        """The coder's reading of each student line, made once: the rules, the model's cross-check and the
        offline fallback all read it."""
        return code_transcript(self.turns())

    def text_of(self, message_id: int) -> str | None:
        return next((line.text for line in self.lines if line.message_id == message_id), None)


def build_transcript(messages: Sequence[Any], persona: dict[str, Any],
                     criteria: Sequence[dict[str, Any]]) -> Transcript:
    """From stored messages (role user = the student) and a rubric's criteria as stored."""
    lines = tuple(Line(message_id=m.id, speaker="student" if m.role == "user" else "client", text=m.content,
                       trust=((getattr(m, "disclosure", None) or {}).get("trust") if m.role != "user" else None))
                  for m in messages)
    return Transcript(lines=lines, persona=persona,
                      criteria=tuple(RubricCriterion.model_validate(item) for item in criteria))
