"""A student's statement that carries no other MITI code: is it a reflection of the client, or information?

MITI codes a statement about what the client said or meant as a reflection, and the student's own facts,
explanations and self-disclosure as information. Wording alone rarely settles it, so these rules also look
at the client's preceding line: how many of its words come back, whether it asked a question, and whether
the statement names a feeling or a meaning.
"""

from __future__ import annotations

from backend.interviewing import miti_cues as cue
from backend.interviewing.codes import MitiCode
from backend.interviewing.miti_cues import first_match
from backend.interviewing.reflections import FEELINGS, complexity_cue
from backend.interviewing.words import content_stems


def statement_code(text: str, client_line: str | None, after_information: bool) -> tuple[MitiCode, str]:
    """A statement with no other code: a reflection of what the client said, or information.

    Giving the client's words back is a reflection. Otherwise a statement with information cues, or one that
    answers the client's question, informs; a "you..." statement reflects unless it carries on information
    from the same message; any other statement reflects only if it shares words with the client's line or
    names a feeling or meaning.
    """
    if cue.REFLECTION_STEM.match(text):
        return reflection_code(text, client_line)
    if cue.STUDENT_SELF.match(text):
        return MitiCode.giving_information, text
    mine = content_stems(text)
    said = set(content_stems(client_line or ""))
    shared = [stem for stem in mine if stem in said]
    if mine and len(shared) * 2 >= len(mine):
        return reflection_code(text, client_line)
    opens_on_client = cue.WEAK_STEM.match(text)
    info = first_match(cue.INFORMATION, text)
    if (client_line or "").rstrip().endswith("?") and (info or not opens_on_client):
        return MitiCode.giving_information, info or text
    if info and not opens_on_client and not cue.SECOND_PERSON.search(text):
        return MitiCode.giving_information, info
    about_client = opens_on_client or cue.SECOND_PERSON.search(text)
    own_feeling = cue.STUDENT_FEELS.search(text)  # "unless I'm worried about your safety" is not a reflection
    if about_client and FEELINGS.search(text) and not own_feeling:
        return reflection_code(text, client_line)
    if cue.PRONOUN.search(text) and not own_feeling and complexity_cue(text, client_line, meaning_only=True):
        return reflection_code(text, client_line)
    if info:
        return MitiCode.giving_information, info
    if about_client:
        informing = after_information and not shared
        return (MitiCode.giving_information, text) if informing else reflection_code(text, client_line)
    if client_line and not shared and not complexity_cue(text, client_line, meaning_only=True):
        return MitiCode.giving_information, text
    if not client_line and not cue.PRONOUN.search(text):
        return MitiCode.giving_information, text
    return reflection_code(text, client_line)


def reflection_code(text: str, client_line: str | None) -> tuple[MitiCode, str]:
    """Simple or complex, with the words that made it complex (or the sentence itself when simple)."""
    if added := complexity_cue(text, client_line):
        return MitiCode.complex_reflection, added
    return MitiCode.simple_reflection, text
