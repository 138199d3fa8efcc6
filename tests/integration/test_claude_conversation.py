"""The real Claude path: the official SDK in the API process talks to a fake Messages API over real HTTP."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from tests.support.api import claude_env, new_student, open_session, read_sse
from tests.support.fake_anthropic import FakeAnthropicServer
from tests.support.server import ApiServer, start_api

HAIKU = (1.00, 5.00, 1.25, 0.10)  # input, output, cache write, cache read: USD per million tokens


@pytest.fixture(scope="module")
def server(database_url: str, fake: FakeAnthropicServer) -> Iterator[ApiServer]:
    # Tiny thresholds so a few fake turns cross every one of them.
    api = start_api(database_url, extra_env=claude_env(
        fake, VC_MODEL="claude-haiku-4-5", VC_ALERT_SESSION_USD="0.00001", VC_ALERT_USER_DAY_USD="0.00002",
        VC_ALERT_PLATFORM_DAY_USD="0.00003",
    ))
    yield api
    api.stop()


@pytest.fixture
def fresh(fake: FakeAnthropicServer) -> FakeAnthropicServer:
    fake.reset()
    return fake


def hand_cost(message: dict[str, Any], prices: tuple[float, float, float, float]) -> float:
    return (message["input_tokens"] * prices[0] + message["output_tokens"] * prices[1]
            + message["cache_creation_tokens"] * prices[2] + message["cache_read_tokens"] * prices[3]) / 1e6




class TestClaudeTurn:
    def test_reply_comes_from_claude_with_usage_and_hand_computed_cost(
        self, server: ApiServer, admin: httpx.Client, fresh: FakeAnthropicServer
    ) -> None:
        with new_student(server, admin, "claude") as student:
            session_id = open_session(student)
            body = student.post(f"/sessions/{session_id}/messages",
                                json={"content": "What brings you in today?"}).json()
        reply = body["reply"]
        assert body["provider"] == "anthropic" and reply["provider"] == "anthropic"
        assert "What brings you in today" in reply["content"]
        assert reply["input_tokens"] + reply["cache_creation_tokens"] > 0 and reply["output_tokens"] > 0
        assert reply["cost_usd"] == pytest.approx(hand_cost(reply, HAIKU), rel=1e-6)
        assert body["session"]["cost_usd"] == pytest.approx(reply["cost_usd"], rel=1e-6)
        sent = fresh.requests[-1]["body"]
        assert sent["model"] == "claude-haiku-4-5"
        assert sent["system"][0]["cache_control"] == {"type": "ephemeral"}
        assert [m["role"] for m in sent["messages"]] == ["user"]

    def test_second_turn_reads_the_cached_prefix(self, server: ApiServer, admin: httpx.Client,
                                                 fresh: FakeAnthropicServer) -> None:
        with new_student(server, admin, "cache") as student:
            session_id = open_session(student)
            first = student.post(f"/sessions/{session_id}/messages", json={"content": "Hello."}).json()["reply"]
            second = student.post(f"/sessions/{session_id}/messages",
                                  json={"content": "How has your week been?"}).json()
        assert first["cache_creation_tokens"] > 0
        assert second["reply"]["cache_read_tokens"] > 0
        assert second["reply"]["cost_usd"] == pytest.approx(hand_cost(second["reply"], HAIKU), rel=1e-6)
        assert second["session"]["cache_read_tokens"] == first["cache_read_tokens"] + second["reply"][
            "cache_read_tokens"]
        roles = [m["role"] for m in fresh.requests[-1]["body"]["messages"]]
        assert roles == ["user", "assistant", "user"]

    def test_streamed_reply_arrives_in_deltas_and_is_stored_whole(
        self, server: ApiServer, admin: httpx.Client, fresh: FakeAnthropicServer
    ) -> None:
        with new_student(server, admin, "stream") as student:
            session_id = open_session(student)
            with student.stream("POST", f"/sessions/{session_id}/messages/stream",
                                json={"content": "Tell me about your family."}) as response:
                assert response.status_code == 200
                assert response.headers["content-type"].startswith("text/event-stream")
                events = read_sse(response)
            transcript = student.get(f"/sessions/{session_id}/messages").json()
        kinds = [kind for kind, _ in events]
        assert kinds[0] == "message" and kinds[-1] == "done"
        assert kinds.count("delta") >= 2
        streamed_text = "".join(data["text"] for kind, data in events if kind == "delta")
        done = events[-1][1]
        assert done["reply"]["content"] == streamed_text == transcript[-1]["content"]
        assert done["reply"]["is_fallback"] is False
        assert done["reply"]["cost_usd"] > 0
        assert fresh.requests[-1]["body"]["stream"] is True

    def test_a_client_that_disconnects_mid_stream_still_leaves_the_full_reply(
        self, server: ApiServer, admin: httpx.Client, fresh: FakeAnthropicServer
    ) -> None:
        fresh.set_default(latency=1.5, chunks=6)
        with new_student(server, admin, "leaver") as student:
            session_id = open_session(student)
            with student.stream("POST", f"/sessions/{session_id}/messages/stream",
                                json={"content": "I have to go soon."}) as response:
                for line in response.iter_lines():
                    if line.startswith("event: delta"):
                        break
            import time

            deadline = time.monotonic() + 10
            transcript: list[dict[str, Any]] = []
            while time.monotonic() < deadline:
                transcript = student.get(f"/sessions/{session_id}/messages").json()
                if len(transcript) == 2:
                    break
                time.sleep(0.2)
            session = student.get(f"/sessions/{session_id}").json()
        assert [m["role"] for m in transcript] == ["user", "assistant"]
        assert "I have to go soon" in transcript[1]["content"]
        assert transcript[1]["is_fallback"] is False
        assert session["message_count"] == 2 and session["cost_usd"] > 0


class TestSpendVisibility:
    def test_prompt_preview_prices_the_prompt_paid_on_every_reply(self, server: ApiServer, admin: httpx.Client) -> None:
        client_id = admin.get("/clients").json()[0]["id"]
        preview = admin.get(f"/clients/{client_id}/prompt-preview").json()
        assert preview["model"] == "claude-haiku-4-5"
        # Haiku 4.5 reads ~1.35 tokens per cl100k token; the prompt is billed as plain input on every reply
        assert preview["estimated_model_tokens"] > preview["estimated_tokens"] > 100
        assert preview["prompt_cost_per_reply_usd"] == pytest.approx(
            preview["estimated_model_tokens"] * HAIKU[0] / 1e6, rel=1e-6)

    def test_each_threshold_fires_once_and_usage_adds_up(self, server: ApiServer, admin: httpx.Client,
                                                         fresh: FakeAnthropicServer) -> None:
        with new_student(server, admin, "spender") as student:
            session_id = open_session(student)
            for text in ("Hi.", "How are you?", "Tell me more."):
                assert student.post(f"/sessions/{session_id}/messages", json={"content": text}).status_code == 201
            me = student.get("/auth/me").json()
        alerts = admin.get("/admin/alerts").json()
        session_alerts = [a for a in alerts if a["scope"] == "session" and a["subject_id"] == session_id]
        user_alerts = [a for a in alerts if a["scope"] == "user_day" and a["subject_id"] == me["id"]]
        platform_alerts = [a for a in alerts if a["scope"] == "platform_day"]
        assert len(session_alerts) == 1 and len(user_alerts) == 1 and len(platform_alerts) == 1
        assert session_alerts[0]["amount_usd"] > session_alerts[0]["threshold_usd"]

        usage = admin.get("/admin/usage").json()
        assert usage["today"]["calls"] >= 3
        assert usage["by_model"][0]["key"].startswith("claude-haiku-4-5")
        assert "Demo Teacher" in [bucket["label"] for bucket in usage["by_teacher"]]
        sessions = admin.get("/sessions", params={"limit": 500}).json()
        assert usage["today"]["cost_usd"] == pytest.approx(sum(s["cost_usd"] for s in sessions), rel=1e-4)

    def test_admin_health_reports_claude_closed_circuit_and_latency(self, admin: httpx.Client) -> None:
        health = admin.get("/admin/health").json()
        assert health["provider"] == "anthropic" and health["offline_mode"] is False
        assert health["model"] == "claude-haiku-4-5"
        assert health["circuit_state"] == "closed"
        assert health["recent_calls"] >= 1 and health["latency_p50_ms"] is not None

    def test_no_secret_reaches_the_logs_or_the_error_log(self, server: ApiServer, admin: httpx.Client) -> None:
        assert "sk-test-secret-key" not in server.log()
        assert "sk-test-secret-key" not in admin.get("/admin/errors").text
