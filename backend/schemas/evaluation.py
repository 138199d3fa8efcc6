"""Evaluation shapes: what an evaluator finds, what a reader is shown, and a teacher's review of it."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from pydantic import Field

from backend.schemas.base import Schema
from backend.schemas.rubric import CriterionKey, RubricLevel


class CodedLine(Schema):
    """One student message as MITI 4.2.1 codes it, with a note for the student."""

    message_id: int
    codes: list[str]
    primary: str | None = None
    note: str = ""
    out_of_frame: bool = Field(False, description="The message stepped out of the role-play: not coded, shown to the "
                                                  "teacher")


class Metrics(Schema):
    """MITI summary scores of the conversation (backend/interviewing/metrics.py says how each is counted)."""

    counts: dict[str, int]
    reflection_to_question_ratio: float | None
    percent_open_questions: float | None
    percent_complex_reflections: float | None
    mi_adherent: int
    mi_non_adherent: int
    percent_mi_adherent: float | None
    student_talk_share: float | None
    student_turns: int


class Benchmark(Schema):
    value: float | None
    fair: float
    good: float
    standing: Literal["below_fair", "fair", "good"] | None
    source: str


class HiddenFactFinding(Schema):
    """A hidden fact and whether the client let it out; for a student, the text of one not uncovered is null."""

    fact: str | None
    unlock: str | None = None
    disclosed: bool
    message_id: int | None = Field(None, description="The client's message that disclosed it")


class Evidence(Schema):
    message_id: int
    quote: str = Field(description="Verbatim from the student's message")


class CriterionScore(Schema):
    """An evaluator's score of one criterion, as stored."""

    key: str
    score: float | None = Field(description="The level's score; null when the criterion was not assessed (a safety "
                                            "criterion in a conversation where no risk came up)")
    evidence: list[Evidence]
    rationale: str


class Strength(Schema):
    text: str
    message_id: int | None = None
    quote: str | None = None


class NextStep(Schema):
    """One concrete thing to try next time, with one of the student's own lines rewritten."""

    focus: str
    advice: str
    message_id: int | None = None
    original: str | None = None
    rewrite: str


class Analysis(Schema):
    """Everything an evaluator produces for one conversation (stored as the evaluation's result)."""

    utterances: list[CodedLine]
    metrics: Metrics
    benchmarks: dict[str, Benchmark]
    hidden_facts: list[HiddenFactFinding]
    criteria: list[CriterionScore]
    strengths: list[Strength]
    next_step: NextStep | None


class CriterionResult(Schema):
    """A criterion as a reader sees it: the rubric's wording, the final score and where it came from."""

    key: str
    title: str
    description: str
    weight: float
    score: float | None = Field(description="The final score: the teacher's override where there is one; null when "
                                            "not assessed (no risk came up for a safety criterion), not counted")
    original_score: float | None = Field(description="The evaluator's score (null: not assessed)")
    min_score: float
    max_score: float
    level: str = Field(description="The descriptor of the rubric level the final score reaches")
    levels: list[RubricLevel] = Field(description="The rubric's levels for this criterion, lowest first")
    evidence: list[Evidence]
    rationale: str
    overridden: bool
    teacher_comment: str = ""


class CriterionOverride(Schema):
    key: str
    score: float | None
    comment: str = ""


class TeacherReview(Schema):
    """The teacher's overrides beside the evaluator's original scores, and their overall comment."""

    criteria: list[CriterionOverride]
    comment: str
    reviewer_id: int | None
    reviewer_name: str | None
    reviewed_at: datetime | None
    original_total_score: float | None


STUDENT_FALLBACK = "The AI evaluator was not used for this conversation, so this feedback is approximate."


class EvaluationRead(Schema):
    id: int
    session_id: int
    status: Literal["pending", "ready", "failed"]
    provider: str
    model: str
    approximate: bool = Field(description="True when the rule-based evaluator produced it: figures are approximate")
    approximate_note: str | None = Field(None, description="For an approximate evaluation: how far the rules agree "
                                                           "with expert coders, as measured")
    fallback_reason: str | None = Field(None, description="Why the model's evaluation was replaced by the rules")
    error: str | None = None
    cost_usd: float
    rubric_id: int
    rubric_title: str
    metrics: Metrics | None
    benchmarks: dict[str, Benchmark]
    utterances: list[CodedLine]
    hidden_facts: list[HiddenFactFinding]
    criteria: list[CriterionResult] | None = Field(description="Null for a student until the scores are released")
    total_score: float | None
    max_score: float | None
    strengths: list[Strength]
    next_step: NextStep | None
    released: bool
    released_at: datetime | None
    scores_withheld: bool = Field(description="True when scores exist but this reader may not see them yet")
    teacher_review: TeacherReview | None
    evaluated_at: datetime | None
    created_at: datetime
    updated_at: datetime

    def as_seen_by(self, role: str) -> EvaluationRead:
        """A student reads that the offline evaluator scored it, never the validator's reasons or the provider's
        error (they are for staff)."""
        if role != "student" or not self.fallback_reason:
            return self
        return self.model_copy(update={"fallback_reason": STUDENT_FALLBACK})



class OverrideIn(Schema):
    key: CriterionKey
    score: Annotated[float, Field(ge=0, le=100)] | None = Field(None, description="null removes the override")
    comment: Annotated[str, Field(max_length=4000)] = ""


class EvaluationUpdate(Schema):
    """A teacher's review: overrides merge by criterion key; `released` shows or hides the scores to the student."""

    criteria: Annotated[list[OverrideIn], Field(max_length=20)] | None = None
    comment: Annotated[str, Field(max_length=4000)] | None = None
    released: bool | None = None


class EvaluationSummary(Schema):
    """One line of the review queue or of a student's progress."""

    id: int
    session_id: int
    client_id: int
    client_name: str
    student_id: int
    student_name: str
    status: str
    approximate: bool
    total_score: float | None
    max_score: float | None
    released: bool
    reviewed: bool
    metrics: Metrics | None
    hidden_facts_disclosed: int
    hidden_facts_total: int
    started_at: datetime
    ended_at: datetime | None
    evaluated_at: datetime | None
    assignment_id: int | None = None
    assignment_title: str | None = None
    section_id: int | None = None
    section_name: str | None = None
    submitted_at: datetime | None = None


class CriterionAverage(Schema):
    key: str
    title: str
    average: float | None = Field(description="Over the evaluations that assessed it; null when none did")
    max_score: float
    evaluations: int = Field(description="How many evaluations assessed this criterion")


class EvaluationAverages(Schema):
    """Averages over a group of ready evaluations (one section, one client, or everything the reader may see)."""

    group: Literal["overall", "section", "client"]
    key: str
    label: str
    evaluations: int
    total_score: float | None
    criteria: list[CriterionAverage]
    metrics: dict[str, float | None]
