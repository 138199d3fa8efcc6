"""Per-model prices (USD per million tokens) and the cost of a call.

A model with no price stops start-up, unless its provider declares a default price (a self-hosted model is
$0 until VC_PRICING_JSON says otherwise); such a model is remembered as unpriced, so health and usage say
"not billed" instead of showing a silent $0.
"""

from __future__ import annotations

import json
from pathlib import Path

from backend.llm.base import ModelPrice, TokenUsage

__all__ = ["DEFAULT_PRICES", "MODEL_ALIASES", "ModelPrice", "PricingTable", "UnknownModelError", "resolve_model"]

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
        self._unpriced: set[str] = set()

    @classmethod
    def load(cls, *, pricing_file: str = "", pricing_json: str = "") -> PricingTable:
        """Defaults, overridden by a JSON file and then by inline JSON: {"model": {"input": 1, ...}}.

        Cache prices left out cost what input costs (a self-hosted server's cached prefix is just input).
        """
        prices = dict(DEFAULT_PRICES)
        for raw in (Path(pricing_file).read_text() if pricing_file else "", pricing_json):
            if raw.strip():
                for model, fields in json.loads(raw).items():
                    given = {key: float(value) for key, value in fields.items()}
                    prices[model] = ModelPrice(**{"cache_write": given.get("input", 0.0),
                                                  "cache_read": given.get("input", 0.0), **given})
        return cls(prices)

    def models(self) -> list[str]:
        return sorted(self._prices)

    def require(self, model: str, *, default: ModelPrice | None = None) -> ModelPrice:
        """The model's price, checked at start-up; an unknown model takes `default` (and counts as unpriced)."""
        try:
            return self.price_for(model)
        except UnknownModelError:
            if default is None:
                raise
        self._prices[model] = default
        self._unpriced.add(model)
        return default

    def is_priced(self, model: str) -> bool:
        """True when a price for the model (or its family) was configured, not just a provider's default."""
        known = self._known(model)
        return known is not None and known not in self._unpriced

    def _known(self, model: str) -> str | None:
        """The table's key for a model: exact id first, then the dated snapshot's family."""
        if model in self._prices:
            return model
        return next((known for known in sorted(self._prices, key=len, reverse=True)
                     if model.startswith(known + "-")), None)

    def price_for(self, model: str) -> ModelPrice:
        """Exact id first, then the dated snapshot's family (`claude-haiku-4-5-20251001` → `claude-haiku-4-5`)."""
        known = self._known(model)
        if known is None:
            raise UnknownModelError(
                f"No price is configured for model {model!r}. Add it with VC_PRICING_JSON or VC_PRICING_FILE "
                f"(known: {', '.join(self.models())})."
            )
        return self._prices[known]

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
