"""Checking a model's evaluation against the transcript and rubric before anyone sees it.

The JSON schema only shapes the answer; these checks hold it to the conversation: every student message coded
once, hidden facts disclosed only in a client's message, each rubric key scored once at a level's score, and
every quote found verbatim (spacing and curly quotes aside) in the student message it names. Any failure
rejects the whole answer with reasons the model can act on when asked again.
"""

from __future__ import annotations

import re
from typing import Any

from pydantic import BaseModel, ValidationError

from backend.interviewing.codes import MitiCode
from backend.schemas.evaluation import Analysis, CodedLine, CriterionScore, Evidence, HiddenFactFinding, NextStep
from backend.schemas.evaluation import Strength as StrengthOut
from backend.services.feedback.analysis import benchmarks_of, metrics_of, primary_of
from backend.services.feedback.transcript import Transcript

MAX_REASONS = 8
MAX_STRENGTHS = 3


class _Line(BaseModel):
    message_id: int
    codes: list[MitiCode]
    note: str = ""


class _Fact(BaseModel):
    number: int
    disclosed: bool
    message_id: int | None = None


class _Quote(BaseModel):
    message_id: int
    quote: str


class _Criterion(BaseModel):
    key: str
    score: float
    evidence: list[_Quote]
    rationale: str = ""


class _Strength(BaseModel):
    text: str
    message_id: int | None = None
    quote: str | None = None


class _NextStep(BaseModel):
    focus: str
    advice: str
    message_id: int
    original: str
    rewrite: str


class _Answer(BaseModel):
    utterances: list[_Line]
    hidden_facts: list[_Fact] = []
    criteria: list[_Criterion]
    strengths: list[_Strength]
    next_step: _NextStep


def _plain(text: str) -> str:
    text = text.replace("\u2019", "'").replace("\u2018", "'").replace("\u201c", '"').replace("\u201d", '"')
    return re.sub(r"\s+", " ", text).strip()


class _Checker:
    def __init__(self, transcript: Transcript) -> None:
        self.students = {line.message_id: line.text for line in transcript.student_lines}
        self.clients = {line.message_id for line in transcript.client_lines}
        self.reasons: list[str] = []

    def quote(self, where: str, message_id: int | None, quote: str | None) -> None:
        if message_id not in self.students:
            self.reasons.append(f"{where}: message {message_id} is not one of the student's messages")
        elif not quote or not _plain(quote) or _plain(quote) not in _plain(self.students[message_id]):
            self.reasons.append(f"{where}: the quote {quote!r} is not found verbatim in student message {message_id}")


def _check_lines(answer: _Answer, check: _Checker) -> None:
    ids = [line.message_id for line in answer.utterances]
    if missing := sorted(set(check.students) - set(ids)):
        check.reasons.append(f"utterances: student messages {missing} are not coded")
    if extra := sorted(set(ids) - set(check.students)):
        check.reasons.append(f"utterances: {extra} are not student messages")
    if len(ids) != len(set(ids)):
        check.reasons.append("utterances: a student message is coded more than once")


def _check_facts(answer: _Answer, transcript: Transcript, check: _Checker) -> None:
    count = len(transcript.hidden_facts)
    numbers = sorted(fact.number for fact in answer.hidden_facts)
    if numbers != list(range(1, count + 1)):
        check.reasons.append(f"hidden_facts: give each of the facts 1-{count} exactly once (got {numbers})")
    for fact in answer.hidden_facts:
        if fact.disclosed and fact.message_id not in check.clients:
            check.reasons.append(f"hidden_facts: fact {fact.number} is marked disclosed, but {fact.message_id} is "
                                 "not a client message")


def _check_criteria(answer: _Answer, transcript: Transcript, check: _Checker) -> None:
    expected = {criterion.key: criterion for criterion in transcript.criteria}
    keys = [item.key for item in answer.criteria]
    if sorted(keys) != sorted(expected):
        check.reasons.append(f"criteria: score each of {sorted(expected)} exactly once (got {keys})")
    for item in answer.criteria:
        criterion = expected.get(item.key)
        if criterion is None:
            continue
        if item.score not in {level.score for level in criterion.levels}:
            check.reasons.append(f"criteria.{item.key}: {item.score:g} is not one of the level scores "
                                 f"{[level.score for level in criterion.levels]}")
        if not item.evidence:
            check.reasons.append(f"criteria.{item.key}: cite at least one quote of the student's as evidence")
        for evidence in item.evidence:
            check.quote(f"criteria.{item.key}.evidence", evidence.message_id, evidence.quote)


def _check_coaching(answer: _Answer, check: _Checker) -> None:
    if not answer.strengths:
        check.reasons.append("strengths: give two or three")
    for number, strength in enumerate(answer.strengths[:MAX_STRENGTHS], start=1):
        if strength.quote is not None or strength.message_id is not None:
            check.quote(f"strengths.{number}", strength.message_id, strength.quote)
    step = answer.next_step
    check.quote("next_step.original", step.message_id, step.original)
    if not step.rewrite.strip() or _plain(step.rewrite) == _plain(step.original):
        check.reasons.append("next_step.rewrite: rewrite the original line differently")


def _analysis(answer: _Answer, transcript: Transcript) -> Analysis:
    coded = {line.message_id: line for line in answer.utterances}
    lines = []
    for line in transcript.student_lines:
        codes = list(dict.fromkeys(code.value for code in coded[line.message_id].codes))
        lines.append(CodedLine(message_id=line.message_id, codes=codes, primary=primary_of(codes),
                               note=coded[line.message_id].note.strip()))
    metrics = metrics_of(lines, transcript)
    disclosed = {fact.number: fact for fact in answer.hidden_facts}
    facts = [HiddenFactFinding(fact=item["fact"], unlock=item["unlock"], disclosed=disclosed[number].disclosed,
                               message_id=disclosed[number].message_id if disclosed[number].disclosed else None)
             for number, item in enumerate(transcript.hidden_facts, start=1)]
    order = [criterion.key for criterion in transcript.criteria]
    criteria = sorted((CriterionScore(key=item.key, score=item.score, rationale=item.rationale.strip(),
                                      evidence=[Evidence(message_id=e.message_id, quote=e.quote.strip())
                                                for e in item.evidence])
                       for item in answer.criteria), key=lambda item: order.index(item.key))
    step = answer.next_step
    return Analysis(
        utterances=lines, metrics=metrics, benchmarks=benchmarks_of(metrics), hidden_facts=facts, criteria=criteria,
        strengths=[StrengthOut(text=s.text.strip(), message_id=s.message_id, quote=s.quote)
                   for s in answer.strengths[:MAX_STRENGTHS]],
        next_step=NextStep(focus=step.focus.strip(), advice=step.advice.strip(), message_id=step.message_id,
                           original=step.original.strip(), rewrite=step.rewrite.strip()),
    )


def check_answer(data: Any, transcript: Transcript) -> tuple[Analysis | None, list[str]]:
    """The analysis when the answer holds up, else None and the reasons (at most a handful) it does not."""
    try:
        answer = _Answer.model_validate(data)
    except ValidationError as exc:
        reasons = [f"{'.'.join(str(part) for part in error['loc']) or 'answer'}: {error['msg']}"
                   for error in exc.errors()]
        return None, reasons[:MAX_REASONS]
    check = _Checker(transcript)
    _check_lines(answer, check)
    _check_facts(answer, transcript, check)
    _check_criteria(answer, transcript, check)
    _check_coaching(answer, check)
    if check.reasons:
        return None, check.reasons[:MAX_REASONS]
    return _analysis(answer, transcript), []
