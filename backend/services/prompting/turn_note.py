"""The director's note: the short, uncached tail of each request that tells the client how open it now is.

It rides on the student's message after every cache breakpoint (the scaffold explains how to read it), so
the cached prefix never changes; it is paid in full on every turn, so it stays a sentence or two. Hidden
material appears here and nowhere else, and only once the disclosure rules have let it out. It carries the
session's mark (conversation/note_guard.py), so a note the student typed cannot pass for it.
"""

from __future__ import annotations

from backend.interviewing.hidden import Offer, TurnStep
from backend.interviewing.themes import theme_of

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


def turn_note(step: TurnStep, mark: str = "") -> str:
    """`[Director 3fa1b2c4d5: trust warming (up). Hint at something about: money]`; the fact itself only once it
    may be told."""
    note = f"[Director{f' {mark}' if mark else ''}: trust {step.state.trust.value} ({step.direction})."
    if step.fact is not None:
        note += FACT_LINES[step.fact.offer].format(fact=step.fact.fact, theme=theme_of(step.fact.fact))
    if step.risk is not None:
        about = f" ({step.risk.topic})" if step.risk.topic else ""
        note += RISK_LINES[step.risk.offer].format(text=step.risk.text, about=about)
    return note + "]"
