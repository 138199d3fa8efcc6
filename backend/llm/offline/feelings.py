"""Feelings in plain words: what the persona's emotional state says, as a guarded person would put it.

A teacher writes "frightened and exhausted"; a client asked how they feel, not trusting yet, says "Tired, I
guess." The same words let the client correct a reflection that names the wrong feeling ("Not angry.
More... tired.").
"""

from __future__ import annotations

import re

# Feeling words a teacher writes, and how a client would say them out loud.
PLAIN: dict[str, str] = {
    "frightened": "scared", "scared": "scared", "afraid": "scared", "terrified": "scared", "fearful": "scared",
    "exhausted": "tired", "tired": "tired", "drained": "tired", "worn out": "worn out", "numb": "numb",
    "lonely": "lonely", "isolated": "lonely", "ashamed": "embarrassed", "embarrassed": "embarrassed",
    "humiliated": "embarrassed", "guilty": "guilty", "angry": "angry", "furious": "angry", "irritable": "annoyed",
    "frustrated": "frustrated", "resentful": "fed up", "worried": "worried", "anxious": "on edge",
    "on edge": "on edge", "nervous": "nervous", "restless": "restless", "panicky": "on edge", "sad": "sad",
    "low": "low", "down": "down", "depressed": "low", "hopeless": "stuck", "helpless": "stuck", "stuck": "stuck",
    "overwhelmed": "overwhelmed", "stressed": "stressed", "hopeful": "hopeful", "grieving": "sad",
    "confused": "confused", "hurt": "hurt", "betrayed": "hurt", "defensive": "annoyed",
}
# What a guarded person admits to first: tiredness and stress, not fear or shame.
MILD = ("tired", "worn out", "stressed", "restless", "on edge", "worried", "nervous", "low", "down", "frustrated",
        "annoyed")
FEELING = re.compile(r"\b(?:" + "|".join(sorted(map(re.escape, PLAIN), key=len, reverse=True)) + r")\b", re.I)


def plain_feelings(text: str) -> list[str]:
    """The feelings a text names, in plain words, in order, each once."""
    found: list[str] = []
    for match in FEELING.finditer(text or ""):
        word = PLAIN[match.group(0).lower()]
        if word not in found:
            found.append(word)
    return found


def mildest(words: list[str]) -> str:
    """The feeling a guarded client would own up to: the mildest one it has, or plain tiredness."""
    return next((word for word in MILD if word in words), "tired")
