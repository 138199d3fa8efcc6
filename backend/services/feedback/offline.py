"""The offline evaluator: deterministic rules for codes, hidden facts and rubric scores, with no model and no cost.

Used when no provider can answer structured requests, and as the fallback when a model's answer fails its
checks twice. How far its codes agree with hand-coded realistic turns is measured by bench/coder_agreement.py
(AGREEMENT_NOTICE says it to users); its scores are read from the metrics (signals.py), so everything it
produces is marked approximate.
"""

from __future__ import annotations

from backend.interviewing.words import sentences
from backend.schemas.evaluation import Analysis, CodedLine, CriterionScore, Evidence, Metrics
from backend.schemas.rubric import RubricCriterion
from backend.services.feedback.analysis import benchmarks_of, disclosed_facts, metrics_of
from backend.services.feedback.coaching import Quotes, next_step_of, strengths_of
from backend.services.feedback.signals import PUSHING, Reading, read_criterion, score_for
from backend.services.feedback.transcript import Transcript

PROVIDER = "offline"
MODEL = "offline-evaluator"
MAX_EVIDENCE = 2
HIGH = 0.5  # a score at or above half the scale is supported by what went well
APPROXIMATE = "Approximate (rule-based): "


def _evidence(reading: Reading, quotes: Quotes, transcript: Transcript) -> list[Evidence]:
    """Up to two of the student's utterances that support the score: what was done well when the score is in
    the upper half (from messages that did not also push or argue), what went wrong when it is low."""
    if reading.share is None:
        return []
    found: list[Evidence] = []
    if reading.evidence_pattern is not None:
        found += [Evidence(message_id=line.message_id, quote=utterance) for line in transcript.student_lines
                  for utterance in sentences(line.text) if reading.evidence_pattern.search(utterance)]
    good = reading.share >= HIGH
    codes = reading.good if good else reading.bad
    for code in codes:
        found += [Evidence(message_id=mid, quote=coded[code]) for mid, coded in quotes.items() if code in coded
                  and mid not in reading.spared and not (good and any(bad in coded for bad in PUSHING))]
    return found[:MAX_EVIDENCE]


def _criterion(criterion: RubricCriterion, metrics: Metrics, quotes: Quotes, transcript: Transcript,
               lines: list[CodedLine]) -> CriterionScore:
    reading = read_criterion(criterion, metrics, transcript, lines)
    rationale = reading.rationale if reading.share is None else APPROXIMATE + reading.rationale
    return CriterionScore(key=criterion.key, score=score_for(criterion, reading.share),
                          evidence=_evidence(reading, quotes, transcript), rationale=rationale)


def evaluate_offline(transcript: Transcript) -> Analysis:
    """Codes, metrics, benchmarks, hidden facts, rubric scores with evidence, strengths and a next step."""
    coded = transcript.coded
    students = transcript.student_lines
    lines = [CodedLine(message_id=line.message_id, codes=[code.value for code in item.codes],
                       primary=item.primary.value if item.primary else None, note=item.note,
                       out_of_frame=item.out_of_frame)
             for line, item in zip(students, coded, strict=True)]
    quotes: Quotes = {line.message_id: {code.value: sentence for code, sentence in item.quotes.items()}
                      for line, item in zip(students, coded, strict=True)}
    metrics = metrics_of(lines, transcript)
    facts = disclosed_facts(transcript)
    next_step = next_step_of(metrics, quotes, transcript)
    return Analysis(
        utterances=lines,
        metrics=metrics,
        benchmarks=benchmarks_of(metrics),
        hidden_facts=facts,
        criteria=[_criterion(criterion, metrics, quotes, transcript, lines) for criterion in transcript.criteria],
        strengths=strengths_of(metrics, quotes, facts, avoid=next_step.message_id),
        next_step=next_step,
    )
