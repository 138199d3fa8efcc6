"""The parts of an evaluation that follow from codes by rule: metrics, benchmarks, and hidden facts by overlap."""

from __future__ import annotations

from collections.abc import Sequence

from backend.interviewing.benchmarks import benchmarks_for
from backend.interviewing.codes import PRECEDENCE, MitiCode
from backend.interviewing.disclosure import detect_disclosures
from backend.interviewing.metrics import SessionMetrics, session_metrics
from backend.interviewing.miti import CodedUtterance
from backend.schemas.evaluation import Benchmark, CodedLine, HiddenFactFinding, Metrics
from backend.services.feedback.transcript import Transcript


def primary_of(codes: Sequence[str]) -> str | None:
    """The code MITI's precedence puts first among these (confrontation over questions, and so on)."""
    present = set(codes)
    return next((code.value for code in PRECEDENCE if code.value in present), None)


def metrics_of(lines: Sequence[CodedLine], transcript: Transcript) -> Metrics:
    """MITI summary scores from coded lines, whoever coded them; the arithmetic is always ours."""
    coded = [CodedUtterance(codes=tuple(MitiCode(code) for code in line.codes), primary=None, note="")
             for line in lines]
    figures = session_metrics(coded, [line.text for line in transcript.student_lines],
                              [line.text for line in transcript.client_lines])
    return Metrics.model_validate(figures.as_dict())


def benchmarks_of(metrics: Metrics) -> dict[str, Benchmark]:
    """Each benchmarked metric beside the MITI fair and good thresholds."""
    return {name: Benchmark.model_validate(item)
            for name, item in benchmarks_for(SessionMetrics(**metrics.model_dump())).items()}


def disclosed_facts(transcript: Transcript) -> list[HiddenFactFinding]:
    """Each hidden fact and the client's message that first disclosed it, by content-word overlap."""
    replies = transcript.client_lines
    found = detect_disclosures(transcript.hidden_facts, [line.text for line in replies])
    return [HiddenFactFinding(fact=item.fact, unlock=item.unlock, disclosed=item.disclosed,
                              message_id=None if item.reply_index is None else replies[item.reply_index].message_id)
            for item in found]
