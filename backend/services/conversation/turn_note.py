"""The director's note: the short, uncached tail of each request that tells the client how open it now is.

It rides on the student's message after every cache breakpoint (the scaffold explains how to read it), so
the cached prefix never changes; it is paid in full on every turn, so it stays a sentence or two. Hidden
material appears here and nowhere else, and only once the disclosure rules have let it out.
"""

from __future__ import annotations

from backend.interviewing.hidden import Offer, TurnStep

FACT_LINES = {
    Offer.hint: " Hint at this, without saying it: {fact}",
    Offer.tell: " You may tell this now, hesitantly, in your own words: {fact}",
}
RISK_LINES = {
    Offer.brush_off: " They asked about your safety: not yet; brush it off.",
    Offer.hint: " They asked about your safety: admit only a little of this, hesitantly: {text}",
    Offer.tell: " They asked about your safety: you may tell this piece, hesitantly: {text}",
}


def turn_note(step: TurnStep) -> str:
    """`[Director: trust warming (up). Hint at this, without saying it: ...]`."""
    note = f"[Director: trust {step.state.trust.value} ({step.direction})."
    if step.fact is not None:
        note += FACT_LINES[step.fact.offer].format(fact=step.fact.fact)
    if step.risk is not None:
        note += RISK_LINES[step.risk.offer].format(text=step.risk.text)
    return note + "]"
