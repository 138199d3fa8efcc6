"""Per-model prices (USD per million tokens) and the cost of a call; an unknown model fails at start-up."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from backend.llm.base import TokenUsage


@dataclass(frozen=True, slots=True)
class ModelPrice:
    input: float
    output: float
    cache_write: float
    cache_read: float


DEFAULT_PRICES: dict[str, ModelPrice] = {
    "claude-haiku-4-5": ModelPrice(1.00, 5.00, 1.25, 0.10),
    "claude-sonnet-4-6": ModelPrice(3.00, 15.00, 3.75, 0.30),
    "claude-sonnet-4-5": ModelPrice(3.00, 15.00, 3.75, 0.30),
    "claude-opus-4-5": ModelPrice(5.00, 25.00, 6.25, 0.50),
    "claude-3-5-haiku-latest": ModelPrice(0.80, 4.00, 1.00, 0.08),
    "offline-simulator": ModelPrice(0.0, 0.0, 0.0, 0.0),
}

MODEL_ALIASES = {"haiku": "claude-haiku-4-5", "sonnet": "claude-sonnet-4-6"}

# Anthropic's shortest cacheable prompt prefix per model (tokens): a shorter prefix is billed as plain input.
MIN_CACHEABLE_TOKENS: dict[str, int] = {
    "claude-haiku-4-5": 4096,
    "claude-sonnet-4-6": 2048,
    "claude-sonnet-4-5": 1024,
    "claude-opus-4-5": 4096,
    "claude-3-5-haiku-latest": 2048,
}
DEFAULT_MIN_CACHEABLE = 1024


def min_cacheable_tokens(model: str) -> int:
    """The model's cacheable minimum, its dated snapshot's family's, or Anthropic's smallest (1,024)."""
    for known in sorted(MIN_CACHEABLE_TOKENS, key=len, reverse=True):
        if model == known or model.startswith(known + "-"):
            return MIN_CACHEABLE_TOKENS[known]
    return DEFAULT_MIN_CACHEABLE


class UnknownModelError(ValueError):
    """Raised at start-up so a missing price never turns into a silent $0 bill."""


class PricingTable:
    def __init__(self, prices: dict[str, ModelPrice]) -> None:
        self._prices = dict(prices)

    @classmethod
    def load(cls, *, pricing_file: str = "", pricing_json: str = "") -> PricingTable:
        """Defaults, overridden by a JSON file and then by inline JSON: {"model": {"input": 1, ...}}."""
        prices = dict(DEFAULT_PRICES)
        for raw in (Path(pricing_file).read_text() if pricing_file else "", pricing_json):
            if raw.strip():
                for model, fields in json.loads(raw).items():
                    prices[model] = ModelPrice(**{key: float(value) for key, value in fields.items()})
        return cls(prices)

    def models(self) -> list[str]:
        return sorted(self._prices)

    def price_for(self, model: str) -> ModelPrice:
        """Exact id first, then the dated snapshot's family (`claude-haiku-4-5-20251001` → `claude-haiku-4-5`)."""
        if model in self._prices:
            return self._prices[model]
        for known in sorted(self._prices, key=len, reverse=True):
            if model.startswith(known + "-"):
                return self._prices[known]
        raise UnknownModelError(
            f"No price is configured for model {model!r}. Add it with VC_PRICING_JSON or VC_PRICING_FILE "
            f"(known: {', '.join(self.models())})."
        )

    def cost(self, model: str, usage: TokenUsage) -> float:
        price = self.price_for(model)
        total = (
            usage.input_tokens * price.input
            + usage.output_tokens * price.output
            + usage.cache_creation_input_tokens * price.cache_write
            + usage.cache_read_input_tokens * price.cache_read
        )
        return round(total / 1_000_000, 8)


def resolve_model(model: str) -> str:
    return MODEL_ALIASES.get(model.strip().lower(), model.strip())
