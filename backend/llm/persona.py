"""Reading a persona snapshot the same way everywhere: the prompt builder and the offline simulator agree."""

from __future__ import annotations

from typing import Any

DEFAULT_DIFFICULTY = 3


def clamp_difficulty(value: object) -> int:
    """Guardedness 1-5; anything unreadable counts as the middle of the scale."""
    try:
        return min(5, max(1, int(value or DEFAULT_DIFFICULTY)))  # type: ignore[call-overload]
    except (TypeError, ValueError):
        return DEFAULT_DIFFICULTY


def persona_difficulty(persona: dict[str, Any]) -> int:
    return clamp_difficulty(persona.get("difficulty"))
