"""A session's disclosure state on the hot path: step it with the student's message, settle it with the reply.

The state is read with the held session and written by the reply's UPDATE (no statements of its own); the
rules are pure (backend/interviewing/trust.py and hidden.py), so a turn pays a MITI coding and a content-word
check, not a model call. Each reply's message row keeps a line of the trajectory for the teacher. Two
messages sent while a reply is pending both step from the same stored state; the later reply's state is kept
(a rare race that costs at most one turn of trust movement, never a duplicate or lost message).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from backend.interviewing.hidden import TurnStep, after_reply, risk_sentences, step
from backend.interviewing.trust import DisclosureState
from backend.llm.persona import hidden_facts_of, persona_difficulty


@dataclass(frozen=True, slots=True)
class Gated:
    """What a persona keeps back, read once per turn from its snapshot."""

    facts: list[dict[str, str]]
    risk: list[str]
    difficulty: int


@lru_cache(maxsize=256)
def _risk(text: str) -> tuple[str, ...]:
    return tuple(risk_sentences(text))


def gated(persona: dict[str, Any]) -> Gated:
    return Gated(facts=hidden_facts_of(persona), risk=list(_risk(str(persona.get("risk_factors") or ""))),
                 difficulty=persona_difficulty(persona))


def next_step(persona: dict[str, Any], stored: dict[str, Any] | None, text: str, client_line: str | None) -> TurnStep:
    """The student's message against the stored state: trust after it, and what the reply may let out."""
    material = gated(persona)
    state = DisclosureState.from_json(stored, material.difficulty)
    return step(state, text=text, client_line=client_line, difficulty=material.difficulty, facts=material.facts,
                risk=material.risk)


def settle(persona: dict[str, Any], taken: TurnStep, reply: str, *, counts: bool = True
           ) -> tuple[dict[str, Any], dict[str, Any]]:
    """The session's state after the reply and the trajectory line for the reply's row.

    A fallback reply (`counts=False`) moves trust with the student's message but discloses nothing.
    """
    material = gated(persona)
    state, new = after_reply(taken, reply, material.facts, material.risk) if counts else (taken.state, [])
    line = {
        "trust": state.trust.value,
        "direction": taken.direction,
        "student_move": taken.move.value if taken.move else None,
        "offered": taken.fact.fact if taken.fact else None,
        "offer": taken.fact.offer.value if taken.fact else None,
        "risk": taken.risk.offer.value if taken.risk else None,
        "risk_topic": taken.risk.topic if taken.risk else None,
        "disclosed": [material.facts[i]["fact"] for i in new],
    }
    return state.as_json(len(material.facts)), line
