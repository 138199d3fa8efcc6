"""The client's system prompt as cache-ordered blocks: the platform scaffold, then this persona.

The scaffold is the same for every client, so the platform caches it once; the persona block is the same
for every student of one client and never changes as the conversation goes (what the client keeps back is
not in it: hidden facts and risk reach the model through the turn note, once earned), so a class shares
it. Same persona in, byte-identical blocks out.
"""

from __future__ import annotations

from typing import Any

from backend.llm.persona import hidden_facts_of, is_verbose_persona, named_style, persona_difficulty
from backend.services.prompting.scaffold import SCAFFOLD

PROMPT_VERSION = "2026-12-07.3"

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
SHORT_REPLIES = "usually one to three sentences, often fewer."
LONG_REPLIES = "you tend to run on, but one short paragraph at most."
# The conversational style (Patient-Ψ) sets the length rule; without one, the free-text style decides.
STYLE_LENGTHS = {
    "plain": SHORT_REPLIES,
    "verbose": "you say more than you are asked, with details and asides, but one short paragraph at most.",
    "reserved": "less than you are asked: a few words or one sentence, two at most; you make them work for it.",
    "upset": "short, sharp or broken off; the feeling shows more than the facts. One to three sentences.",
    "tangent": "one to three sentences that drift to a side worry or story before (or instead of) answering.",
    "pleasing": "one to three sentences; you agree on the surface, say what you think they want to hear, and "
                "play things down.",
}
INNER_LIFE = "Inside you (colours how you react; never say it as written)"
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


def _length(persona: dict[str, Any]) -> str:
    if named := named_style(persona):
        return f"Length ({named}): {STYLE_LENGTHS[named]}"
    return f"Length: {LONG_REPLIES if is_verbose_persona(persona) else SHORT_REPLIES}"


def _sentence(text: str) -> str:
    return text if text[-1:] in ".!?\"'" else f"{text}."


def _inner_life(persona: dict[str, Any]) -> str:
    """The cognitive model as what goes on inside the client, so it colours replies without being recited."""
    parts = []
    if belief := _text(persona, "core_belief"):
        parts.append(f"Belief: {_sentence(belief)}")
    if thought := _text(persona, "automatic_thought"):
        parts.append(f"When it gets hard you think: {_sentence(thought)}")
    if coping := _list(persona, "coping_strategies"):
        parts.append(f"You get by: {'; '.join(coping)}.")
    return f"{INNER_LIFE}: {' '.join(parts)}" if parts else ""


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
    if inner := _inner_life(persona):
        lines.append(inner)
    lines.append(_length(persona))
    lines.append(_kept_back(persona))
    return "\n".join(lines)


def system_blocks(persona: dict[str, Any]) -> tuple[str, str]:
    """The system prompt in cache order: what every conversation shares, then what a persona's students share."""
    return SCAFFOLD, persona_block(persona)


def compile_system_prompt(persona: dict[str, Any]) -> str:
    """The blocks as one text, for reading (the prompt preview) and for providers without prefix caching."""
    return "\n\n".join(system_blocks(persona))
