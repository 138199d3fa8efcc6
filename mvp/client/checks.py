"""What a teacher reads before publishing: the prompt preview's blocks and costs, and a persona check's verdicts.

Both are read into the models generated from the API's schema (scripts/generate_client.py), not hand copies.
"""

from __future__ import annotations

from typing import Any

from mvp.client.generated import models as api

PromptBlock = api.PromptBlock
ProbeTurn = api.ProbeTurn
ProbeResult = api.ProbeResult


class PromptPreview(api.PromptPreview):
    """The compiled prompt of one client, block by block, with what a reply costs."""

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> PromptPreview:
        return cls.model_validate(data)


class PersonaCheck(api.PersonaCheckRead):
    """A persona check as the API sends it, with the count the page's summary shows."""

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> PersonaCheck:
        return cls.model_validate(data)

    def count(self, verdict: str) -> int:
        return sum(probe.verdict == verdict for probe in self.probes)
