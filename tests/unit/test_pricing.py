"""Cost arithmetic against figures worked out by hand, and refusing to price an unknown model."""

from __future__ import annotations

import json

import pytest

from backend.core.config import Settings
from backend.llm.base import FREE, ModelPrice, TokenUsage
from backend.llm.pricing import PricingTable, UnknownModelError, resolve_model
from backend.llm.tokens import estimate_claude_tokens, estimate_prompt_tokens
from backend.runtime import build_runtime

USAGE = TokenUsage(input_tokens=1200, output_tokens=150, cache_creation_input_tokens=2000,
                   cache_read_input_tokens=8000)


class TestCost:
    def test_haiku_4_5_turn(self) -> None:
        # 1200*1 + 150*5 + 2000*1.25 + 8000*0.10 = 1200 + 750 + 2500 + 800 = 5250 per million
        assert PricingTable.load().cost("claude-haiku-4-5", USAGE) == pytest.approx(0.00525)

    def test_sonnet_4_6_turn(self) -> None:
        # 1200*3 + 150*15 + 2000*3.75 + 8000*0.30 = 3600 + 2250 + 7500 + 2400 = 15750 per million
        assert PricingTable.load().cost("claude-sonnet-4-6", USAGE) == pytest.approx(0.01575)

    def test_dated_snapshot_uses_its_family_price(self) -> None:
        table = PricingTable.load()
        assert table.cost("claude-haiku-4-5-20251001", USAGE) == table.cost("claude-haiku-4-5", USAGE)

    def test_offline_costs_nothing(self) -> None:
        assert PricingTable.load().cost("offline-simulator", USAGE) == 0


class TestConfiguration:
    def test_unknown_model_is_an_error_naming_the_fix(self) -> None:
        with pytest.raises(UnknownModelError, match="VC_PRICING_JSON"):
            PricingTable.load().price_for("claude-imaginary-9")

    def test_prices_can_be_overridden_inline_and_from_a_file(self, tmp_path) -> None:  # type: ignore[no-untyped-def]
        path = tmp_path / "prices.json"
        path.write_text(json.dumps({"claude-haiku-5-5": {"input": 2, "output": 10, "cache_write": 2.5,
                                                         "cache_read": 0.2}}))
        table = PricingTable.load(pricing_file=str(path),
                                  pricing_json='{"claude-haiku-4-5": {"input": 0.5, "output": 2.5, '
                                               '"cache_write": 0.625, "cache_read": 0.05}}')
        assert table.cost("claude-haiku-5-5", TokenUsage(input_tokens=1_000_000)) == 2
        assert table.cost("claude-haiku-4-5", TokenUsage(output_tokens=1_000_000)) == 2.5

    def test_aliases(self) -> None:
        assert resolve_model("Sonnet") == "claude-sonnet-4-6"
        assert resolve_model("haiku") == "claude-haiku-4-5"


class TestSelfHostedModels:
    def test_a_provider_default_prices_an_unknown_model_and_marks_it_unpriced(self) -> None:
        table = PricingTable.load()
        assert table.require("llama3.1:8b", default=FREE) == FREE
        assert table.cost("llama3.1:8b", USAGE) == 0
        assert table.is_priced("llama3.1:8b") is False
        assert table.is_priced("claude-haiku-4-5") and table.is_priced("offline-simulator")

    def test_without_a_provider_default_an_unknown_model_still_stops_start_up(self) -> None:
        with pytest.raises(UnknownModelError, match="VC_PRICING_JSON"):
            PricingTable.load().require("claude-imaginary-9")

    def test_a_configured_price_wins_and_cache_prices_default_to_input(self) -> None:
        table = PricingTable.load(pricing_json='{"llama3.1:8b": {"input": 0.2, "output": 0.6}}')
        assert table.require("llama3.1:8b", default=FREE) == ModelPrice(0.2, 0.6, 0.2, 0.2)
        assert table.is_priced("llama3.1:8b")
        # 1200*0.2 + 150*0.6 + 2000*0.2 + 8000*0.2 = 240 + 90 + 400 + 1600 = 2330 per million
        assert table.cost("llama3.1:8b", USAGE) == pytest.approx(0.00233)


class TestEvaluationModel:
    """VC_EVAL_MODEL must be priced too: an evaluation's cost is never a silent $0."""

    def settings(self, **env: str) -> Settings:
        return Settings(_env_file=None, VC_LLM_PROVIDER="anthropic", ANTHROPIC_API_KEY="sk-test", **env)

    async def test_an_unpriced_evaluation_model_stops_start_up(self) -> None:
        with pytest.raises(UnknownModelError, match="gpt-imaginary"):
            build_runtime(self.settings(VC_EVAL_MODEL="gpt-imaginary"))

    async def test_the_default_evaluates_with_haiku_and_an_alias_resolves(self) -> None:
        assert Settings(_env_file=None).eval_model == "claude-haiku-4-5"
        runtime = build_runtime(self.settings(VC_EVAL_MODEL="sonnet"))
        assert runtime.evaluations.runner.model == "claude-sonnet-4-6"
        await runtime.aclose()

    async def test_a_private_server_evaluates_with_the_model_it_serves_unless_told_otherwise(self) -> None:
        private = {"VC_LLM_PROVIDER": "openai_compatible", "VC_OPENAI_BASE_URL": "http://127.0.0.1:9/v1",
                   "VC_MODEL": "llama3.1:8b"}
        runtime = build_runtime(Settings(_env_file=None, **private))
        assert runtime.evaluations.runner.model == "llama3.1:8b"
        await runtime.aclose()
        runtime = build_runtime(Settings(_env_file=None, **private, VC_EVAL_MODEL="qwen2.5:14b"))
        assert runtime.evaluations.runner.model == "qwen2.5:14b"
        assert runtime.pricing.cost("qwen2.5:14b", USAGE) == 0 and not runtime.pricing.is_priced("qwen2.5:14b")
        await runtime.aclose()

    async def test_offline_mode_needs_no_evaluation_price(self) -> None:
        runtime = build_runtime(Settings(_env_file=None, VC_LLM_PROVIDER="offline", VC_EVAL_MODEL="gpt-imaginary"))
        assert runtime.provider.supports_structured is False
        await runtime.aclose()


def test_a_local_models_prompt_is_estimated_without_claudes_tokenizer_margin() -> None:
    texts = ["You are Jordan, 34, referred by your GP.", "How have you been sleeping lately?"]
    claude = estimate_prompt_tokens(texts, provider="anthropic", model="claude-haiku-4-5")
    local = estimate_prompt_tokens(texts, provider="openai_compatible", model="llama3.1:8b")
    assert claude == estimate_claude_tokens(texts, "claude-haiku-4-5")
    assert local < claude
