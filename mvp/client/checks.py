"""What a teacher reads before publishing: the prompt preview's blocks and costs, and a persona check's verdicts."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

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


@dataclass
class ProbeTurn:
    student: str
    reply: str
    is_fallback: bool = False


@dataclass
class ProbeResult:
    key: str
    title: str
    verdict: str
    purpose: str = ""
    reasons: list[str] = field(default_factory=list)
    rules_verdict: str = ""
    judge_verdict: str | None = None
    judge_reason: str | None = None
    turns: list[ProbeTurn] = field(default_factory=list)


@dataclass
class PersonaCheck:
    id: int
    client_id: int
    verdict: str
    provider: str = ""
    model: str = ""
    judged: bool = False
    cost_usd: float = 0.0
    up_to_date: bool = True
    created_at: datetime | None = None
    persona_updated_at: datetime | None = None
    probes: list[ProbeResult] = field(default_factory=list)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> PersonaCheck:
        check = build(cls, data)
        check.probes = []
        for item in data.get("probes") or []:
            probe = build(ProbeResult, item)
            probe.turns = [build(ProbeTurn, turn) for turn in item.get("turns") or []]
            check.probes.append(probe)
        return check

    def count(self, verdict: str) -> int:
        return sum(probe.verdict == verdict for probe in self.probes)
