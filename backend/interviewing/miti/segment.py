"""A student's chat turn as MITI utterances (complete thoughts), each a verbatim slice of the turn.

MITI 4.2.1 parses a volley into utterances and codes each once. Sentences are the first cut; a sentence that
reflects and then asks ("It sounds like you're exhausted, and I wonder how you're managing?") is two
utterances. A tag that only checks a reflection ("..., right?", "Is that right?") stays with it. When in
doubt, fewer parses, as the manual says.
"""

from __future__ import annotations

import re

from backend.interviewing.miti import cues as cue
from backend.interviewing.words import content_stems, sentences

# Spoken filler that carries no meaning for coding; removed from the text the rules read, never from quotes.
_DISFLUENCY = re.compile(
    r"\b(?:um+|uh+|uhm+|erm*|ah+|hmm+|mm+)\b[,.]?\s*|\b(?:you know|i mean|like),\s+|(?<=\s)(?:you know|i mean)(?=[?.!]|$)"
)
_REPEAT = re.compile(r"\b(\w+(?:'\w+)?)(?:,? \1\b)+")
_SPACES = re.compile(r"\s+")

_WH_START = re.compile(r"(?:what|how|why|where|when|who|whom|which|whose)\b")


def opens_question(text: str) -> bool:
    """Whether cleaned text starts the way a question does (a wh-word, an auxiliary, "I wonder", "tell me")."""
    return bool(_WH_START.match(text) or cue.AUX_START.match(text) or cue.QUESTION_REQUEST.match(text))

_SPLIT_AT = re.compile(r"(?:,\s+(?:and|but|so)\s+|;\s+|\s+[-\u2013\u2014]+\s+|:\s+|,\s+)")
_LEAD_IN = re.compile(r"\b(?:ask(?: you)?|wonder(?:ing)?|curious|question for you|check(?: in)?|know)\W*(?:\w+\W*)?$")
_TAG = re.compile(r"^(?:right|yeah|huh|no|correct|is that right|is that it|did i get that right|am i right"
                  r"|isn't it|is it|doesn't it|don't you|aren't you|haven't you|wasn't it|or not|yes)\W*$")


def clean(text: str) -> str:
    """Lower case, straight quotes, fillers and stutters gone: the form the coding rules read."""
    text = (text or "").replace("\u2019", "'").replace("\u2018", "'").replace("\u201c", '"').replace("\u201d", '"')
    text = _SPACES.sub(" ", text).strip().lower()
    text = _DISFLUENCY.sub("", text)
    text = _REPEAT.sub(r"\1", text)
    text = re.sub(r"^[\s,.;-]+", "", text)
    return _SPACES.sub(" ", text).strip()


# The same fillers in running text, capitalised or not, but never an abbreviation ("go to the ER").
_DISFLUENCY_ANY_CASE = re.compile(
    r"\b(?:[Uu]m+|[Uu]h+|[Uu]hm+|[Ee]rm*|[Aa]h+|[Hh]mm+|[Mm]m+)\b[,.]?\s*|\b(?:[Yy]ou know|I mean|[Ll]ike),\s+"
    r"|(?<=\s)(?:you know|I mean)(?=[?.!]|$)")
_REPEAT_ANY_CASE = re.compile(_REPEAT.pattern, re.IGNORECASE)
_FILLER_COMMA = re.compile(r",\s*(?=(?:[Uu]m+|[Uu]h+|[Uu]hm+|[Ee]rm*|[Aa]h+|[Hh]mm+|[Mm]m+)\b)")


def without_fillers(text: str) -> str:
    """The text as written (case and quotes kept), less fillers and stutters: for giving words back to a person."""
    text = _FILLER_COMMA.sub(" ", text or "")  # "Have you, um, tried" -> "Have you tried"
    text = _REPEAT_ANY_CASE.sub(r"\1", _DISFLUENCY_ANY_CASE.sub("", text))
    return _SPACES.sub(" ", re.sub(r"^[\s,.;-]+", "", text)).strip()


def _is_tag(text: str) -> bool:
    return bool(_TAG.match(clean(text)))


def _split_reflect_then_ask(sentence: str) -> list[str]:
    """Cut a sentence that states something and then asks at the clause where the question starts."""
    if "?" not in sentence:
        return [sentence]
    lowered = sentence.lower()
    if opens_question(clean(sentence)):
        return [sentence]
    for brk in _SPLIT_AT.finditer(sentence):
        head, tail = sentence[:brk.start()], sentence[brk.end():]
        rest = clean(tail)
        if _LEAD_IN.search(clean(head)):
            return [sentence]  # "I want to ask you directly: are you...?" is one question
        if len(content_stems(head)) >= 2 and opens_question(rest) and not _is_tag(tail):
            joiner = lowered[brk.start():brk.end()]
            cut = brk.start() + (1 if joiner.startswith((",", ";", ":")) else 0)
            return [sentence[:cut].strip(), sentence[cut:].strip(" ,;:")]
    return [sentence]


def utterances(text: str) -> list[str]:
    """The turn's utterances in order; each is verbatim text of the turn."""
    pieces: list[str] = []
    for sentence in sentences(text or ""):
        for piece in _split_reflect_then_ask(sentence):
            if pieces and _is_tag(piece) and not pieces[-1].rstrip().endswith("?"):
                pieces[-1] = f"{pieces[-1]} {piece}"
            elif piece:
                pieces.append(piece)
    return pieces
