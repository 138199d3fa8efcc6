"""A private model: the API process sends every turn through the real openai SDK to a fake OpenAI-compatible
server over HTTP, and everything that holds for Claude holds here: the ledger, $0 or a configured price, alerts,
limits, health. Outages (fallbacks, the turn deadline, errors mid-stream, the breaker opening and recovering)
run for both providers in test_resilience.py."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from tests.support.api import new_student, open_session, openai_env, read_sse
from tests.support.fake_openai import FakeOpenAIServer
from tests.support.server import ApiServer, query_db, start_api

MODEL = "llama3.1:8b"
KEY = "sk-vllm-secret-key-0123456789"
PRICE = (0.5, 1.5)  # input, output: USD per million tokens, as a school might price its GPU time


@pytest.fixture(scope="module")
def local_fake() -> Iterator[FakeOpenAIServer]:
    """Like Ollama on a laptop: one model served, no key."""
    with FakeOpenAIServer(served_model=MODEL, chunks=4) as fake:
        yield fake


@pytest.fixture(scope="module")
def server(database_url: str, local_fake: FakeOpenAIServer) -> Iterator[ApiServer]:
    api = start_api(database_url, extra_env=openai_env(
        local_fake, VC_LLM_MAX_RETRIES="0",
        VC_ALERT_SESSION_USD="0.00001", VC_ALERT_USER_DAY_USD="0.00002", VC_ALERT_PLATFORM_DAY_USD="0.00003",
    ))
    yield api
    api.stop()


@pytest.fixture
def fresh(local_fake: FakeOpenAIServer) -> Iterator[FakeOpenAIServer]:
    local_fake.reset()
    yield local_fake
    local_fake.reset()


def send(client: httpx.Client, session_id: int, text: str) -> dict[str, Any]:
    response = client.post(f"/sessions/{session_id}/messages", json={"content": text})
    assert response.status_code == 201, response.text
    return response.json()


def stream(client: httpx.Client, session_id: int, text: str) -> list[tuple[str, Any]]:
    with client.stream("POST", f"/sessions/{session_id}/messages/stream", json={"content": text}) as response:
        assert response.status_code == 200
        return read_sse(response)


def ledger(server: ApiServer, session_id: int) -> list[dict[str, Any]]:
    rows = query_db(server.database_url, "SELECT provider, model, cost_usd, usage_estimated, outcome FROM llm_calls "
                                         f"WHERE session_id = {int(session_id)} ORDER BY id")
    return [{"provider": r[0], "model": r[1], "cost_usd": float(r[2]), "usage_estimated": str(r[3]) in ("1", "t"),
             "outcome": r[4]} for r in rows]


class TestLocalTurn:
    def test_the_reply_comes_from_the_local_model_with_its_usage_and_costs_nothing(
        self, server: ApiServer, admin: httpx.Client, fresh: FakeOpenAIServer
    ) -> None:
        with new_student(server, admin, "local") as student:
            session_id = open_session(student)
            first = send(student, session_id, "What brings you in today?")
            second = send(student, session_id, "How has your week been?")
            session = student.get(f"/sessions/{session_id}").json()
        reply = first["reply"]
        assert first["provider"] == reply["provider"] == session["provider"] == "openai_compatible"
        assert session["model"] == MODEL
        assert "What brings you in today" in reply["content"] and reply["is_fallback"] is False
        assert reply["input_tokens"] > 100 and reply["output_tokens"] > 0 and reply["usage_estimated"] is False
        assert reply["cost_usd"] == 0 and second["session"]["cost_usd"] == 0
        sent = fresh.requests[-1]
        assert sent["body"]["model"] == MODEL and "authorization" not in sent["headers"]
        assert [m["role"] for m in sent["body"]["messages"]] == ["system", "user", "assistant", "user"]

    def test_a_streamed_reply_arrives_in_pieces_and_is_stored_whole(
        self, server: ApiServer, admin: httpx.Client, fresh: FakeOpenAIServer
    ) -> None:
        with new_student(server, admin, "stream") as student:
            session_id = open_session(student)
            events = stream(student, session_id, "Tell me about your family.")
            transcript = student.get(f"/sessions/{session_id}/messages").json()
        kinds = [kind for kind, _ in events]
        assert kinds[0] == "message" and kinds[-1] == "done" and kinds.count("delta") >= 2
        streamed_text = "".join(data["text"] for kind, data in events if kind == "delta")
        done = events[-1][1]
        assert done["reply"]["content"] == streamed_text == transcript[-1]["content"]
        assert done["reply"]["usage_estimated"] is False and done["reply"]["output_tokens"] > 0
        assert fresh.requests[-1]["body"]["stream_options"] == {"include_usage": True}

    @pytest.mark.parametrize("streamed", [False, True])
    def test_a_server_that_reports_no_usage_gets_an_estimate_flagged_everywhere(
        self, server: ApiServer, admin: httpx.Client, fresh: FakeOpenAIServer, streamed: bool
    ) -> None:
        fresh.set_default(send_usage=False)
        with new_student(server, admin, "nousage") as student:
            session_id = open_session(student)
            if streamed:
                reply = stream(student, session_id, "Are you sleeping?")[-1][1]["reply"]
            else:
                reply = send(student, session_id, "Are you sleeping?")["reply"]
            stored = student.get(f"/sessions/{session_id}/messages").json()[-1]
        assert reply["usage_estimated"] is True and stored["usage_estimated"] is True
        assert reply["input_tokens"] > 100 and reply["output_tokens"] > 0
        assert ledger(server, session_id) == [{"provider": "openai_compatible", "model": MODEL, "cost_usd": 0.0,
                                               "usage_estimated": True, "outcome": "ok"}]
        assert admin.get("/admin/usage").json()["today"]["estimated_calls"] >= 1

    def test_a_reasoning_models_thinking_never_reaches_the_student(
        self, server: ApiServer, admin: httpx.Client, fresh: FakeOpenAIServer
    ) -> None:
        fresh.set_default(think="Jordan hides the job loss from their partner; keep it back.")
        with new_student(server, admin, "think") as student:
            session_id = open_session(student)
            events = stream(student, session_id, "How are things at home?")
            plain = send(student, session_id, "And at work?")
            transcript = student.get(f"/sessions/{session_id}/messages").json()
        streamed_text = "".join(data["text"] for kind, data in events if kind == "delta")
        for text in (streamed_text, plain["reply"]["content"], *(m["content"] for m in transcript)):
            assert "job loss" not in text and "<think>" not in text
        assert transcript[1]["content"] == streamed_text and "How are things at home" in streamed_text


class TestLocalSpend:
    def test_calls_are_ledgered_at_zero_and_the_model_is_reported_as_not_billed(
        self, server: ApiServer, admin: httpx.Client, fresh: FakeOpenAIServer
    ) -> None:
        with new_student(server, admin, "ledger") as student:
            session_id = open_session(student)
            for text in ("Hi.", "How are you?", "Tell me more."):
                send(student, session_id, text)
        assert [row["cost_usd"] for row in ledger(server, session_id)] == [0.0, 0.0, 0.0]
        usage = admin.get("/admin/usage").json()
        assert usage["unpriced_models"] == [MODEL]
        assert [(b["key"], b["cost_usd"]) for b in usage["by_model"]] == [(MODEL, 0.0)]
        assert not [a for a in admin.get("/admin/alerts").json() if a["subject_id"] == session_id], \
            "a model that costs nothing crosses no cost threshold"

    def test_admin_health_names_the_local_provider_model_and_pricing(self, admin: httpx.Client) -> None:
        health = admin.get("/admin/health").json()
        assert (health["provider"], health["provider_label"], health["model"]) == (
            "openai_compatible", "local model", MODEL)
        assert health["offline_mode"] is False and health["model_priced"] is False
        assert "not billed" in health["pricing_note"] and "VC_PRICING_JSON" in health["pricing_note"]

    def test_the_prompt_preview_says_the_model_is_not_billed(self, admin: httpx.Client) -> None:
        client_id = admin.get("/clients").json()[0]["id"]
        preview = admin.get(f"/clients/{client_id}/prompt-preview").json()
        assert (preview["model"], preview["model_priced"], preview["prompt_cost_per_reply_usd"]) == (MODEL, False, 0)


@pytest.fixture(scope="module")
def priced_fake() -> Iterator[FakeOpenAIServer]:
    """Like vLLM on a GPU server started with --api-key."""
    with FakeOpenAIServer(served_model=MODEL, api_key=KEY) as fake:
        yield fake


@pytest.fixture(scope="module")
def priced(database_url: str, priced_fake: FakeOpenAIServer) -> Iterator[ApiServer]:
    api = start_api(database_url, extra_env=openai_env(
        priced_fake, VC_OPENAI_API_KEY=KEY, VC_LLM_MAX_RETRIES="0", VC_MESSAGES_PER_MINUTE="4",
        VC_PRICING_JSON=json.dumps({MODEL: {"input": PRICE[0], "output": PRICE[1]}}),
        VC_ALERT_SESSION_USD="0.00001", VC_ALERT_USER_DAY_USD="0.00002", VC_ALERT_PLATFORM_DAY_USD="0.00003",
    ))
    yield api
    api.stop()


@pytest.fixture(scope="module")
def priced_admin(priced: ApiServer) -> Iterator[httpx.Client]:
    with priced.client("admin@example.com") as client:
        yield client


class TestPricedLocalModel:
    def test_a_configured_price_is_billed_and_alerts_fire_once(
        self, priced: ApiServer, priced_admin: httpx.Client, priced_fake: FakeOpenAIServer
    ) -> None:
        with new_student(priced, priced_admin, "priced") as student:
            session_id = open_session(student)
            replies = [send(student, session_id, text)["reply"] for text in ("Hi.", "How are you?", "Go on.")]
        for reply in replies:
            hand = (reply["input_tokens"] * PRICE[0] + reply["output_tokens"] * PRICE[1]) / 1e6
            assert reply["cost_usd"] == pytest.approx(hand, rel=1e-6) and hand > 0
        assert [row["cost_usd"] for row in ledger(priced, session_id)] == pytest.approx(
            [reply["cost_usd"] for reply in replies])
        alerts = [a for a in priced_admin.get("/admin/alerts").json()
                  if a["scope"] == "session" and a["subject_id"] == session_id]
        assert len(alerts) == 1
        assert priced_admin.get("/admin/usage").json()["unpriced_models"] == []
        health = priced_admin.get("/admin/health").json()
        assert health["model_priced"] is True and "$0.5 input / $1.5 output" in health["pricing_note"]

    def test_the_per_minute_limit_refuses_before_the_model_is_asked(
        self, priced: ApiServer, priced_admin: httpx.Client, priced_fake: FakeOpenAIServer
    ) -> None:
        with new_student(priced, priced_admin, "fast") as student:
            session_id = open_session(student)
            before = priced_fake.request_count
            statuses = [student.post(f"/sessions/{session_id}/messages", json={"content": f"quick {i}"}).status_code
                        for i in range(5)]
            transcript = student.get(f"/sessions/{session_id}/messages").json()
        assert statuses == [201] * 4 + [429]
        assert priced_fake.request_count - before == 4 and len(transcript) == 8

    def test_the_key_reaches_the_server_but_never_the_logs(
        self, priced: ApiServer, priced_admin: httpx.Client, priced_fake: FakeOpenAIServer
    ) -> None:
        with new_student(priced, priced_admin, "keyed") as student:
            session_id = open_session(student)
            priced_fake.script(["auth_error"])
            refused = send(student, session_id, "Hello?")["reply"]
        assert refused["is_fallback"] is True
        assert priced_fake.requests[-1]["headers"]["authorization"].startswith("Bearer sk-vl")
        errors = [e for e in priced_admin.get("/admin/errors").json() if e["session_id"] == session_id]
        assert [e["kind"] for e in errors] == ["auth"]
        assert KEY not in priced.log() and KEY not in str(errors)
