"""Is a cleaned utterance a question, and open or closed (MITI 3.1.1's split; MITI 4.2.1 codes both as Q)?

Open questions invite the client to answer in their own words; closed ones can be answered yes/no, with a
short fact or a choice. A sentence in statement word order with a "?" ("You're fine?") reflects, it does not
ask. Transcribed speech often drops the "?", so a sentence that starts as a question counts as one.
"""

from __future__ import annotations

from backend.interviewing.codes import MitiCode
from backend.interviewing.miti import cues as cue

_SPOKEN_WH = ("what ", "how ", "why ", "where ", "when ", "who ", "which ")


def question_kind(text: str) -> MitiCode | None:
    """Open or closed for an utterance that asks something; None for a statement or a reflection with a "?"."""
    if cue.QUESTION_REQUEST.match(text):
        return MitiCode.closed_question if cue.CLOSED_REQUEST.search(text) else MitiCode.open_question
    asks = text.rstrip().endswith("?") or "?" in text
    if not asks and not _starts_as_question(text):
        return None
    if cue.INVITATION.match(text):
        return MitiCode.open_question
    lead = text[:60]
    if wh := cue.WH_WORD.search(lead):
        if cue.AUX_START.match(text) and wh.start(1) > 12:
            return MitiCode.closed_question  # "Do you know what set it off?" asks yes/no first
        closed = cue.CLOSED_WH.match(text, wh.start(1)) or cue.SCALE.search(text)
        return MitiCode.closed_question if closed else MitiCode.open_question
    if cue.AUX_START.match(text):
        return MitiCode.closed_question
    if cue.EITHER_OR.search(text) or cue.TAG_QUESTION.search(text):
        return MitiCode.closed_question
    return None  # declarative word order with a rising tone: judged by what it gives back (coder.py)


def _starts_as_question(text: str) -> bool:
    """A transcribed question without its "?": starts with a question word followed by a verb form."""
    bare = text.lstrip("., ")
    for prefix in ("so ", "and ", "okay ", "okay, ", "so, ", "and, ", "now ", "now, "):
        bare = bare.removeprefix(prefix)
    if bare.startswith(_SPOKEN_WH):
        second = bare.split(" ", 2)[1:2]
        return bool(second) and second[0] in {"do", "does", "did", "is", "are", "was", "were", "would", "will", "can",
                                               "could", "have", "has", "brings", "brought", "happened", "happens",
                                               "made", "makes", "kind", "else", "much", "many", "long", "often",
                                               "about", "would've", "'s", "might", "should"}
    return bool(cue.AUX_START.match(bare)) and bare.split(" ", 2)[1:2] in (["you"], ["he"], ["she"], ["they"], ["it"])
