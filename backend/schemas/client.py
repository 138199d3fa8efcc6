"""Persona shapes: what a teacher writes, what a teacher reads back, and the public card a student sees."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from pydantic import Field, field_validator

from backend.schemas.base import Schema

SUGGESTED_ISSUES: tuple[str, ...] = (
    "housing insecurity",
    "substance use",
    "grief",
    "family conflict",
    "domestic violence",
    "unemployment",
    "trauma history",
    "anxiety",
    "depression",
    "financial stress",
    "child welfare involvement",
    "immigration stress",
    "chronic illness",
    "isolation",
)

ShortText = Annotated[str, Field(max_length=200)]
LongText = Annotated[str, Field(max_length=4000)]
ListEntry = Annotated[str, Field(min_length=1, max_length=80)]


def _clean_list(values: list[str]) -> list[str]:
    """Trim entries, drop blanks and repeats (case-insensitive) while keeping the teacher's order."""
    seen: set[str] = set()
    cleaned: list[str] = []
    for value in values:
        item = value.strip()
        if item and item.lower() not in seen:
            seen.add(item.lower())
            cleaned.append(item)
    return cleaned


class PersonaFields(Schema):
    """Every persona field; the session snapshot is exactly this shape."""

    name: Annotated[str, Field(min_length=1, max_length=120)]
    age: Annotated[int, Field(ge=5, le=110)]
    gender: ShortText = ""
    pronouns: ShortText = ""
    race_ethnicity: ShortText = ""
    socioeconomic_status: ShortText = ""
    student_brief: LongText = ""
    issues: Annotated[list[ListEntry], Field(max_length=12, default_factory=list)]
    presenting_problem: LongText = ""
    background_story: LongText = ""
    personality_traits: Annotated[list[ListEntry], Field(max_length=5, default_factory=list)]
    communication_style: LongText = ""
    emotional_state: LongText = ""
    difficulty: Annotated[int, Field(ge=1, le=5)] = 3
    reveals_with_rapport: LongText = ""
    risk_factors: LongText = ""
    goals: LongText = ""
    cultural_context: LongText = ""
    notes: LongText = ""

    @field_validator("issues", "personality_traits", mode="after")
    @classmethod
    def _dedupe(cls, values: list[str]) -> list[str]:
        return _clean_list(values)


class ClientCreate(PersonaFields):
    is_published: bool = False

    @field_validator("personality_traits", mode="after")
    @classmethod
    def _enough_traits(cls, values: list[str]) -> list[str]:
        if values and not 2 <= len(values) <= 5:
            raise ValueError("give 2 to 5 personality traits (or none yet)")
        return values


class ClientUpdate(Schema):
    """A partial edit: only the fields sent change."""

    name: Annotated[str, Field(min_length=1, max_length=120)] | None = None
    age: Annotated[int, Field(ge=5, le=110)] | None = None
    gender: ShortText | None = None
    pronouns: ShortText | None = None
    race_ethnicity: ShortText | None = None
    socioeconomic_status: ShortText | None = None
    student_brief: LongText | None = None
    issues: Annotated[list[ListEntry], Field(max_length=12)] | None = None
    presenting_problem: LongText | None = None
    background_story: LongText | None = None
    personality_traits: Annotated[list[ListEntry], Field(max_length=5)] | None = None
    communication_style: LongText | None = None
    emotional_state: LongText | None = None
    difficulty: Annotated[int, Field(ge=1, le=5)] | None = None
    reveals_with_rapport: LongText | None = None
    risk_factors: LongText | None = None
    goals: LongText | None = None
    cultural_context: LongText | None = None
    notes: LongText | None = None
    is_published: bool | None = None

    @field_validator("issues", "personality_traits", mode="after")
    @classmethod
    def _dedupe(cls, values: list[str] | None) -> list[str] | None:
        return None if values is None else _clean_list(values)

    @field_validator("personality_traits", mode="after")
    @classmethod
    def _enough_traits(cls, values: list[str] | None) -> list[str] | None:
        if values and not 2 <= len(values) <= 5:
            raise ValueError("give 2 to 5 personality traits (or none yet)")
        return values


class ClientRead(PersonaFields):
    id: int
    owner_id: int
    is_published: bool
    created_at: datetime
    updated_at: datetime


class ClientPublic(Schema):
    """What a student may see before and during a session: never the hidden, rapport-gated material."""

    id: int
    name: str
    age: int
    student_brief: str


class PromptPreview(Schema):
    client_id: int
    system_prompt: str
    estimated_tokens: int
    model: str
    # The prompt is re-sent with every reply; below the model's minimum cacheable length it is billed in full.
    estimated_model_tokens: int
    prompt_cost_per_reply_usd: float
