"""Plain-text helpers every layer may use."""

from __future__ import annotations

import re

SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9\"'(])")


def sentences(text: str) -> list[str]:
    """A paragraph as its sentences, trimmed, blanks dropped."""
    return [piece.strip() for piece in SENTENCE_END.split((text or "").strip()) if piece.strip()]


def facts_from_text(text: str) -> list[dict[str, str]]:
    """Old free-text "reveals with rapport" notes as hidden facts, one per sentence, unlocked by rapport alone."""
    return [{"fact": sentence, "unlock": ""} for sentence in sentences(text)]
