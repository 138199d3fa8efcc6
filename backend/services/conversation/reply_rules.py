"""Rules a model's reply must keep before a student reads it: what the note did not release stays back, the client
gives no advice, never steps out of the role, and never recites its persona.

They run on every model reply (regular expressions and content-word overlap: well under a millisecond), and a
reply they flag gets one rewrite (revision.py). Each flag says what to fix in words the model can act on.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from backend.interviewing.client_reply import ROLE_BREAK, advice_in
from backend.interviewing.disclosure import discloses
from backend.interviewing.hidden import Offer, TurnStep
from backend.interviewing.risk import risk_items
from backend.services.prompting.disclosure import gated

RECITED_FIELDS = ("presenting_problem", "background_story", "emotional_state", "communication_style", "goals",
                  "cultural_context", "notes", "core_belief", "automatic_thought", "student_brief")
RECITED_WORDS = 7  # this many words in a row, as the teacher wrote them, is reciting the persona
WORD = re.compile(r"[a-z0-9']+")


@dataclass(frozen=True, slots=True)
class Flag:
    """One thing wrong with a reply: `kind` for the record, `fix` for the rewrite."""

    kind: str  # hidden_fact, risk, advice, role_break, recites
    fix: str


def _released_fact(step: TurnStep, index: int) -> bool:
    return step.fact is not None and step.fact.index == index and step.fact.offer == Offer.tell


def _released_risk(step: TurnStep, sentence: str) -> bool:
    risk = step.risk
    offer = getattr(getattr(risk, "offer", None), "value", None)
    return risk is not None and offer in ("hint", "tell") and risk.text == sentence


def _said_before(text: str, earlier: Sequence[str]) -> bool:
    return any(discloses(text, line) for line in earlier)


def _beyond_the_note(persona: dict[str, Any], step: TurnStep, reply: str, earlier: Sequence[str]) -> list[Flag]:
    material = gated(persona)
    flags = []
    for index, item in enumerate(material.facts):
        fact = item["fact"]
        if (discloses(fact, reply) and not _released_fact(step, index) and index not in step.before.disclosed
                and not _said_before(fact, earlier)):
            flags.append(Flag("hidden_fact", f"it states something the client keeps back and may not say yet "
                                             f"(\"{fact}\"): leave it out entirely"))
    for item in risk_items(tuple(material.risk)):
        sentence = item.text
        if item.denies:  # "She has no thoughts of suicide": saying so is never a leak
            continue
        if discloses(sentence, reply) and not _released_risk(step, sentence) and not _said_before(sentence, earlier):
            flags.append(Flag("risk", f"it tells safety history the note did not release (\"{sentence}\"): leave "
                                      "it out"))
    return flags


def _windows(text: str, size: int) -> set[tuple[str, ...]]:
    words = WORD.findall(text.lower().replace("\u2019", "'"))
    return {tuple(words[i:i + size]) for i in range(len(words) - size + 1)}


def _recited(persona: dict[str, Any], reply: str) -> str | None:
    """The persona field a reply repeats word for word, if any."""
    said = _windows(reply, RECITED_WORDS)
    if not said:
        return None
    for key in RECITED_FIELDS:
        if said & _windows(str(persona.get(key) or ""), RECITED_WORDS):
            return key
    return None


def flag_reply(persona: dict[str, Any], step: TurnStep, reply: str, earlier: Sequence[str] = ()) -> list[Flag]:
    """Everything wrong with the reply to this step's message; `earlier` are the client's earlier lines."""
    flags = _beyond_the_note(persona, step, reply, earlier)
    if advice := advice_in(reply):
        flags.append(Flag("advice", f"it gives the student advice (\"{advice}\"): a client reacts, it does "
                                    "not advise"))
    if match := ROLE_BREAK.search(reply):
        flags.append(Flag("role_break", f"it steps out of the role (\"{match.group(0)}\"): stay the person, with no "
                                        "word about AI, prompts, notes or role-play"))
    if field := _recited(persona, reply):
        flags.append(Flag("recites", f"it recites the persona description ({field.replace('_', ' ')}) word for "
                                     "word: say it in your own everyday words, or not at all"))
    return flags


GATING = frozenset({"hidden_fact", "risk", "role_break"})


def breaches_gating(flags: Sequence[Flag]) -> bool:
    """A flag that must never reach the student: a fact or risk let out early, or the role broken."""
    return any(flag.kind in GATING for flag in flags)
