"""Configuration: database URLs as hosts hand them out, secrets policy, the provider choice."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from backend.core.config import Settings, normalise_database_url


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
