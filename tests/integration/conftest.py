"""A real API process per test module and database, offline provider, generous limits unless a test sets its own."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.support.api import PERSONA
from tests.support.fake_anthropic import FakeAnthropicServer
from tests.support.server import ApiServer, start_api


@pytest.fixture(scope="module")
def server(database_url: str) -> Iterator[ApiServer]:
    api = start_api(database_url, extra_env={"VC_MESSAGES_PER_MINUTE": "1000", "VC_LOGIN_ATTEMPTS": "50"})
    yield api
    api.stop()


def signed_in_as(email: str | None):  # type: ignore[no-untyped-def]
    """A module-scoped fixture: an HTTP client signed in as this demo account (None: not signed in)."""

    @pytest.fixture(scope="module")
    def _client(server: ApiServer) -> Iterator[httpx.Client]:
        with server.client(email) as client:
            yield client

    return _client


teacher = signed_in_as("teacher@example.com")
student = signed_in_as("student1@example.com")
other_student = signed_in_as("student2@example.com")
admin = signed_in_as("admin@example.com")
anonymous = signed_in_as(None)


@pytest.fixture(scope="module")
def published_client(teacher: httpx.Client) -> dict[str, Any]:
    response = teacher.post("/clients", json={**PERSONA, "is_published": True})
    assert response.status_code == 201, response.text
    return response.json()


@pytest.fixture(scope="module")
def fake() -> Iterator[FakeAnthropicServer]:
    """A fake Messages API for the module; tests script its behaviour and read what it received."""
    with FakeAnthropicServer(chunks=4) as server:
        yield server


@pytest.fixture(scope="module")
def api_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ApiServer]:
    database = tmp_path_factory.mktemp("apps") / "apps.db"
    server = start_api(f"sqlite:///{database}",
                       extra_env={"VC_MESSAGES_PER_MINUTE": "1000", "VC_LOGIN_ATTEMPTS": "100"})
    yield server
    server.stop()


@pytest.fixture
def api_url(api_server: ApiServer, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> str:
    """For AppTest: the apps find this API, and keep their sign-ins in a file of this test's own."""
    monkeypatch.setenv("VC_API_URL", api_server.base_url)
    monkeypatch.setenv("VC_APP_SIGN_IN_DB", str(tmp_path / "app_sign_ins.db"))
    return api_server.base_url
