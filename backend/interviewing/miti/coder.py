"""A deterministic MITI 4.2.1 coder for a student's chat turns, read by both feedback and the simulated client.

MITI parses a clinician's volley (one chat turn) into utterances (complete thoughts) and gives each one code;
a volley earns each code once, and one reflection code (complex if any reflection in it is). The turn's
`primary` code is the first present in a fixed precedence (non-adherent moves first, then the deliberate
MI-adherent ones, reflections, information, questions). The manual's tie-breaks are kept: a reflection
followed by a question is both; when in doubt, simple; seek collaboration is not also a question; persuade
with permission only when the client asked or agreed, or the student leaves the advice theirs to weigh;
risk-assessment questions are questions; echoing the client's self-criticism reflects; blaming "why didn't
you" and sarcastic questions confront; imperatives and "the plan is" persuade. A turn that steps out of the
role-play gets no code at all (frame.py). Agreement with hand-coded turns: bench/coder_agreement.py.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

from backend.interviewing.codes import PRECEDENCE, QUESTIONS, REFLECTIONS, MitiCode
from backend.interviewing.miti import cues as cue
from backend.interviewing.miti.cues import first_match
from backend.interviewing.miti.features import utterance_features
from backend.interviewing.miti.frame import OUT_OF_FRAME_LABEL, out_of_frame_cue
from backend.interviewing.miti.model import ADVICE, LinearModel, load_model
from backend.interviewing.miti.notes import note_for, out_of_frame_note
from backend.interviewing.miti.questions import question_kind
from backend.interviewing.miti.segment import clean, utterances
from backend.interviewing.miti.statements import statement_code
from backend.interviewing.words import content_stems

ADVICE_CODES = (MitiCode.persuade, MitiCode.persuade_with_permission)
# Codes the rules find by the manual's own wording; the learned layer decides the rest (reflection or
# information, simple or complex, open or closed) and overrules these only when it is sure.
RULE_LED = frozenset({MitiCode.confront, MitiCode.persuade, MitiCode.seek_collaboration, MitiCode.emphasize_autonomy,
                      MitiCode.affirm})
OVERRULE_CONFIDENCE = 0.7
_SARCASM = frozenset({"seriously", "really", "come on", "oh please", "yeah right", "sure", "right", "okay then"})


@dataclass(frozen=True, slots=True)
class Utterance:
    """One complete thought of the turn, verbatim, with its code (None: not coded) and the words that earned it."""

    text: str
    code: MitiCode | None
    cue: str = ""


@dataclass(frozen=True, slots=True)
class CodedUtterance:
    """One student turn as MITI sees it.

    `codes` are in the order they occur, each once; `primary` is None for a greeting, filler or a line out of
    the role-play; `note` explains the primary code to the student; `quotes` holds, per code, the utterance
    that earned it, verbatim, so feedback can cite the student's own words; `utterances` is the parse;
    `out_of_frame` marks a turn that spoke to the software instead of the client.
    """

    codes: tuple[MitiCode, ...]
    primary: MitiCode | None
    note: str
    quotes: dict[MitiCode, str] = field(default_factory=dict, hash=False)
    utterances: tuple[Utterance, ...] = ()
    out_of_frame: bool = False
    frame_cue: str = ""

    @property
    def label(self) -> str:
        return OUT_OF_FRAME_LABEL if self.out_of_frame else ""


def _frames_blame_as_thought(text: str, start: int) -> bool:
    """ "You keep telling yourself you should have heard him" gives back self-blame; it does not blame."""
    return cue.SELF_BLAME_FRAME.search(text[:start]) is not None


def _confront(text: str) -> str | None:
    bare = text.strip(" .!?,;:-")
    if bare in _SARCASM and text.rstrip().endswith("?") and bare != "right":
        return bare
    if (found := first_match(cue.CONFRONT, text)) is not None:
        return found
    match = cue.SHOULD_HAVE.search(text)
    if match and not _frames_blame_as_thought(text, match.start()) and not text.rstrip().endswith("?"):
        return match.group(0)
    return None


DANGER_NAMED = re.compile(r"^(?:that's|that is|it's|it is|this is) really (?:serious|dangerous|scary|frightening)",
                          re.IGNORECASE)
MINIMISED = re.compile(r"\b(?:just|only|not (?:a big deal|that bad|serious|a problem|really)|no big deal|it's fine"
                       r"|i'm fine|nothing|barely|overreact\w*|one time|happens|whatever|it's normal)\b", re.IGNORECASE)


def _takes_danger_seriously(found: str, client_line: str | None) -> bool:
    """ "That's really serious" after a threat is disclosed names the danger with the client; it disputes only
    what the client played down ("He only pushed me, it's nothing")."""
    return bool(DANGER_NAMED.match(found)) and not (client_line and MINIMISED.search(client_line))


def _advice(text: str) -> str | None:
    """The words that make the utterance advice or a warning, unless they give back the client's own pressure."""
    if cue.NOT_ADVICE.search(text):
        return None
    if (match := cue.ADVICE.search(text)) and not cue.ADVICE_FRAME.search(text[:match.start()]):
        return match.group(0)
    if (match := cue.IMPERATIVE.match(text)) and not text.rstrip().endswith("?"):
        return match.group(0)
    return None


