"""Reading a persona snapshot the same way everywhere: the prompt builder and the offline simulator agree."""

from __future__ import annotations

from typing import Any

from backend.core.text import facts_from_text
from backend.interviewing.trust import Trust

DEFAULT_DIFFICULTY = 3
VERBOSE_MARKERS = ("verbose", "talkative", "rambl", "long-winded", "chatty", "tangent", "over-explain")
# Most sentences a reply runs to, by conversational style (Patient-Psi): a reserved client says little, a verbose
# one more. The director's note hands the same ceiling to a model that the offline simulator keeps to.
STYLE_SENTENCES = {"reserved": 2, "plain": 3, "upset": 3, "pleasing": 3, "tangent": 4, "verbose": 4}
DEFAULT_SENTENCES, VERBOSE_SENTENCES = 3, 4


def clamp_difficulty(value: object) -> int:
    """Guardedness 1-5; anything unreadable counts as the middle of the scale."""
    try:
        return min(5, max(1, int(value or DEFAULT_DIFFICULTY)))  # type: ignore[call-overload]
    except (TypeError, ValueError):
        return DEFAULT_DIFFICULTY


def persona_difficulty(persona: dict[str, Any]) -> int:
    return clamp_difficulty(persona.get("difficulty"))


def hidden_facts_of(persona: dict[str, Any]) -> list[dict[str, str]]:
    """The facts the client keeps back, from a snapshot of any age (older ones hold one free text)."""
    facts = persona.get("hidden_facts")
    if facts is None:
        return facts_from_text(str(persona.get("reveals_with_rapport") or ""))
    return [{"fact": str(item.get("fact", "")).strip(), "unlock": str(item.get("unlock") or "").strip()}
            for item in facts if isinstance(item, dict) and str(item.get("fact", "")).strip()]


def named_style(persona: dict[str, Any]) -> str:
    """The conversational style the teacher chose, or empty when none (or an old snapshot has none)."""
    style = str(persona.get("conversational_style") or "").strip().lower()
    return style if style in STYLE_SENTENCES else ""


def is_verbose_persona(persona: dict[str, Any]) -> bool:
    """A talkative persona may run longer: the named style decides, else the teacher's free-text description."""
    if named := named_style(persona):
        return named == "verbose"
    text = f"{persona.get('communication_style') or ''} {' '.join(persona.get('personality_traits') or [])}"
    return any(marker in text.lower() for marker in VERBOSE_MARKERS)


def sentence_budget(persona: dict[str, Any], trust: Trust, *, first_turn: bool = False) -> int:
    """The most sentences a reply runs to now: by style, one more once trust is open, one less while a hard
    client (difficulty 4-5) is still guarded, one more on the first turn ("Hi, I'm Nadia." is not an answer).
    A ceiling, not a target: a few words often do."""
    named = named_style(persona)
    base = STYLE_SENTENCES[named] if named else VERBOSE_SENTENCES if is_verbose_persona(persona) else DEFAULT_SENTENCES
    if trust is Trust.open:
        base += 1
    elif trust is Trust.guarded and persona_difficulty(persona) >= 4:
        base -= 1
    return max(1, base) + first_turn
