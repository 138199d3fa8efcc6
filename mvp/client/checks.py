"""What a teacher reads before publishing: the prompt preview's blocks and costs, and a persona check's verdicts."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from mvp.client.generated import models as api
from mvp.client.parsing import build


@dataclass
class PromptBlock:
    name: str
    title: str
    shared_by: str
    text: str
    estimated_tokens: int = 0
    estimated_model_tokens: int = 0
    cacheable: bool = False


@dataclass
class PromptPreview:
    client_id: int
    system_prompt: str
    estimated_tokens: int
    model: str
    estimated_model_tokens: int = 0
    prompt_cost_per_reply_usd: float = 0.0
    blocks: list[PromptBlock] = field(default_factory=list)
    min_cacheable_tokens: int = 0
    note_examples: list[str] = field(default_factory=list)
    cached_cost_per_reply_usd: float = 0.0
    first_reply_cost_usd: float = 0.0
    cold_reply_cost_usd: float = 0.0
    model_priced: bool = True  # False: a local model with no configured price, so nothing is billed

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> PromptPreview:
        preview = build(cls, data)
        preview.blocks = [build(PromptBlock, item) for item in data.get("blocks") or []]
        return preview


# A check is read into the models generated from the API's schema (scripts/generate_client.py), not a hand copy.
ProbeTurn = api.ProbeTurn
ProbeResult = api.ProbeResult


class PersonaCheck(api.PersonaCheckRead):
    """A persona check as the API sends it, with the count the page's summary shows."""

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> PersonaCheck:
        return cls.model_validate(data)

    def count(self, verdict: str) -> int:
        return sum(probe.verdict == verdict for probe in self.probes)
