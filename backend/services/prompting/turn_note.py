"""The director's note: the short, uncached tail of each request that tells the client how open it now is.

It rides on the student's message after every cache breakpoint (the scaffold explains how to read it), so
the cached prefix never changes; it is paid in full on every turn, so it stays a sentence or two. Hidden
material appears here and nowhere else, and only once the disclosure rules have let it out. It carries the
session's mark (conversation/note_guard.py), so a note the student typed cannot pass for it.
"""

from __future__ import annotations

from typing import Any

from backend.interviewing.hidden import Offer, TurnStep
from backend.interviewing.themes import theme_of
from backend.llm.persona import sentence_budget

# Terse on purpose: the scaffold says what "Hint at" and "May tell" mean, and this text is paid on every turn. A
# hint names only the fact's theme: a model that may not say the fact yet is not shown it.
FACT_LINES = {
    Offer.hint: " Hint at something about: {theme}",
    Offer.tell: " May tell, hesitantly: {fact}",
}
RISK_LINES = {
    Offer.brush_off: " Safety question{about}: brush it off for now.",
    Offer.hint: " Safety question{about}: admit a little of: {text}",
    Offer.tell: " Safety question{about}: may tell, hesitantly: {text}",
    Offer.deny: " Safety question{about}: you have none of this; say so plainly.",
}


def turn_note(step: TurnStep, mark: str = "", persona: dict[str, Any] | None = None, *,
              first_turn: bool = False) -> str:
    """`[Director 3fa1b2c4d5: trust warming (up), up to 3 sentences. Hint at something about: money]`; the fact
    itself only once it may be told. The sentence ceiling (by style and trust, `persona`) is the one the offline
    simulator keeps to, so a model's replies run as long as the product means them to."""
    trust = step.state.trust
    ceiling = sentence_budget(persona, trust, first_turn=first_turn) if persona is not None else 0
    length = f", up to {ceiling} sentence{'s' if ceiling > 1 else ''}" if ceiling else ""
    note = f"[Director{f' {mark}' if mark else ''}: trust {trust.value} ({step.direction}){length}."
    if step.fact is not None:
        note += FACT_LINES[step.fact.offer].format(fact=step.fact.fact, theme=theme_of(step.fact.fact))
    if step.risk is not None:
        about = f" ({step.risk.topic})" if step.risk.topic else ""
        note += RISK_LINES[step.risk.offer].format(text=step.risk.text, about=about)
    return note + "]"