def _code_text(raw: str, client_line: str | None) -> list[Utterance]:
    """The code(s) of one utterance: one, except autonomy or collaboration wrapped round advice (MITI E.4.c)."""
    text = clean(raw)
    bare = text.strip(" .!?,;:-\"'")
    if not bare or cue.FILLER.fullmatch(text) or cue.INTRO.match(text):
        return [Utterance(raw, None)]
    if (found := _confront(text)) is not None and not _takes_danger_seriously(found, client_line):
        return [Utterance(raw, MitiCode.confront, found)]
    advice = _advice(text)
    for code, pattern in ((MitiCode.seek_collaboration, cue.SEEK), (MitiCode.emphasize_autonomy, cue.AUTONOMY)):
        if (found := first_match(pattern, text)) is not None:
            extra = [Utterance(raw, MitiCode.persuade, advice)] if advice and advice not in found else []
            return [Utterance(raw, code, found), *extra]
    if (found := first_match(cue.AFFIRM, text)) is not None and not text.rstrip().endswith("?"):
        return [Utterance(raw, MitiCode.affirm, found)]
    if advice is not None:
        return [Utterance(raw, MitiCode.persuade, advice)]
    if cue.STRUCTURING.search(text) and not text.rstrip().endswith("?"):
        return [Utterance(raw, None)]
    if question := question_kind(text):
        return [Utterance(raw, question, text)]
    if cue.SELF_DISCLOSURE.match(text):
        return [Utterance(raw, None)]
    if text.rstrip().endswith("?") and not cue.REFLECTION_STEM.match(text) and _echo_share(text, client_line) < 0.5:
        return [Utterance(raw, MitiCode.closed_question, text)]  # asks in statement order ("You're not working?")
    code, found = statement_code(text, client_line)
    return [Utterance(raw, code, found if code else "")]


def _echo_share(text: str, client_line: str | None) -> float:
    """How much of the utterance is the client's own words."""
    mine = content_stems(text)
    said = set(content_stems(client_line or ""))
    return sum(stem in said for stem in mine) / len(mine) if mine else 0.0


def _has_permission(parsed: Sequence[Utterance], turn: str, client_line: str | None, previous: str | None) -> bool:
    """Advice has permission when the client asked for it or agreed to hear it, or the student asks their view,
    asks leave, or leaves the choice with them in the same turn (MITI 4.2.1 E.4.c)."""
    client = clean(client_line or "")
    if cue.said(cue.CLIENT_ASKS, client) or cue.said(cue.CLIENT_REQUESTS, client):
        return True
    offered = clean(previous or "")
    if previous is None and cue.said(cue.EXPLICIT_GRANT, client):
        return True  # "Go ahead." answers a request we were not shown
    granted = cue.CLIENT_GRANTS.match(client) or cue.said(cue.EXPLICIT_GRANT, client)
    if granted and cue.ASKS_PERMISSION.search(offered):
        information_only = cue.INFORMATION_OFFER.search(offered) and not cue.ADVICE_OFFER.search(offered)
        directive = any(item.code is MitiCode.persuade and cue.DIRECTIVE.search(clean(item.text)) for item in parsed)
        if not (information_only and directive):  # a yes to facts does not cover a new "you should"
            return True
    if any(item.code in (MitiCode.seek_collaboration, MitiCode.emphasize_autonomy) for item in parsed):
        return True
    return cue.HEDGE.search(clean(turn)) is not None


def _turn_codes(parsed: Sequence[Utterance]) -> list[Utterance]:
    """Each code once, in order of first appearance; one reflection per turn, complex if any is (MITI E.1.a)."""
    coded = [item for item in parsed if item.code is not None]
    if any(item.code is MitiCode.complex_reflection for item in coded):
        coded = [item for item in coded if item.code is not MitiCode.simple_reflection]
    merged: dict[MitiCode, Utterance] = {}
    for item in coded:
        merged.setdefault(item.code, item)  # type: ignore[arg-type]
    return list(merged.values())


def _asks_why(text: str) -> bool:
    wh = cue.WH_WORD.search(text[:40])
    return wh is not None and wh.group(1) == "why"


