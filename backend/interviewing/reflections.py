"""Simple or complex: a reflection is judged against what the client just said (MITI 4.2.1).

A simple reflection gives back what the client said, perhaps in other words. A complex one adds meaning:
a feeling the client did not name, both sides of their ambivalence, a metaphor, or a guess at what is unsaid.
When in doubt the manual codes simple, and so does this judge.
"""

from __future__ import annotations

import re

from backend.interviewing.miti_cues import words
from backend.interviewing.words import content_stems

FEELINGS = words(
    r"scared|afraid|anger|frighten\w*|terrif\w*|fear\w*|worr\w+|anxious|nervous|panick\w*|angry|anger|furious|frustrat\w*"
    r"|annoyed|resent\w*|sad|sadness|hurts?|hurting|lonely|loneliness|alone|isolated|ashamed|shame|embarrass\w*"
    r"|humiliat\w*|guilt\w*|overwhelm\w*|exhaust\w*|drained|worn out|stuck|trapped|hopeless|helpless|powerless"
    r"|discourag\w*|defeat\w*|abandon\w*|betray\w*|reliev\w*|proud|pride|torn|stings?|weighs?|heavy|unfair"
    r"|invisible|left behind|unbearable|on edge|burden\w*|let (?:you |them |her |him )?down|disappoint\w*"
    r"|devastat\w*|heartbr\w*|grie\w*|miss(?:es|ing)?|threaten\w*|punish\w*|judged|unsafe|safer|hard|difficult"
    r"|painful|scary|stressful|stressed|upset\w*|tired|lost|confus\w*|desperate|rejected|unwanted|useless"
    r"|failure|failing|pressure|hungry|close|love[sd]?|care[sd]?|safe",
    r"gets? (?:to|at) you", r"gets? under your skin", r"eats? (?:at|away at) you", r"gets? you down",
    r"(?:not|don't|doesn't|didn't|never) feel(?:s|ing)? \w+",
)
TWO_SIDED = words(
    r"part of you", r"on (?:the )?one hand", r"on the other", r"and yet", r"at the same time", r"but also",
    r"but not", r"rather than", r"rather [a-z ]+ than", r"easier [a-z ]+ than", r"safer [a-z ]+ than",
    r"as well as", r"not only", r"and still",
)
MEANING = words(
    r"matters?(?: most| a lot| so much)?(?: to you)?", r"important to you",
    r"means (?:a lot|a great deal|so much|everything)", r"what this is (?:really )?about", r"(?:really )?about for you",
    r"who you are", r"how you see yourself", r"as if", r"like you(?:'re| are|'ve| have)", r"still waiting", r"on paper",
    r"maybe you", r"i(?:'m)? wonder(?:ing)? if",
    r"underneath", r"deep down", r"really want", r"wish", r"must (?:be|have|feel)", r"no matter what", r"even now",
    r"tells me", r"the kind of person", r"a way of", r"yours", r"what you signed up for",
    r"sounds? like (?:that's|it's|you)", r"something that", r"no wonder", r"that's (?:a lot|so much)",
    r"(?:that|this|it) (?:sounds|must be|must have been)",
)
# Words that frame a reflection without adding to what the client said.
SCAFFOLD = frozenset(content_stems("sounds seems feel feeling hear hearing say saying mean part now right way"))
NOVELTY_SHARE = 0.6
NOVELTY_MIN_WORDS = 4


def added_words(reflection: str, client_line: str | None) -> list[str]:
    """The reflection's content words that the client did not say (all of them when there is no client line)."""
    said = set(content_stems(client_line or ""))
    return [stem for stem in content_stems(reflection) if stem not in said and stem not in SCAFFOLD]


def _new(pattern: re.Pattern[str], reflection: str, client_line: str | None) -> str | None:
    """The first cue of `pattern` in the reflection whose content words the client had not already used."""
    said = set(content_stems(client_line or ""))
    for match in pattern.finditer(reflection):
        if not {stem for stem in content_stems(match.group(0)) if stem != "not"} & said:
            return match.group(0)
    return None


def complexity_cue(reflection: str, client_line: str | None, meaning_only: bool = False) -> str | None:
    """Why a reflection is complex (the words that add meaning), or None when it is simple.

    `reflection` is normalised text of one sentence; `client_line` the client's preceding line, if any.
    `meaning_only` skips the word-count test: is there a feeling, two sides or a stated meaning?
    """
    for pattern in (TWO_SIDED, FEELINGS, MEANING):  # the note quotes this cue: a named feeling says most
        if cue := _new(pattern, reflection, client_line):
            return cue
    if meaning_only:
        return None
    added = added_words(reflection, client_line)
    total = len(content_stems(reflection))
    if client_line and len(added) >= NOVELTY_MIN_WORDS and total and len(added) / total >= NOVELTY_SHARE:
        return " ".join(added[:4])
    return None
