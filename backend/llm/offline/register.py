"""Who is talking: a persona's register (age) and stance (denial, mandated, frightened, pleasing), so stock lines
sound like this person, not a generic client (a 74-year-old widow does not say "There's been stuff")."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

SLANG = re.compile(r"\b(?:stuff|whatever|dunno|gonna|kinda|dude|man|yeah|thing)\b|\*shrugs\*|^sure\.", re.I)
OLDER_ONLY = re.compile(r"\b(?:i beg your pardon|perhaps|i'm afraid|good morning)\b", re.I)
FORMAL = re.compile(r"\b(?:i suppose|perhaps|i beg your pardon|thank you for seeing me|rather)\b", re.I)
STANCES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("denial", re.compile(r"\b(?:denies|deny|denial|minimi[sz]\w*|doesn't (?:think|see|believe)|no problem"
                          r"|not a problem|defensive about)\b", re.I)),
    ("mandated", re.compile(r"\b(?:court|probation|mandated|ordered|required to attend|parole|dui)\b", re.I)),
    ("frightened", re.compile(r"\b(?:scared|afraid|fear\w*|frighten\w*|terrified|on edge)\b", re.I)),
    ("pleasing", re.compile(r"\b(?:pleas\w*|agreeable|apolog\w*|eager to|polite)\b", re.I)),
)


def register_of(persona: dict[str, Any]) -> str:
    """teen, older or adult, from the persona's age."""
    try:
        age = int(persona.get("age") or 0)
    except (TypeError, ValueError):
        age = 0
    return "teen" if 0 < age < 20 else "older" if age >= 65 else "adult"


def stance_of(persona: dict[str, Any]) -> str:
    """How the client holds the problem, read from how the teacher described them."""
    style = str(persona.get("conversational_style") or "").lower()
    if style == "pleasing":
        return "pleasing"
    text = " ".join(str(persona.get(key) or "") for key in (
        "communication_style", "presenting_problem", "emotional_state", "student_brief"))
    text += " " + " ".join(str(item) for item in persona.get("personality_traits") or [])
    return next((name for name, pattern in STANCES if pattern.search(text)), "plain")


def in_register(options: Sequence[str], register: str) -> list[str]:
    """The options this speaker would say: no slang from an older client, nothing stiff from anyone younger."""
    if register == "older":
        kept = [option for option in options if not SLANG.search(option)]
    elif register == "teen":
        kept = [option for option in options if not FORMAL.search(option)]
    else:
        kept = [option for option in options if not OLDER_ONLY.search(option)]
    return kept or list(options)
