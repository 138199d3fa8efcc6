"""A deterministic MITI 4.2.1 behaviour coder for a student's lines, for feedback and for the simulated client.

Motivational Interviewing Treatment Integrity 4.2.1 (Moyers, Manuel & Ernst, 2015) codes each thing a
clinician says as one behaviour. A chat message can hold several (a reflection, then a question), so a
message gets every code it contains, in order, each at most once, plus one primary code by a fixed
precedence: non-adherent moves first (one "you should" colours a whole message), then the deliberate
MI-adherent moves, reflections, information, and questions last. Greetings, fillers, generic praise and
sympathy carry no code. Conventions the manual leaves open (open vs closed questions follow MITI 3.1.1; a
question that seeks collaboration also counts as a question) are in tests/unit/fixtures/README.md.

The rules are approximate: their agreement with a hand-coded set is measured by bench/coder_agreement.py.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

from backend.interviewing import miti_cues as cue
from backend.interviewing.codes import PRECEDENCE, MitiCode
from backend.interviewing.miti_cues import first_match
from backend.interviewing.miti_notes import note_for
from backend.interviewing.statements import reflection_code, statement_code
from backend.interviewing.words import normalise, sentences


@dataclass(frozen=True, slots=True)
class CodedUtterance:
    """One student message as MITI sees it.

    `codes` are in the order they occur; `primary` is None for a greeting or filler; `note` explains the
    primary code to the student; `quotes` holds, per code, the sentence of the message that earned it,
    verbatim, so feedback can cite the student's own words.
    """

    codes: tuple[MitiCode, ...]
    primary: MitiCode | None
    note: str
    quotes: dict[MitiCode, str] = field(default_factory=dict, hash=False)


@dataclass(frozen=True, slots=True)
class _Found:
    code: MitiCode
    sentence: str
    cue: str


def question_kind(text: str) -> MitiCode | None:
    """Open or closed for a sentence that asks something; None for a statement or a reflection with a "?"."""
    if cue.QUESTION_REQUEST.match(text):
        return MitiCode.open_question
    if not text.rstrip().endswith("?"):
        return None
    if wh := cue.WH_WORD.search(text):
        closed = cue.CLOSED_WH.match(text, wh.start(1)) or cue.SCALE.search(text)
        return MitiCode.closed_question if closed else MitiCode.open_question
    if cue.INVITATION.match(text):
        return MitiCode.open_question
    if cue.AUX_START.match(text):
        return MitiCode.closed_question
    return None  # declarative word order with a rising tone: "You're fine?" reflects, it does not ask


def _code_sentence(raw: str, client_line: str | None, previous: MitiCode | None = None) -> list[_Found]:
    """Every code one sentence carries; most carry one, a question that seeks collaboration carries two.

    `previous` is the code of the message's sentence before: a plain statement after advice or a
    confrontation is its supporting argument, and one after information carries the information on.
    """
    text = normalise(raw)
    bare = text.strip(" .!?,;:-")
    if not bare or cue.FILLER.fullmatch(bare) or cue.INTRO.match(text):
        return []
    if (found := first_match(cue.CONFRONT, text)) is not None:
        return [_Found(MitiCode.confront, raw, found)]
    codes: list[_Found] = []
    for code, pattern in ((MitiCode.affirm, cue.AFFIRM), (MitiCode.emphasize_autonomy, cue.AUTONOMY),
                          (MitiCode.seek_collaboration, cue.SEEK)):
        if (found := first_match(pattern, text)) is not None:
            codes.append(_Found(code, raw, found))
    asks = text.rstrip().endswith("?")
    if cue.REFLECTION_STEM.match(text) and not asks and not codes:
        reflection, added = reflection_code(text, client_line)
        return [_Found(reflection, raw, added)]
    if asks:
        advice = first_match(cue.QUESTION_ADVICE, text)
    else:
        advice = first_match(cue.ADVICE, text) or first_match(cue.IMPERATIVE, text)
    if advice and not cue.NOT_ADVICE.search(text) and MitiCode.affirm not in {f.code for f in codes}:
        codes.append(_Found(MitiCode.persuade, raw, advice))
        return codes  # a suggestion phrased as a question ("Have you tried...?") is advice, not a question
    if question := question_kind(text):
        return [*codes, _Found(question, raw, text)]
    if not codes:
        if previous in (MitiCode.persuade, MitiCode.confront) and not cue.REFLECTION_STEM.match(text):
            return [_Found(previous, raw, text)]
        statement, found = statement_code(text, client_line, previous is MitiCode.giving_information)
        return [_Found(statement, raw, found)]
    return codes


def _has_permission(message: str, client_line: str | None, found: list[_Found]) -> bool:
    """Advice is offered with permission when the client asked or agreed, or the student leaves it open."""
    client = normalise(client_line or "")
    if cue.CLIENT_ASKS.search(client) or cue.CLIENT_AGREES.match(client):
        return True
    if cue.HEDGE.search(normalise(message)):
        return True
    advice_at = next(i for i, item in enumerate(found) if item.code is MitiCode.persuade)
    return any(item.code in (MitiCode.seek_collaboration, MitiCode.emphasize_autonomy) for item in found[:advice_at])


def _merge(found: list[_Found]) -> list[_Found]:
    """Each code once, in order of first appearance; one reflection per message, complex if any part is."""
    if any(item.code is MitiCode.complex_reflection for item in found):
        found = [item for item in found if item.code is not MitiCode.simple_reflection]
    merged: dict[MitiCode, _Found] = {}
    for item in found:
        merged.setdefault(item.code, item)
    return list(merged.values())


def code_utterance(text: str, client_line: str | None = None) -> CodedUtterance:
    """Code one student message, judging reflections against the client's preceding line when given."""
    found: list[_Found] = []
    for sentence in sentences(text):
        found.extend(_code_sentence(sentence, client_line, found[-1].code if found else None))
    if any(item.code is MitiCode.persuade for item in found) and _has_permission(text, client_line, found):
        found = [_Found(MitiCode.persuade_with_permission, item.sentence, item.cue)
                 if item.code is MitiCode.persuade else item for item in found]
    merged = _merge(found)
    codes = tuple(item.code for item in merged)
    primary = next((code for code in PRECEDENCE if code in codes), None)
    cues = {item.code: item.cue for item in merged}
    quotes = {item.code: item.sentence for item in merged}
    return CodedUtterance(codes=codes, primary=primary, note=note_for(primary, codes, cues, quotes), quotes=quotes)


@dataclass(frozen=True, slots=True)
class Turn:
    """One line of a conversation, by the student (the interviewer) or the client."""

    speaker: Literal["student", "client"]
    text: str


def code_transcript(turns: Sequence[Turn]) -> list[CodedUtterance]:
    """Code every student line of a conversation in order, each against the client line just before it."""
    coded: list[CodedUtterance] = []
    last_client: str | None = None
    for turn in turns:
        if turn.speaker == "client":
            last_client = turn.text
        else:
            coded.append(code_utterance(turn.text, last_client))
    return coded
