"""Where a student's figures stand against the MITI proficiency thresholds ("fair" and "good").

Thresholds, higher is better for all of them:

- Reflection-to-question ratio: fair 1 (1:1), good 2 (2:1). MITI 4.2.1 (Moyers, Manuel & Ernst, 2015).
- Percent complex reflections: fair 40 %, good 50 %. MITI 4.2.1.
- Percent open questions: fair 50 %, good 70 %. MITI 3.1.1 (Moyers, Martin, Manuel, Miller & Ernst,
  2010); 4.2.1 codes all questions alike and gives no threshold, but the feedback issue asks for the
  open/closed split, so the last published one is used.
- Percent MI-adherent: fair 90 %, good 100 %. MITI 3.1.1; 4.2.1 reports the adherent and non-adherent
  counts without thresholds. Our percentage uses 4.2.1's categories (seek, affirm, autonomy vs confront,
  persuade), so it is an approximation of 3.1.1's.

MITI gives no threshold for the raw counts, talk share or turns, so they stand alone. The global ratings
(relational fair 3.5 / good 4, technical fair 3 / good 4 in MITI 4.2.1) need a human rater and are not here.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from backend.interviewing.metrics import SessionMetrics


class Standing(StrEnum):
    below_fair = "below_fair"
    fair = "fair"
    good = "good"


@dataclass(frozen=True, slots=True)
class Benchmark:
    metric: str
    fair: float
    good: float
    source: str

    def standing(self, value: float | None) -> Standing | None:
        """Below fair, fair or good; None when the session has no figure for this metric."""
        if value is None:
            return None
        if value >= self.good:
            return Standing.good
        return Standing.fair if value >= self.fair else Standing.below_fair


BENCHMARKS: dict[str, Benchmark] = {b.metric: b for b in (
    Benchmark("reflection_to_question_ratio", 1.0, 2.0, "MITI 4.2.1"),
    Benchmark("percent_complex_reflections", 40.0, 50.0, "MITI 4.2.1"),
    Benchmark("percent_open_questions", 50.0, 70.0, "MITI 3.1.1"),
    Benchmark("percent_mi_adherent", 90.0, 100.0, "MITI 3.1.1"),
)}


def standing(metric: str, value: float | None) -> Standing | None:
    """Where `value` stands for `metric`; None for a metric MITI sets no threshold for, or no value."""
    benchmark = BENCHMARKS.get(metric)
    return benchmark.standing(value) if benchmark else None


def benchmarks_for(metrics: SessionMetrics) -> dict[str, dict[str, object]]:
    """Each benchmarked metric with its value, thresholds, standing and source, as the feedback page shows it."""
    values = metrics.as_dict()
    return {name: {"value": values[name], "fair": b.fair, "good": b.good,
                   "standing": b.standing(values[name]),  # type: ignore[arg-type]
                   "source": b.source}
            for name, b in BENCHMARKS.items()}
