"""Rules every evaluation keeps, whoever wrote it (the model or the offline evaluator), before anyone reads it.

Wrong feedback is worse than none: a strength never quotes a message that pushed or argued, nor the one the next
step rewrites; a score in the upper half never cites such a message as its evidence; a safety criterion is "not
assessed" (no score, not in the total) when no risk came up; a line that stepped out of the role-play carries no
code and says so; and a rewritten line must code as what it offers (a reflection that echoes the client, advice
with permission).
"""

from __future__ import annotations

from collections.abc import Callable

from backend.interviewing.miti import is_out_of_frame, out_of_frame_cue
from backend.interviewing.miti.notes import out_of_frame_note
from backend.schemas.evaluation import Analysis, CodedLine, CriterionScore, NextStep
from backend.services.feedback import rewrites
from backend.services.feedback.analysis import benchmarks_of, metrics_of
from backend.services.feedback.signals import NOT_ASSESSED, PUSHING, is_safety_criterion, risk_came_up
from backend.services.feedback.transcript import Transcript

HIGH = 0.5


def _lines(analysis: Analysis, transcript: Transcript) -> list[CodedLine]:
    texts = {line.message_id: line.text for line in transcript.student_lines}
    lines = []
    for line in analysis.utterances:
        text = texts.get(line.message_id, "")
        if is_out_of_frame(text):
            line = CodedLine(message_id=line.message_id, codes=[], primary=None,
                             note=out_of_frame_note(out_of_frame_cue(text) or ""), out_of_frame=True)
        lines.append(line)
    return lines


def _criteria(analysis: Analysis, transcript: Transcript, pushed: set[int]) -> list[CriterionScore]:
    rubric = {criterion.key: criterion for criterion in transcript.criteria}
    assessed_risk = risk_came_up(transcript)
    held: list[CriterionScore] = []
    for item in analysis.criteria:
        criterion = rubric.get(item.key)
        if criterion is not None and is_safety_criterion(criterion) and not assessed_risk:
            held.append(CriterionScore(key=item.key, score=None, evidence=[], rationale=NOT_ASSESSED))
            continue
        evidence = item.evidence
        if criterion is not None and item.score is not None and criterion.max_score > criterion.min_score:
            share = (item.score - criterion.min_score) / (criterion.max_score - criterion.min_score)
            if share >= HIGH:
                evidence = [quote for quote in evidence if quote.message_id not in pushed]
        held.append(item.model_copy(update={"evidence": evidence}))
    return held


def _next_step(step: NextStep | None, transcript: Transcript, fallback: Callable[[], NextStep]) -> NextStep:
    """The model's next step, unless its rewrite codes as a push or, offered as a reflection, does not reflect
    (the fallback is only worked out then: it codes the whole conversation again)."""
    if step is None or step.message_id is None:
        return step or fallback()
    client = None
    for line in transcript.lines:
        if line.message_id == step.message_id:
            break
        if line.speaker == "client":
            client = line.text
    if "reflect" in f"{step.focus} {step.advice}".lower():
        return step if rewrites.checked_reflection(step.rewrite, client) else fallback()
    coded = rewrites.code_utterance(step.rewrite, client)
    return fallback() if set(code.value for code in coded.codes) & set(PUSHING) else step


def hold(analysis: Analysis, transcript: Transcript, *,
         fallback_step: Callable[[], NextStep] | None = None) -> Analysis:
    """The analysis with every rule above applied; `fallback_step` replaces a next step that breaks them."""
    lines = _lines(analysis, transcript)
    pushed = {line.message_id for line in lines if set(line.codes) & set(PUSHING)}
    metrics = metrics_of(lines, transcript)
    step = analysis.next_step if fallback_step is None else _next_step(analysis.next_step, transcript, fallback_step)
    # nor the message the next step calls the missed moment: praise and criticism of one line contradict
    missed = step.message_id if step is not None else None
    strengths = [strength for strength in analysis.strengths
                 if strength.message_id not in pushed and (missed is None or strength.message_id != missed)]
    return analysis.model_copy(update={
        "utterances": lines, "metrics": metrics, "benchmarks": benchmarks_of(metrics),
        "criteria": _criteria(analysis, transcript, pushed), "strengths": strengths or analysis.strengths[:0],
        "next_step": step,
    })
