"""Helpers for tests that speak HTTP to a running API: a sample persona, accounts, sessions and SSE parsing."""

from __future__ import annotations

import json
import uuid
from typing import Any

import httpx

from tests.support.fake_anthropic import FakeAnthropicServer
from tests.support.fake_openai import FakeOpenAIServer
from tests.support.server import ApiServer

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
    "hidden_facts": [{"fact": "Jordan has been hiding the job loss from their partner.",
                      "unlock": "a reflection of the shame behind their jokes"}],
    "goals": "Find work and sleep through the night.",
}


def new_student(server: ApiServer, admin: httpx.Client, label: str) -> httpx.Client:
    """A student of one's own, so limits and totals in one test never leak into another."""
    email = f"{label}.{uuid.uuid4().hex[:8]}@example.com"
    response = admin.post("/users", json={"email": email, "display_name": label.title(), "role": "student",
                                          "password": "student-pass-123"})
    assert response.status_code == 201, response.text
    return httpx.Client(base_url=server.api, timeout=60,
                        headers={"Authorization": f"Bearer {server.token(email, 'student-pass-123')}"})


def read_sse(response: httpx.Response) -> list[tuple[str, Any]]:
    """Parse a text/event-stream body into (event, data) pairs."""
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


def claude_env(fake: FakeAnthropicServer, api_key: str = "sk-test-secret-key", **overrides: str) -> dict[str, str]:
    """Server settings that send every turn through the real SDK to the fake, with generous limits."""
    return {"VC_LLM_PROVIDER": "anthropic", "ANTHROPIC_API_KEY": api_key, "ANTHROPIC_BASE_URL": fake.base_url,
            "VC_MESSAGES_PER_MINUTE": "1000", **overrides}


def openai_env(fake: FakeOpenAIServer, model: str = "llama3.1:8b", **overrides: str) -> dict[str, str]:
    """Server settings that send every turn through the real openai SDK to the fake, with generous limits: a private
    model caches nothing, so each call's whole prompt counts against the day's tokens (a persona check is ~100k)."""
    return {"VC_LLM_PROVIDER": "openai_compatible", "VC_OPENAI_BASE_URL": fake.v1_url, "VC_MODEL": model,
            "VC_MESSAGES_PER_MINUTE": "1000", "VC_TOKENS_PER_DAY": "2000000", **overrides}


def open_session(client: httpx.Client) -> int:
    """Start a session with the first client this user can see."""
    client_id = client.get("/clients").json()[0]["id"]
    response = client.post("/sessions", json={"client_id": client_id})
    assert response.status_code == 201, response.text
    return int(response.json()["id"])


def haiku_min_cacheable_in_fake_units() -> int:
    """Haiku 4.5's 4,096-token cacheable minimum in the fake's units for our prompt.

    The fake counts ceil(chars/4) per block, about a quarter fewer tokens than Claude's tokenizer finds in
    English prose (estimated as cl100k x 1.35), so the same minimum in the fake's units is proportionally lower:
    with it, the scaffold alone is cacheable in the fake exactly as it is on Haiku 4.5.
    """
    from backend.llm.tokens import estimate_claude_tokens
    from backend.services.prompting.scaffold import SCAFFOLD

    fake_tokens = -(-len(SCAFFOLD) // 4)
    return round(4096 * fake_tokens / estimate_claude_tokens([SCAFFOLD], "claude-haiku-4-5"))


def fake_tokens(text: str) -> int:
    """How the fake counts a block (tests/support/fake_anthropic.py)."""
    return max(1, -(-len(text) // 4))
