"""In-character replies for when the LLM is down: the student keeps talking to a person, never an error."""

from __future__ import annotations

import hashlib
from typing import Any

FALLBACK_LINES = (
    "Sorry... I lost my train of thought for a second. Could you say that again?",
    "Hm. Give me a moment, my head's all over the place right now. What were you asking?",
    "I'm sorry, I didn't quite catch that. Can you ask me again?",
    "*pauses* Sorry, I drifted off there. What did you say?",
    "I... sorry, it's a lot to think about. Could you repeat that?",
)


def fallback_reply(persona: dict[str, Any], *, turn_index: int) -> str:
    """Deterministic per turn so a retried request shows the same words."""
    seed = f"{persona.get('name', '')}|{turn_index}".encode()
    index = int(hashlib.sha256(seed).hexdigest(), 16) % len(FALLBACK_LINES)
    return FALLBACK_LINES[index]
