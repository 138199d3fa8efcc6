"""A statement with no other code: a reflection of the client, information, or nothing MITI codes.

MITI codes a statement that captures and returns something the client said or meant as a reflection, and the
student's neutral facts, explanations and feedback as giving information. Wording settles most cases (a
reflection stem, a general subject, a service or a statistic); the rest are judged by what the statement is
about: the client ("you...", the people in their story, their own words back) reflects, the world informs.
"""

from __future__ import annotations

from backend.interviewing.codes import MitiCode
from backend.interviewing.miti import cues as cue
from backend.interviewing.miti.cues import first_match
from backend.interviewing.miti.reflections import complexity_cue
from backend.interviewing.words import content_stems

Coded = tuple[MitiCode | None, str]


def reflection_code(text: str, client_line: str | None) -> Coded:
    """Simple or complex, with the words that made it complex (or the sentence itself when simple)."""
    if added := complexity_cue(text, client_line):
        return MitiCode.complex_reflection, added
    return MitiCode.simple_reflection, text


def _shared_share(text: str, client_line: str | None) -> float:
    mine = content_stems(text)
    said = set(content_stems(client_line or ""))
    return sum(stem in said for stem in mine) / len(mine) if mine else 0.0


def statement_code(text: str, client_line: str | None) -> Coded:
    """Code a cleaned statement that carries no question, advice, affirmation, autonomy or confrontation."""
    if cue.REFLECTION_STEM.match(text):
        return reflection_code(text, client_line)
    info = first_match(cue.INFORMATION, text)
    if cue.STUDENT_SELF.match(text):
        if cue.STUDENT_CONCERN.search(text) or info:
            return MitiCode.giving_information, info or text  # a professional concern or what the service offers
        return None, text  # self-disclosure and talk about the student: not coded
    general = cue.GENERIC_SUBJECT.match(text) and not cue.SECOND_PERSON.search(text.split(",")[0])
    if general and (info or not client_line or _shared_share(text, client_line) < 0.5):
        return MitiCode.giving_information, info or text
    echoes = _shared_share(text, client_line) >= 0.5
    if info and not echoes:
        about_client = cue.CLIENT_REFERENCE.match(text)
        if not about_client or first_match(cue.INFORMATION, text.split(",")[0]):
            return MitiCode.giving_information, info
    if cue.CLIENT_REFERENCE.match(text) or cue.SECOND_PERSON.search(text) or echoes:
        return reflection_code(text, client_line)
    if cue.THIRD_PARTY.search(text) and client_line:
        return reflection_code(text, client_line)  # the people in the client's story, given back
    if info:
        return MitiCode.giving_information, info
    if client_line and len(content_stems(text)) >= 2:
        return reflection_code(text, client_line)
    return None, text
