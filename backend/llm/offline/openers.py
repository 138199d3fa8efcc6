"""How each client says hello: in the voice of their age and guard, often with who sent them, so no two
demo clients open with the same words."""

from __future__ import annotations

import re
from typing import Any

from backend.llm.offline import lines

TEEN_BELOW, OLDER_FROM = 18, 65


def hello_options(persona: dict[str, Any], difficulty: int) -> tuple[str, ...]:
    """Greetings that fit the person: a teenager's, an older person's, or by how guarded they are."""
    age = int(persona.get("age") or 0)
    if age and age < TEEN_BELOW:
        return lines.HELLO_TEEN
    if age >= OLDER_FROM and difficulty <= 3:
        return lines.HELLO_OLDER
    return lines.HELLO_BY_DIFFICULTY[difficulty]


def referral_options(persona: dict[str, Any]) -> list[str]:
    """Who sent the client, as they would say it, read from the brief the student was given."""
    brief = str(persona.get("student_brief") or "").lower()
    for pattern, options in lines.REFERRAL_LINES:
        if re.search(pattern, brief):
            return list(options)
    return []
