"""The offline evaluator: deterministic rules for codes, hidden facts and rubric scores, with no model and no cost.

Used when no provider can answer structured requests, and as the fallback when a model's answer fails its
checks twice. Its codes agree with hand labels on about nine lines in ten (bench/coder_agreement.py); its
scores are read from the metrics (signals.py), so everything it produces is marked approximate.
"""

from __future__ import annotations

from backend.interviewing.miti import code_transcript
from backend.interviewing.words import sentences
from backend.schemas.evaluation import Analysis, CodedLine, CriterionScore, Evidence, Metrics
from backend.schemas.rubric import RubricCriterion
from backend.services.feedback.analysis import benchmarks_of, disclosed_facts, metrics_of
from backend.services.feedback.coaching import Quotes, next_step_of, strengths_of
from backend.services.feedback.signals import Reading, read_criterion, score_for
from backend.services.feedback.transcript import Transcript

PROVIDER = "offline"
MODEL = "offline-evaluator"
MAX_EVIDENCE = 2
APPROXIMATE = "Approximate (rule-based): "


def _evidence(reading: Reading, quotes: Quotes, transcript: Transcript) -> list[Evidence]:
    """Up to two of the student's lines that carry the skill's codes, quoted sentence by sentence."""
    found: list[Evidence] = []
    for code in reading.evidence_codes:
        found += [Evidence(message_id=mid, quote=codes[code]) for mid, codes in quotes.items() if code in codes]
    if reading.evidence_pattern is not None:
        found += [Evidence(message_id=line.message_id, quote=sentence) for line in transcript.student_lines
                  for sentence in sentences(line.text) if reading.evidence_pattern.search(sentence)]
    if not found and transcript.student_lines:  # nothing bears on it: cite where the conversation began
        first = transcript.student_lines[0]
        found.append(Evidence(message_id=first.message_id, quote=(sentences(first.text) or [first.text])[0]))
    return found[:MAX_EVIDENCE]


def _criterion(criterion: RubricCriterion, metrics: Metrics, quotes: Quotes, transcript: Transcript) -> CriterionScore:
    reading = read_criterion(criterion, metrics, transcript)
    return CriterionScore(key=criterion.key, score=score_for(criterion, reading.share),
                          evidence=_evidence(reading, quotes, transcript), rationale=APPROXIMATE + reading.rationale)


def evaluate_offline(transcript: Transcript) -> Analysis:
    """Codes, metrics, benchmarks, hidden facts, rubric scores with evidence, strengths and a next step."""
    coded = code_transcript(transcript.turns())
    students = transcript.student_lines
    lines = [CodedLine(message_id=line.message_id, codes=[code.value for code in item.codes],
                       primary=item.primary.value if item.primary else None, note=item.note)
             for line, item in zip(students, coded, strict=True)]
    quotes: Quotes = {line.message_id: {code.value: sentence for code, sentence in item.quotes.items()}
                      for line, item in zip(students, coded, strict=True)}
    metrics = metrics_of(lines, transcript)
    facts = disclosed_facts(transcript)
    return Analysis(
        utterances=lines,
        metrics=metrics,
        benchmarks=benchmarks_of(metrics),
        hidden_facts=facts,
        criteria=[_criterion(criterion, metrics, quotes, transcript) for criterion in transcript.criteria],
        strengths=strengths_of(metrics, quotes, facts),
        next_step=next_step_of(metrics, quotes, transcript),
    )
