"""An LLM outage never loses a word: fallbacks, the circuit breaker, hangs, bad bodies and rate limits.

Every test runs against Claude and against a private OpenAI-compatible server: the fakes share behaviour names.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from tests.support.api import claude_env, new_student, open_session, openai_env, read_sse
from tests.support.fake_anthropic import FakeAnthropicServer
from tests.support.fake_http import FakeHttpServer
from tests.support.fake_openai import FakeOpenAIServer
from tests.support.server import ApiServer, start_api

COOLDOWN_S = 2.0
KINDS = {"overloaded": "overloaded", "server_error": "server", "malformed": "bad_response"}  # the same for both


@pytest.fixture(scope="module", params=["anthropic", "openai_compatible"])
def provider(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture(scope="module")
def fake(provider: str) -> Iterator[FakeHttpServer[Any]]:
    """Claude's Messages API (529 overloads) or a private chat-completions server (503 overloads)."""
    with (FakeAnthropicServer(chunks=4) if provider == "anthropic" else FakeOpenAIServer(chunks=4)) as server:
        yield server


@pytest.fixture(scope="module")
def server(database_url: str, provider: str, fake: Any) -> Iterator[ApiServer]:
    env = claude_env if provider == "anthropic" else openai_env
    api = start_api(database_url, extra_env=env(
        fake, VC_LLM_MAX_RETRIES="0", VC_LLM_TIMEOUT_SECONDS="1", VC_LLM_TURN_DEADLINE_SECONDS="3",
        VC_BREAKER_FAILURES="3", VC_BREAKER_COOLDOWN_SECONDS=str(COOLDOWN_S), VC_MESSAGES_PER_MINUTE="6",
    ))
    yield api
    api.stop()


@pytest.fixture
def fresh(fake: FakeHttpServer[Any], admin: httpx.Client) -> Iterator[FakeHttpServer[Any]]:
    """Each test starts with a healthy fake and a closed circuit (one good turn closes it)."""
    fake.reset()
    yield fake
    fake.reset()




def send(client: httpx.Client, session_id: int, text: str) -> dict:
    response = client.post(f"/sessions/{session_id}/messages", json={"content": text})
    assert response.status_code == 201, response.text
    return response.json()


class TestFallbacks:
    @pytest.mark.parametrize("behavior", ["overloaded", "server_error", "malformed"])
    def test_a_failed_call_gets_an_in_character_fallback_and_keeps_the_message(
        self, server: ApiServer, admin: httpx.Client, fresh: FakeHttpServer[Any], behavior: str, provider: str
    ) -> None:
        with new_student(server, admin, "outage") as student:
            session_id = open_session(student)
            fresh.script([behavior])
            body = send(student, session_id, f"Are you okay? ({behavior})")
            transcript = student.get(f"/sessions/{session_id}/messages").json()
            send(student, session_id, "Let's continue.")  # a good turn closes the circuit again
        assert body["reply"]["is_fallback"] is True and body["reply"]["provider"] == provider
        assert body["reply"]["cost_usd"] == 0
        assert "AI" not in body["reply"]["content"] and "error" not in body["reply"]["content"].lower()
        assert transcript[0]["content"] == f"Are you okay? ({behavior})"
        errors = [e for e in admin.get("/admin/errors", params={"source": "llm"}).json()
                  if e["session_id"] == session_id]
        assert [(e["kind"], e["context"]["provider"]) for e in errors] == [(KINDS[behavior], provider)]
        assert "sk-test-secret-key" not in str(errors)

    def test_a_hanging_api_is_cut_off_within_the_bound(self, server: ApiServer, admin: httpx.Client,
                                                       fresh: FakeHttpServer[Any]) -> None:
        with new_student(server, admin, "hang") as student:
            session_id = open_session(student)
            fresh.script([{"behavior": "hang", "hang_seconds": 20}])
            started = time.monotonic()
            body = send(student, session_id, "Hello? Is anyone there?")
            elapsed = time.monotonic() - started
            send(student, session_id, "Okay, again.")
        assert elapsed < 4.5
        assert body["reply"]["is_fallback"] is True
        kinds = [e["kind"] for e in admin.get("/admin/errors").json() if e["session_id"] == session_id]
        assert "timeout" in kinds

    def test_an_error_mid_stream_is_discarded_and_replaced_by_a_fallback(
        self, server: ApiServer, admin: httpx.Client, fresh: FakeHttpServer[Any]
    ) -> None:
        with new_student(server, admin, "midstream") as student:
            session_id = open_session(student)
            fresh.script(["stream_error"])
            with student.stream("POST", f"/sessions/{session_id}/messages/stream",
                                json={"content": "What happened next?"}) as response:
                events = read_sse(response)
            transcript = student.get(f"/sessions/{session_id}/messages").json()
            send(student, session_id, "Go on.")
        kinds = [kind for kind, _ in events]
        assert "discard" in kinds and kinds[-1] == "done"
        after_discard = kinds.index("discard")
        fallback_text = "".join(d["text"] for k, d in events[after_discard:] if k == "delta")
        done = events[-1][1]
        assert done["reply"]["is_fallback"] is True
        assert done["reply"]["content"] == fallback_text == transcript[-1]["content"]
        assert transcript[0]["content"] == "What happened next?"


