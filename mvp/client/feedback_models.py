"""Dataclasses for feedback: an evaluation with its coded lines and scores, list lines, averages and rubrics."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from mvp.client.generated import models as api
from mvp.client.parsing import build

CODE_LABELS: dict[str, str] = {
    "open_question": "Open question", "closed_question": "Closed question",
    "simple_reflection": "Simple reflection", "complex_reflection": "Complex reflection", "affirm": "Affirmation",
    "seek_collaboration": "Seeking collaboration", "emphasize_autonomy": "Emphasising autonomy",
    "giving_information": "Giving information", "persuade": "Advice without permission",
    "persuade_with_permission": "Advice with permission", "confront": "Confrontation",
}


@dataclass
class CodedLine:
    message_id: int
    codes: list[str] = field(default_factory=list)
    primary: str | None = None
    note: str = ""
    out_of_frame: bool = False


@dataclass
class Benchmark:
    value: float | None = None
    fair: float = 0.0
    good: float = 0.0
    standing: str | None = None  # below_fair, fair, good
    source: str = ""


@dataclass
class HiddenFactFinding:
    """A hidden fact; for a student, the text of one they did not uncover is None."""

    fact: str | None
    disclosed: bool = False
    message_id: int | None = None
    unlock: str | None = None


@dataclass
class Evidence:
    message_id: int
    quote: str


@dataclass
class CriterionResult:
    key: str
    title: str
    score: float | None
    max_score: float
    description: str = ""
    weight: float = 0.0
    original_score: float | None = 0.0
    min_score: float = 0.0
    level: str = ""
    levels: list[dict[str, Any]] = field(default_factory=list)  # [{score, descriptor}], lowest first
    evidence: list[Evidence] = field(default_factory=list)
    rationale: str = ""
    overridden: bool = False
    teacher_comment: str = ""


@dataclass
class Strength:
    text: str
    message_id: int | None = None
    quote: str | None = None


@dataclass
class NextStep:
    focus: str
    advice: str
    rewrite: str
    message_id: int | None = None
    original: str | None = None


@dataclass
class TeacherReview:
    comment: str = ""
    reviewer_name: str | None = None
    reviewed_at: datetime | None = None
    original_total_score: float | None = None
    criteria: list[dict[str, Any]] = field(default_factory=list)  # [{key, score, comment}]


@dataclass
class Evaluation:
    """GET/POST /sessions/{id}/evaluation; `criteria` is None for a student until the teacher releases scores."""

    id: int
    session_id: int
    status: str
    provider: str = ""
    model: str = ""
    approximate: bool = False
    approximate_note: str | None = None
    fallback_reason: str | None = None
    error: str | None = None
    cost_usd: float = 0.0
    rubric_title: str = ""
    metrics: dict[str, Any] | None = None
    benchmarks: dict[str, Benchmark] = field(default_factory=dict)
    utterances: list[CodedLine] = field(default_factory=list)
    hidden_facts: list[HiddenFactFinding] = field(default_factory=list)
    criteria: list[CriterionResult] | None = None
    total_score: float | None = None
    max_score: float | None = None
    strengths: list[Strength] = field(default_factory=list)
    next_step: NextStep | None = None
    released: bool = False
    scores_withheld: bool = False
    teacher_review: TeacherReview | None = None
    evaluated_at: datetime | None = None

    @property
    def ready(self) -> bool:
        return self.status == "ready"

    def coded(self, message_id: int) -> CodedLine | None:
        return next((line for line in self.utterances if line.message_id == message_id), None)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Evaluation:
        evaluation = build(cls, data)
        evaluation.benchmarks = {name: build(Benchmark, item) for name, item in (data.get("benchmarks") or {}).items()}
        evaluation.utterances = [build(CodedLine, item) for item in data.get("utterances") or []]
        evaluation.hidden_facts = [build(HiddenFactFinding, item) for item in data.get("hidden_facts") or []]
        evaluation.criteria = None if data.get("criteria") is None else [
            _criterion(item) for item in data["criteria"]]
        evaluation.strengths = [build(Strength, item) for item in data.get("strengths") or []]
        evaluation.next_step = build(NextStep, data["next_step"]) if data.get("next_step") else None
        review = data.get("teacher_review")
        evaluation.teacher_review = build(TeacherReview, review) if review else None
        return evaluation


def _criterion(data: dict[str, Any]) -> CriterionResult:
    result = build(CriterionResult, data)
    result.evidence = [build(Evidence, item) for item in data.get("evidence") or []]
    return result


@dataclass
class EvaluationSummary:
    """One line of the review queue or of a student's progress."""

    id: int
    session_id: int
    client_id: int
    client_name: str
    student_id: int
    student_name: str
    status: str
    approximate: bool = False
    total_score: float | None = None
    max_score: float | None = None
    released: bool = False
    reviewed: bool = False
    metrics: dict[str, Any] | None = None
    hidden_facts_disclosed: int = 0
    hidden_facts_total: int = 0
    started_at: datetime | None = None
    ended_at: datetime | None = None
    evaluated_at: datetime | None = None
    assignment_id: int | None = None
    assignment_title: str | None = None
    section_id: int | None = None
    section_name: str | None = None
    submitted_at: datetime | None = None


# Class averages: the models generated from the API's schema (scripts/generate_client.py), not hand copies.
CriterionAverage = api.CriterionAverage


class EvaluationAverages(api.EvaluationAverages):
    """Averages over one group of evaluated conversations (everything, a section, a client)."""

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> EvaluationAverages:
        return cls.model_validate(data)


@dataclass
class Rubric:
    id: int
    title: str
    description: str = ""
    criteria: list[dict[str, Any]] = field(default_factory=list)
    owner_id: int | None = None
    is_default: bool = False
