"""The client's system prompt as cache-ordered blocks: the platform scaffold, then this persona.

The scaffold is the same for every client, so the platform caches it once; the persona block is the same
for every student of one client and never changes as the conversation goes (what the client keeps back is
not in it: hidden facts and risk reach the model through the turn note, once earned), so a class shares
it. Same persona in, byte-identical blocks out.
"""

from __future__ import annotations

from typing import Any

from backend.llm.persona import hidden_facts_of, persona_difficulty
from backend.services.prompting.scaffold import SCAFFOLD

PROMPT_VERSION = "2026-11-30.2"

FACT_LABELS: tuple[tuple[str, str], ...] = (
    ("student_brief", "Referral (the student read it)"),
    ("presenting_problem", "Problem"),
    ("background_story", "Background"),
    ("emotional_state", "Feeling now"),
    ("communication_style", "How you talk"),
    ("goals", "Wants"),
    ("cultural_context", "Culture"),
    ("notes", "Teacher's notes (guidance for you; never say them)"),
)
VERBOSE_MARKERS = ("verbose", "talkative", "rambl", "long-winded", "chatty", "tangent", "over-explain")
SHORT_REPLIES = "usually one to three sentences, often fewer."
LONG_REPLIES = "you tend to run on, but one short paragraph at most."
KEPT_BACK = ("You keep {count} back; each reaches you only through the director's note, once the student has "
             "earned it.")
RISK_KEPT_BACK = "What you would say about your safety also comes only through the note, when asked."
NOTHING_KEPT_BACK = "You keep nothing else back: there is nothing more to reveal."


def _text(persona: dict[str, Any], key: str) -> str:
    """A field as trimmed text, so blanks and missing keys both read as empty."""
    value = persona.get(key)
    return str(value).strip() if value is not None else ""


def _list(persona: dict[str, Any], key: str) -> list[str]:
    return [str(item).strip() for item in persona.get(key) or [] if str(item).strip()]


def _identity(persona: dict[str, Any]) -> str:
    """One compact line of demographics, which anchors everything else."""
    gender = _text(persona, "gender")
    pronouns = _text(persona, "pronouns")
    if gender and pronouns:
        gender = f"{gender} ({pronouns})"
    elif pronouns:
        gender = f"pronouns {pronouns}"
    parts = [str(persona.get("age", "")).strip(), gender]
    parts += [_text(persona, "race_ethnicity"), _text(persona, "socioeconomic_status")]
    return ", ".join(part for part in parts if part)


def is_verbose(persona: dict[str, Any]) -> bool:
    """A talkative persona may run longer; everyone else keeps replies short like real speech."""
    style = f"{_text(persona, 'communication_style')} {' '.join(_list(persona, 'personality_traits'))}".lower()
    return any(marker in style for marker in VERBOSE_MARKERS)


def _kept_back(persona: dict[str, Any]) -> str:
    count = len(hidden_facts_of(persona))
    lines = [KEPT_BACK.format(count="one thing" if count == 1 else f"{count} things")] if count else []
    if _text(persona, "risk_factors"):
        lines.append(RISK_KEPT_BACK)
    return " ".join(lines) or NOTHING_KEPT_BACK


def persona_block(persona: dict[str, Any]) -> str:
    """Who this client is, in the teacher's words, without anything the client keeps back."""
    name = _text(persona, "name")
    identity = _identity(persona)
    lines = [
        "THE CLIENT YOU PLAY",
        f"You are {name or 'the client'}{f': {identity}' if identity else ''}. "
        f"Difficulty {persona_difficulty(persona)}/5.",
    ]
    if issues := _list(persona, "issues"):
        lines.append(f"Issues: {', '.join(issues)}.")
    if traits := _list(persona, "personality_traits"):
        lines.append(f"Personality: {', '.join(traits)}.")
    lines += [f"{label}: {_text(persona, key)}" for key, label in FACT_LABELS if _text(persona, key)]
    lines.append(f"Length: {LONG_REPLIES if is_verbose(persona) else SHORT_REPLIES}")
    lines.append(_kept_back(persona))
    return "\n".join(lines)


def system_blocks(persona: dict[str, Any]) -> tuple[str, str]:
    """The system prompt in cache order: what every conversation shares, then what a persona's students share."""
    return SCAFFOLD, persona_block(persona)


def compile_system_prompt(persona: dict[str, Any]) -> str:
    """The blocks as one text, for reading (the prompt preview) and for providers without prefix caching."""
    return "\n\n".join(system_blocks(persona))
