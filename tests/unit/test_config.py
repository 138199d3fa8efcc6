"""Configuration: database URLs as hosts hand them out, secrets policy, the provider choice."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from backend.core.config import Settings, normalise_database_url
from backend.llm.base import FREE
from backend.llm.registry import build_provider, describe_provider


@pytest.mark.parametrize(("given", "expected"), [
    ("postgres://u:p@h:5432/db", "postgresql+asyncpg://u:p@h:5432/db"),
    ("postgresql://u:p@h/db", "postgresql+asyncpg://u:p@h/db"),
    ("postgresql+psycopg://u@h/db", "postgresql+asyncpg://u@h/db"),
    ("sqlite:///./data/x.db", "sqlite+aiosqlite:///./data/x.db"),
    ("sqlite+aiosqlite:///x.db", "sqlite+aiosqlite:///x.db"),
])
def test_database_urls_are_normalised_to_async_drivers(given: str, expected: str) -> None:
    assert normalise_database_url(given) == expected


def test_production_refuses_a_missing_secret(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("VC_ENV", "production")
    monkeypatch.delenv("SECRET_KEY", raising=False)
    with pytest.raises(ValidationError, match="SECRET_KEY"):
        Settings(_env_file=None)


def test_development_gets_a_random_secret(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.setenv("VC_ENV", "development")
    first, second = Settings(_env_file=None), Settings(_env_file=None)
    assert len(first.secret_key) >= 32 and first.secret_key != second.secret_key


def test_provider_is_anthropic_with_a_key_else_offline(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("VC_LLM_PROVIDER", raising=False)
    monkeypatch.delenv("ANTHROPIC_API_KEY", raising=False)
    assert Settings(_env_file=None).active_provider == "offline"
    monkeypatch.setenv("ANTHROPIC_API_KEY", "sk-x")
    assert Settings(_env_file=None).active_provider == "anthropic"
    monkeypatch.setenv("VC_LLM_PROVIDER", "offline")
    assert Settings(_env_file=None).active_provider == "offline"


class TestOpenAICompatibleChoice:
    @pytest.fixture(autouse=True)
    def clean(self, monkeypatch: pytest.MonkeyPatch) -> None:
        for name in ("VC_LLM_PROVIDER", "ANTHROPIC_API_KEY", "VC_OPENAI_BASE_URL", "VC_OPENAI_API_KEY", "VC_MODEL"):
            monkeypatch.delenv(name, raising=False)

    def test_a_server_url_alone_chooses_the_private_server(self, monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.setenv("VC_OPENAI_BASE_URL", "http://localhost:11434/v1")
        assert Settings(_env_file=None).active_provider == "openai_compatible"

    def test_a_claude_key_and_a_server_url_without_a_choice_are_refused(self, monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.setenv("VC_OPENAI_BASE_URL", "http://localhost:11434/v1")
        monkeypatch.setenv("ANTHROPIC_API_KEY", "sk-x")
        with pytest.raises(ValidationError, match="VC_LLM_PROVIDER=openai_compatible"):
            Settings(_env_file=None)
        monkeypatch.setenv("VC_LLM_PROVIDER", "openai_compatible")
        assert Settings(_env_file=None).active_provider == "openai_compatible"

    @pytest.mark.parametrize(("env", "missing"), [
        ({"VC_MODEL": "llama3.1:8b"}, "VC_OPENAI_BASE_URL"),
        ({"VC_OPENAI_BASE_URL": "http://localhost:11434/v1"}, "VC_MODEL"),
    ])
    def test_the_server_url_and_the_model_name_are_required(self, monkeypatch: pytest.MonkeyPatch,
                                                           env: dict[str, str], missing: str) -> None:
        monkeypatch.setenv("VC_LLM_PROVIDER", "openai_compatible")
        for name, value in env.items():
            monkeypatch.setenv(name, value)
        with pytest.raises(ValueError, match=missing):
            build_provider(Settings(_env_file=None))

    async def test_the_registry_builds_it_as_configured(self, monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.setenv("VC_LLM_PROVIDER", "openai_compatible")
        monkeypatch.setenv("VC_OPENAI_BASE_URL", "http://gpu-host:8000/v1/")
        monkeypatch.setenv("VC_MODEL", "meta-llama/Llama-3.1-8B-Instruct")
        settings = Settings(_env_file=None)
        provider = build_provider(settings)
        try:
            assert (provider.name, provider.label, provider.model) == (
                "openai_compatible", "local model", "meta-llama/Llama-3.1-8B-Instruct")
            assert provider.default_price == FREE and not provider.simulated
        finally:
            await provider.aclose()
        assert describe_provider(settings) == (
            "openai_compatible  (local model meta-llama/Llama-3.1-8B-Instruct at http://gpu-host:8000/v1)")
