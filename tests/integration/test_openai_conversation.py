"""A private model: the API process sends every turn through the real openai SDK to a fake OpenAI-compatible
server over HTTP, and everything that holds for Claude holds here (storage first, fallbacks, the breaker, the
deadline, the ledger, alerts, limits, health)."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from tests.support.api import new_student, open_session, openai_env, read_sse
from tests.support.fake_openai import FakeOpenAIServer
from tests.support.server import ApiServer, query_db, start_api

MODEL = "llama3.1:8b"
COOLDOWN_S = 2.0
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
        local_fake, VC_LLM_MAX_RETRIES="0", VC_LLM_TIMEOUT_SECONDS="1", VC_LLM_TURN_DEADLINE_SECONDS="3",
        VC_BREAKER_FAILURES="3", VC_BREAKER_COOLDOWN_SECONDS=str(COOLDOWN_S),
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


class TestLocalOutages:
    @pytest.mark.parametrize(("behavior", "kind"), [
        ("overloaded", "overloaded"), ("server_error", "server"), ("malformed", "bad_response"),
        ("rate_limited", "rate_limited"),
    ])
    def test_a_failed_call_gets_an_in_character_fallback_and_keeps_the_message(
        self, server: ApiServer, admin: httpx.Client, fresh: FakeOpenAIServer, behavior: str, kind: str
    ) -> None:
        with new_student(server, admin, "outage") as student:
            session_id = open_session(student)
            fresh.script([behavior])
            body = send(student, session_id, f"Are you okay? ({behavior})")
            transcript = student.get(f"/sessions/{session_id}/messages").json()
            send(student, session_id, "Let's continue.")  # a good turn closes the circuit again
        reply = body["reply"]
        assert reply["is_fallback"] is True and reply["cost_usd"] == 0 and reply["provider"] == "openai_compatible"
        assert "error" not in reply["content"].lower()
        assert transcript[0]["content"] == f"Are you okay? ({behavior})"
        errors = [e for e in admin.get("/admin/errors", params={"source": "llm"}).json()
                  if e["session_id"] == session_id]
        assert [e["kind"] for e in errors] == [kind]
        assert errors[0]["context"]["provider"] == "openai_compatible"
        assert ledger(server, session_id)[0]["outcome"] == "error"

    def test_a_hanging_server_is_cut_off_within_the_turn_deadline(
        self, server: ApiServer, admin: httpx.Client, fresh: FakeOpenAIServer
    ) -> None:
        with new_student(server, admin, "hang") as student:
            session_id = open_session(student)
            fresh.script([{"behavior": "hang", "hang_seconds": 20}])
            started = time.monotonic()
            body = send(student, session_id, "Hello? Is anyone there?")
            elapsed = time.monotonic() - started
            send(student, session_id, "Okay, again.")
        assert elapsed < 4.5 and body["reply"]["is_fallback"] is True
        kinds = [e["kind"] for e in admin.get("/admin/errors").json() if e["session_id"] == session_id]
        assert kinds == ["timeout"]

    def test_an_error_mid_stream_is_discarded_and_replaced_by_a_fallback(
        self, server: ApiServer, admin: httpx.Client, fresh: FakeOpenAIServer
    ) -> None:
        with new_student(server, admin, "midstream") as student:
            session_id = open_session(student)
            fresh.script(["stream_error"])
            events = stream(student, session_id, "What happened next?")
            transcript = student.get(f"/sessions/{session_id}/messages").json()
            send(student, session_id, "Go on.")
        kinds = [kind for kind, _ in events]
        assert "discard" in kinds and kinds[-1] == "done"
        fallback_text = "".join(d["text"] for k, d in events[kinds.index("discard"):] if k == "delta")
        done = events[-1][1]
        assert done["reply"]["is_fallback"] is True
        assert done["reply"]["content"] == fallback_text == transcript[-1]["content"]
        assert transcript[0]["content"] == "What happened next?"

    def test_the_circuit_opens_refuses_calls_and_recovers_after_cooldown(
        self, server: ApiServer, admin: httpx.Client, fresh: FakeOpenAIServer
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
            assert fresh.request_count == 3, "the open circuit must not call the server"
            fresh.set_default("ok")
            time.sleep(COOLDOWN_S + 0.3)
            recovered = send(other, other_session, "Shall we try again?")
        assert recovered["reply"]["is_fallback"] is False and fresh.request_count == 4
        health = admin.get("/admin/health").json()
        assert health["circuit_state"] == "closed" and health["consecutive_failures"] == 0
        circuit = [e for e in admin.get("/admin/errors").json() if e["session_id"] == other_session]
        assert [e["kind"] for e in circuit] == ["circuit_open"]


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