class TestCircuitBreaker:
    def test_circuit_opens_refuses_calls_and_recovers_after_cooldown(
        self, server: ApiServer, admin: httpx.Client, fresh: FakeHttpServer[Any]
    ) -> None:
        fresh.set_default("overloaded")
        with new_student(server, admin, "breaker") as student, new_student(server, admin, "breaker2") as other:
            session_id = open_session(student)
            for i in range(3):
                assert send(student, session_id, f"try {i}")["reply"]["is_fallback"] is True
            assert fresh.request_count == 3
            assert admin.get("/admin/health").json()["circuit_state"] == "open"

            other_session = open_session(other)
            refused = send(other, other_session, "Hi, are you there?")
            assert refused["reply"]["is_fallback"] is True
            assert fresh.request_count == 3, "the open circuit must not call the provider"
            assert other.get(f"/sessions/{other_session}/messages").json()[0]["content"] == "Hi, are you there?"

            fresh.set_default("ok")
            time.sleep(COOLDOWN_S + 0.3)
            recovered = send(other, other_session, "Shall we try again?")
        assert recovered["reply"]["is_fallback"] is False
        assert fresh.request_count == 4
        health = admin.get("/admin/health").json()
        assert health["circuit_state"] == "closed" and health["consecutive_failures"] == 0

    def test_a_429_with_retry_after_becomes_a_fallback_not_an_error(
        self, server: ApiServer, admin: httpx.Client, fresh: FakeHttpServer[Any]
    ) -> None:
        with new_student(server, admin, "throttled") as student:
            session_id = open_session(student)
            fresh.script([{"behavior": "rate_limited", "retry_after": 1}])
            body = send(student, session_id, "Hello.")
            send(student, session_id, "Hello again.")
        assert body["reply"]["is_fallback"] is True
        kinds = [e["kind"] for e in admin.get("/admin/errors").json() if e["session_id"] == session_id]
        assert "rate_limited" in kinds


class TestRateLimits:
    def test_a_student_over_the_per_minute_limit_gets_429_with_retry_after(
        self, server: ApiServer, admin: httpx.Client, fresh: FakeHttpServer[Any]
    ) -> None:
        with new_student(server, admin, "fast") as student:
            session_id = open_session(student)
            statuses = [student.post(f"/sessions/{session_id}/messages", json={"content": f"quick {i}"})
                        for i in range(7)]
            transcript = student.get(f"/sessions/{session_id}/messages").json()
        assert [r.status_code for r in statuses] == [201] * 6 + [429]
        refused = statuses[-1]
        assert 1 <= int(refused.headers["Retry-After"]) <= 60
        assert "per minute" in refused.json()["detail"]
        assert len(transcript) == 12, "a refused message is not half-stored"
