"""Rubric shapes: criteria with weights that sum to 1, each with described levels."""

from __future__ import annotations

import math
from datetime import datetime
from typing import Annotated

from pydantic import Field, field_validator

from backend.schemas.base import Schema

WEIGHT_TOLERANCE = 0.001
MAX_CRITERIA = 10

CriterionKey = Annotated[str, Field(min_length=1, max_length=40, pattern=r"^[a-z][a-z0-9_]*$",
                                    description="A short id: lower-case letters, digits and underscores")]


class RubricLevel(Schema):
    score: Annotated[int, Field(ge=0, le=100)]
    descriptor: Annotated[str, Field(min_length=1, max_length=1000)]


class RubricCriterion(Schema):
    key: CriterionKey
    title: Annotated[str, Field(min_length=1, max_length=200)]
    description: Annotated[str, Field(max_length=2000)] = ""
    weight: Annotated[float, Field(gt=0, le=1)]
    levels: Annotated[list[RubricLevel], Field(min_length=2, max_length=10)]

    @field_validator("levels", mode="after")
    @classmethod
    def _distinct_ascending(cls, levels: list[RubricLevel]) -> list[RubricLevel]:
        scores = [level.score for level in levels]
        if len(set(scores)) != len(scores):
            raise ValueError("each level needs its own score (two levels share one)")
        return sorted(levels, key=lambda level: level.score)

    @property
    def min_score(self) -> int:
        return self.levels[0].score

    @property
    def max_score(self) -> int:
        return self.levels[-1].score


def _check_criteria(criteria: list[RubricCriterion]) -> list[RubricCriterion]:
    keys = [criterion.key for criterion in criteria]
    repeated = sorted({key for key in keys if keys.count(key) > 1})
    if repeated:
        raise ValueError(f"criterion keys must be unique; repeated: {', '.join(repeated)}")
    total = math.fsum(criterion.weight for criterion in criteria)
    if abs(total - 1) > WEIGHT_TOLERANCE:
        raise ValueError(f"the criteria's weights add up to {total:g}; they must add up to 1")
    return criteria


Criteria = Annotated[list[RubricCriterion], Field(min_length=1, max_length=MAX_CRITERIA)]


class RubricCreate(Schema):
    title: Annotated[str, Field(min_length=1, max_length=200)]
    description: Annotated[str, Field(max_length=4000)] = ""
    criteria: Criteria

    @field_validator("criteria", mode="after")
    @classmethod
    def _valid(cls, criteria: list[RubricCriterion]) -> list[RubricCriterion]:
        return _check_criteria(criteria)


class RubricUpdate(Schema):
    """A partial edit; `criteria`, when sent, replaces the whole list."""

    title: Annotated[str, Field(min_length=1, max_length=200)] | None = None
    description: Annotated[str, Field(max_length=4000)] | None = None
    criteria: Criteria | None = None

    @field_validator("criteria", mode="after")
    @classmethod
    def _valid(cls, criteria: list[RubricCriterion] | None) -> list[RubricCriterion] | None:
        return None if criteria is None else _check_criteria(criteria)


class RubricRead(Schema):
    id: int
    title: str
    description: str
    criteria: list[RubricCriterion]
    owner_id: int | None
    is_default: bool
    created_at: datetime
    updated_at: datetime
