"""Rubric arithmetic: a weighted total out of 100, the level a score reaches, and overrides over original scores.

Each criterion counts its score as a share of its top level's score, times its weight; the shares sum to
the total out of 100 (levels 1-4 all at 4 make 100; all at 2 make 50), as points-based LMS rubrics do.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from backend.schemas.rubric import RubricCriterion

MAX_TOTAL = 100.0


NOT_ASSESSED = "Not assessed"


def level_for(criterion: RubricCriterion, score: float | None) -> str:
    """The descriptor of the highest level the score reaches (the lowest level below it)."""
    if score is None:
        return NOT_ASSESSED
    reached = [level for level in criterion.levels if level.score <= score + 1e-9]
    return (reached[-1] if reached else criterion.levels[0]).descriptor


def total_score(criteria: Sequence[RubricCriterion], scores: Mapping[str, float | None]) -> float:
    """The weighted total out of MAX_TOTAL, rounded half up to one decimal as a gradebook expects (63.75 is
    63.8); a criterion missing from `scores` counts as its lowest level, one scored None was not assessed and
    its weight goes to the others. Decimal keeps 0.2-style weights exact."""
    total, weights, assessed = Decimal(0), Decimal(0), Decimal(0)
    for criterion in criteria:
        if not criterion.max_score:
            continue
        weight = Decimal(str(criterion.weight))
        weights += weight
        value = scores.get(criterion.key, criterion.min_score)
        if value is None:
            continue
        assessed += weight
        total += weight * Decimal(str(value)) / Decimal(criterion.max_score)
    if assessed and assessed != weights:
        total = total * weights / assessed
    return float((total * Decimal(str(MAX_TOTAL))).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def overrides_of(review: Mapping[str, Any]) -> dict[str, dict[str, Any]]:
    """The teacher's per-criterion overrides from a stored review: {key: {"score": float | None, "comment"}}."""
    return {key: dict(value) for key, value in (review.get("criteria") or {}).items()}


def final_scores(original: Mapping[str, float | None], review: Mapping[str, Any]) -> dict[str, float | None]:
    """The evaluator's scores with the teacher's overrides in their place, where there are any."""
    final = dict(original)
    for key, override in overrides_of(review).items():
        if override.get("score") is not None and key in final:
            final[key] = float(override["score"])
    return final


def merge_overrides(review: Mapping[str, Any], changes: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    """The review after a teacher's edit: each change replaces that key's override; a null score with no
    comment removes it."""
    overrides = overrides_of(review)
    for change in changes:
        entry = {"score": change.get("score"), "comment": change.get("comment") or ""}
        if entry["score"] is None and not entry["comment"]:
            overrides.pop(change["key"], None)
        else:
            overrides[change["key"]] = entry
    return {**review, "criteria": overrides}
