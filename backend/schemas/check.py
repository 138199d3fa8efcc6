"""A persona check as the teacher reads it: a verdict per probe, with the replies and why."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import Field

from backend.schemas.base import Schema

VerdictName = Literal["pass", "warn", "fail"]


class ProbeTurn(Schema):
    student: str
    reply: str
    is_fallback: bool = False


class ProbeResult(Schema):
    key: str
    title: str
    purpose: str
    verdict: VerdictName
    reasons: list[str] = Field(default_factory=list, description="Why, from the rules and the judge")
    rules_verdict: VerdictName
    judge_verdict: VerdictName | None = Field(None, description="Null when no judge model read it")
    judge_reason: str | None = None
    turns: list[ProbeTurn]


class PersonaCheckRead(Schema):
    id: int
    client_id: int
    created_at: datetime
    provider: str
    model: str
    verdict: VerdictName = Field(description="The worst probe's verdict")
    judged: bool = Field(description="Whether a judge model read the replies besides the rules")
    cost_usd: float
    persona_updated_at: datetime = Field(description="The client's last edit when it was checked")
    up_to_date: bool = Field(True, description="False once the client has been edited since this check")
    probes: list[ProbeResult]
