"""A real API process per test module and database, offline provider, generous limits unless a test sets its own."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from tests.fake_anthropic import FakeAnthropicServer
from tests.support.server import ApiServer, start_api

PERSONA: dict[str, Any] = {
    "name": "Jordan Ellis",
    "age": 34,
    "gender": "non-binary",
    "pronouns": "they/them",
    "student_brief": "Jordan was referred by their GP after missing work for two weeks.",
    "issues": ["unemployment", "anxiety"],
    "presenting_problem": "Jordan lost their warehouse job and cannot sleep.",
    "background_story": "Jordan grew up in foster care and moved cities last year.",
    "personality_traits": ["guarded", "dry humour"],
    "communication_style": "Short answers, jokes when nervous.",
    "emotional_state": "Anxious and tired.",
    "difficulty": 3,
    "reveals_with_rapport": "Jordan has been hiding the job loss from their partner.",
    "goals": "Find work and sleep through the night.",
}


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


def new_student(server: ApiServer, admin: httpx.Client, label: str) -> httpx.Client:
    """A student of one's own, so limits and totals in one test never leak into another."""
    import uuid

    email = f"{label}.{uuid.uuid4().hex[:8]}@example.com"
    response = admin.post("/users", json={"email": email, "display_name": label.title(), "role": "student",
                                          "password": "student-pass-123"})
    assert response.status_code == 201, response.text
    return httpx.Client(base_url=server.api, timeout=60,
                        headers={"Authorization": f"Bearer {server.token(email, 'student-pass-123')}"})


def read_sse(response: httpx.Response) -> list[tuple[str, Any]]:
    """Parse a text/event-stream body into (event, data) pairs."""
    import json

    events: list[tuple[str, Any]] = []
    event, data = "message", []
    for line in response.iter_lines():
        if line.startswith("event:"):
            event = line.split(":", 1)[1].strip()
        elif line.startswith("data:"):
            data.append(line.split(":", 1)[1].strip())
        elif not line and data:
            events.append((event, json.loads("\n".join(data))))
            event, data = "message", []
    return events


@pytest.fixture(scope="module")
def fake() -> Iterator[FakeAnthropicServer]:
    """A fake Messages API for the module; tests script its behaviour and read what it received."""
    with FakeAnthropicServer(chunks=4) as server:
        yield server


def claude_env(fake: FakeAnthropicServer, api_key: str = "sk-test-secret-key", **overrides: str) -> dict[str, str]:
    """Server settings that send every turn through the real SDK to the fake, with generous limits."""
    return {"VC_LLM_PROVIDER": "anthropic", "ANTHROPIC_API_KEY": api_key, "ANTHROPIC_BASE_URL": fake.base_url,
            "VC_MESSAGES_PER_MINUTE": "1000", **overrides}


def open_session(client: httpx.Client) -> int:
    """Start a session with the first client this user can see."""
    client_id = client.get("/clients").json()[0]["id"]
    response = client.post("/sessions", json={"client_id": client_id})
    assert response.status_code == 201, response.text
    return int(response.json()["id"])
