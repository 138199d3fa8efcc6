"""Persona shapes: what a teacher writes, what a teacher reads back, and the public card a student sees."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from pydantic import Field, computed_field, field_validator, model_validator

from backend.core.text import facts_from_text
from backend.schemas.base import Schema

MAX_HIDDEN_FACTS = 10

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
CopingEntry = Annotated[str, Field(min_length=1, max_length=200)]
MAX_COPING_STRATEGIES = 6

# Patient-Ψ's conversational styles: how the client talks, which sets how long replies run.
CONVERSATIONAL_STYLES: tuple[str, ...] = ("plain", "upset", "verbose", "reserved", "tangent", "pleasing")


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


class HiddenFact(Schema):
    """Something the client keeps back, and what the student has to do to earn it."""

    fact: Annotated[str, Field(min_length=1, max_length=1000, description="What the client keeps back")]
    unlock: Annotated[str, Field(max_length=500, description="What earns it (empty: sustained rapport)")] = ""


def _style(value: str | None) -> str | None:
    """One of the named styles (any case), or empty for none; anything else is a clear 422."""
    if value is None:
        return None
    style = value.strip().lower()
    if style and style not in CONVERSATIONAL_STYLES:
        raise ValueError(f"conversational_style must be one of {', '.join(CONVERSATIONAL_STYLES)} (or empty for "
                         f"none), not {value.strip()!r}")
    return style


def _legacy_reveals(data: Any) -> Any:
    """Accept the old free-text `reveals_with_rapport` as hidden facts, one per sentence."""
    if isinstance(data, dict) and "reveals_with_rapport" in data:
        data = dict(data)
        text = data.pop("reveals_with_rapport")
        if data.get("hidden_facts") is None and text is not None:
            data["hidden_facts"] = facts_from_text(str(text))
    return data


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
    hidden_facts: Annotated[list[HiddenFact], Field(max_length=MAX_HIDDEN_FACTS, default_factory=list)]
    risk_factors: LongText = ""
    goals: LongText = ""
    cultural_context: LongText = ""
    notes: LongText = ""
    # Patient-Ψ's cognitive model, all optional: the client's inner life, which shapes replies and is never recited.
    core_belief: ShortText = ""
    coping_strategies: Annotated[list[CopingEntry], Field(max_length=MAX_COPING_STRATEGIES, default_factory=list)]
    automatic_thought: ShortText = ""
    conversational_style: Annotated[str, Field(max_length=20, description="plain, upset, verbose, reserved, "
                                               "tangent, pleasing, or empty")] = ""

    @model_validator(mode="before")
    @classmethod
    def _accept_legacy_reveals(cls, data: Any) -> Any:
        return _legacy_reveals(data)

    @field_validator("issues", "personality_traits", "coping_strategies", mode="after")
    @classmethod
    def _dedupe(cls, values: list[str]) -> list[str]:
        return _clean_list(values)

    @field_validator("conversational_style", mode="after")
    @classmethod
    def _known_style(cls, value: str) -> str:
        return _style(value) or ""


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
    hidden_facts: Annotated[list[HiddenFact], Field(max_length=MAX_HIDDEN_FACTS)] | None = None
    risk_factors: LongText | None = None
    goals: LongText | None = None
    cultural_context: LongText | None = None
    notes: LongText | None = None
    core_belief: ShortText | None = None
    coping_strategies: Annotated[list[CopingEntry], Field(max_length=MAX_COPING_STRATEGIES)] | None = None
    automatic_thought: ShortText | None = None
    conversational_style: Annotated[str, Field(max_length=20)] | None = None
    is_published: bool | None = None

    @model_validator(mode="before")
    @classmethod
    def _accept_legacy_reveals(cls, data: Any) -> Any:
        return _legacy_reveals(data)

    @field_validator("issues", "personality_traits", "coping_strategies", mode="after")
    @classmethod
    def _dedupe(cls, values: list[str] | None) -> list[str] | None:
        return None if values is None else _clean_list(values)

    @field_validator("conversational_style", mode="after")
    @classmethod
    def _known_style(cls, value: str | None) -> str | None:
        return _style(value)

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

    @computed_field  # type: ignore[prop-decorator]
    @property
    def reveals_with_rapport(self) -> str:
        """The hidden facts as one text, for clients written before facts had their own unlock conditions."""
        return " ".join(item.fact for item in self.hidden_facts)


class ClientPublic(Schema):
    """What a student may see before and during a session: never the hidden, rapport-gated material."""

    id: int
    name: str
    age: int
    student_brief: str


class PromptBlock(Schema):
    """One cache-ordered block of the system prompt, and who shares its cached copy."""

    name: str = Field(description="scaffold or persona")
    title: str
    shared_by: str = Field(description="Whose conversations read the same cached copy")
    text: str
    estimated_tokens: int = Field(description="cl100k tokens")
    estimated_model_tokens: int = Field(description="Estimated tokens in the model's own tokenizer")
    cacheable: bool = Field(description="Whether the prompt up to and including this block reaches the model's "
                                        "minimum cacheable length")


class PromptPreview(Schema):
    client_id: int
    system_prompt: str = Field(description="The blocks joined, as one text")
    estimated_tokens: int
    model: str
    # The prompt is re-sent with every reply; below the model's minimum cacheable length it is billed in full.
    estimated_model_tokens: int
    prompt_cost_per_reply_usd: float = Field(description="The prompt billed in full as plain input (no caching)")
    blocks: list[PromptBlock] = Field(default_factory=list)
    min_cacheable_tokens: int = Field(0, description="The model's shortest cacheable prompt; 0 when it caches nothing")
    note_examples: list[str] = Field(default_factory=list, description="What the per-turn director's note looks "
                                     "like: the only place hidden facts and risk ever reach the model")
    cached_cost_per_reply_usd: float = Field(0.0, description="The prompt on a reply when scaffold and persona are "
                                             "cached (a class practising with this client)")
    first_reply_cost_usd: float = Field(0.0, description="The first reply with this client while the platform is in "
                                        "use (scaffold cached, persona written to the cache)")
    cold_reply_cost_usd: float = Field(0.0, description="A reply when nothing is cached: both blocks written")
    # False for a self-hosted model with no configured price: the costs above are $0 because nothing is billed.
    model_priced: bool = True