def _kept_by_rule(item: Utterance, code: MitiCode | None, client_line: str | None) -> MitiCode | None:
    """Decisions the manual makes by wording, which no learned weight may undo: a risk-assessment question is a
    question; a "?" that asks about something the client has not said is a question, not a reflection; "why...?"
    is open; a reflection stem or the client's own self-blame given back is a reflection (simple or complex); "that's
    really serious" after a disclosed danger, or "I know it isn't easy to say", is not confront."""
    text = clean(item.text)
    if item.code in QUESTIONS and cue.RISK_QUESTION.search(text):
        return item.code
    if item.code in QUESTIONS and code in REFLECTIONS and _echo_share(text, client_line) < 0.5:
        return item.code
    if item.code is MitiCode.open_question and code is MitiCode.closed_question and _asks_why(text):
        return item.code  # "Why...?" asks for reasons: no yes, no or short fact answers it
    if item.code in REFLECTIONS and code not in REFLECTIONS and (
            cue.REFLECTION_STEM.match(text) or cue.SHOULD_HAVE.search(text)):
        return item.code
    if code is MitiCode.confront and item.code is not MitiCode.confront and _takes_danger_seriously(text, client_line):
        return item.code  # naming a danger the client disclosed is not disputing them
    if item.code is MitiCode.affirm and cue.ACKNOWLEDGES_TELLING.search(text):
        return item.code  # "I know it isn't easy to say out loud" acknowledges the telling; it disputes nothing
    return code


def _refined(parsed: list[Utterance], client_line: str | None, model: LinearModel) -> list[Utterance]:
    """The learned layer's reading of each utterance, given the words and the rules' verdict.

    Greetings and fillers stay uncoded, and a second code the rules found in the same utterance (autonomy
    wrapped round advice) stays; otherwise the model's code stands.
    """
    refined: list[Utterance] = []
    firsts = [i for i, item in enumerate(parsed) if i == 0 or parsed[i - 1].text != item.text]
    previous_rule: str | None = None
    for position, index in enumerate(firsts):
        item = parsed[index]
        rule = item.code.value if item.code else None
        features = utterance_features(item.text, client_line, rule, position=position, count=len(firsts),
                                      previous_rule=previous_rule)
        previous_rule = rule
        label, confidence = model.predict(features)
        code = None if label == "none" else MitiCode.persuade if label == ADVICE else MitiCode(label)
        if item.code is None and cue.FILLER.fullmatch(clean(item.text)):
            code = None
        if item.code in RULE_LED and confidence < OVERRULE_CONFIDENCE:
            code = item.code  # a move the manual's wording rules name outright needs a sure model to overrule
        code = _kept_by_rule(item, code, client_line)
        refined.append(item if code == item.code else Utterance(item.text, code, item.cue or item.text))
        end = firsts[position + 1] if position + 1 < len(firsts) else len(parsed)
        refined += [extra for extra in parsed[index + 1:end] if extra.code is not code]
    return refined


def code_utterance(text: str, client_line: str | None = None, *, previous: str | None = None) -> CodedUtterance:
    """Code one student turn against the client's line before it (and the student's turn before that, which
    tells whether a client's "yeah" granted permission the student had asked for)."""
    return code_turn(text, client_line, previous=previous, model=load_model())


def code_turn(text: str, client_line: str | None, *, previous: str | None,
              model: LinearModel | None) -> CodedUtterance:
    """Code a turn with the rules, refined by `model` when there is one (the trainer passes candidates)."""
    if frame := out_of_frame_cue(text):
        return CodedUtterance(codes=(), primary=None, note=out_of_frame_note(frame), out_of_frame=True,
                              frame_cue=frame, utterances=(Utterance(text, None, frame),))
    parsed: list[Utterance] = []
    for piece in utterances(text):
        parsed.extend(_code_text(piece, client_line))
    if model is not None:
        parsed = _refined(parsed, client_line, model)
    if any(item.code is MitiCode.persuade for item in parsed) and _has_permission(parsed, text, client_line, previous):
        parsed = [Utterance(item.text, MitiCode.persuade_with_permission, item.cue)
                  if item.code is MitiCode.persuade else item for item in parsed]
    merged = _turn_codes(parsed)
    codes = tuple(item.code for item in merged if item.code is not None)
    primary = next((code for code in PRECEDENCE if code in codes), None)
    cues = {item.code: item.cue for item in merged if item.code is not None}
    quotes = {item.code: item.text for item in merged if item.code is not None}
    return CodedUtterance(codes=codes, primary=primary, note=note_for(primary, codes, cues, quotes), quotes=quotes,
                          utterances=tuple(parsed))


def is_reflection(code: MitiCode | None) -> bool:
    return code in REFLECTIONS


@dataclass(frozen=True, slots=True)
class Turn:
    """One line of a conversation, by the student (the interviewer) or the client."""

    speaker: Literal["student", "client"]
    text: str


def code_transcript(turns: Sequence[Turn], *, model: LinearModel | bool | None = True) -> list[CodedUtterance]:
    """Code every student turn in order, each against the client line just before it."""
    chosen = load_model() if model is True else model or None
    coded: list[CodedUtterance] = []
    last_client: str | None = None
    last_student: str | None = None
    for turn in turns:
        if turn.speaker == "client":
            last_client = turn.text
        else:
            coded.append(code_turn(turn.text, last_client, previous=last_student, model=chosen))
            last_student = turn.text
    return coded
