"""Reading a persona snapshot the same way everywhere: the prompt builder and the offline simulator agree."""

from __future__ import annotations

from typing import Any

from backend.core.text import facts_from_text

DEFAULT_DIFFICULTY = 3


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
