"""The director's note: the short, uncached tail of each request that tells the client how open it now is.

It rides on the student's message after every cache breakpoint (the scaffold explains how to read it), so
the cached prefix never changes; it is paid in full on every turn, so it stays a sentence or two. Hidden
material appears here and nowhere else, and only once the disclosure rules have let it out. It carries the
session's mark (note_guard.py), so a note the student typed cannot pass for it.
"""

from __future__ import annotations

from backend.interviewing.hidden import Offer, TurnStep

# Terse on purpose: the scaffold says what "Hint at" and "May tell" mean, and this text is paid on every turn.
FACT_LINES = {
    Offer.hint: " Hint at: {fact}",
    Offer.tell: " May tell, hesitantly: {fact}",
}
# By the offer's value, so an offer added to the rules later ("deny") needs only a line here.
RISK_LINES = {
    "brush_off": " Safety question{topic}: brush it off for now.",
    "hint": " Safety question{topic}: admit a little of: {text}",
    "tell": " Safety question{topic}: may tell, hesitantly: {text}",
    "deny": " Safety question{topic}: you have none of this; say so plainly.",
}


def _topic(step: TurnStep) -> str:
    topic = getattr(step.risk, "topic", None)
    return f" ({str(topic).replace('_', ' ')})" if topic else ""


def turn_note(step: TurnStep, mark: str = "") -> str:
    """`[Director 3fa1b2c4d5: trust warming (up). Hint at: She skips meals so Biscuit can eat.]`."""
    note = f"[Director{f' {mark}' if mark else ''}: trust {step.state.trust.value} ({step.direction})."
    if step.fact is not None:
        note += FACT_LINES[step.fact.offer].format(fact=step.fact.fact)
    if step.risk is not None:
        offer = getattr(step.risk.offer, "value", step.risk.offer)
        note += RISK_LINES.get(offer, RISK_LINES["brush_off"]).format(topic=_topic(step), text=step.risk.text)
    return note + "]"
