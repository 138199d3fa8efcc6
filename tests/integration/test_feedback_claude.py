"""The model evaluator for real: the SDK in the API process calls the fake Messages API, which answers with tool_use."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from backend.schemas.evaluation import STUDENT_FALLBACK
from tests.support.api import claude_env, new_student
from tests.support.fake_anthropic import FakeAnthropicServer
from tests.support.feedback import finished_conversation, valid_answer
from tests.support.server import ApiServer, query_db, start_api

SONNET = (3.00, 15.00)  # input, output: USD per million tokens
KEYS = ["engagement_empathy", "open_questions", "reflective_listening", "avoiding_premature_advice",
        "safety_exploration"]


@pytest.fixture(scope="module")
def server(database_url: str, fake: FakeAnthropicServer) -> Iterator[ApiServer]:
    # Conversations on Haiku, evaluations on Sonnet: the ledger and the request show which model did what.
    api = start_api(database_url, extra_env=claude_env(fake, VC_MODEL="claude-haiku-4-5",
                                                       VC_EVAL_MODEL="claude-sonnet-4-6", VC_LLM_MAX_RETRIES="0"))
    yield api
    api.stop()


@pytest.fixture
def conversation(server: ApiServer, admin: httpx.Client, published_client: dict[str, Any],
                 fake: FakeAnthropicServer) -> Iterator[tuple[httpx.Client, int, dict[int, str]]]:
    """A fresh student's ended conversation (replies from the fake), and their messages by id."""
    fake.reset()
    with new_student(server, admin, "evaluated") as student:
        session_id = finished_conversation(student, published_client["id"])
        mine = {m["id"]: m["content"] for m in student.get(f"/sessions/{session_id}/messages").json()
                if m["role"] == "user"}
        yield student, session_id, mine


def answer_for(mine: dict[int, str], **changes: Any) -> dict[str, Any]:
    return {**valid_answer(mine, [], KEYS), **changes}


def with_bad_quote(mine: dict[int, str]) -> dict[str, Any]:
    data = answer_for(mine)
    data["criteria"][1]["evidence"] = [{"message_id": next(iter(mine)), "quote": "Tell me about your childhood."}]
    return data


def evaluation_calls(server: ApiServer, session_id: int) -> list[tuple[Any, ...]]:
    """(model, outcome, error, cost, input tokens, output tokens) per evaluation call; NULL is None on both
    databases (psql prints it as an empty string)."""
    rows = query_db(server.database_url, "SELECT model, outcome, error, cost_usd, input_tokens, output_tokens "
                                         f"FROM llm_calls WHERE session_id = {session_id} AND purpose = 'evaluation' "
                                         "ORDER BY id")
    return [tuple(None if value == "" else value for value in row) for row in rows]


class TestModelEvaluation:
    def test_a_valid_tool_answer_becomes_the_evaluation_with_its_cost_in_the_ledger(
            self, server: ApiServer, fake: FakeAnthropicServer, conversation: tuple[httpx.Client, int, dict]) -> None:
        student, session_id, mine = conversation
        fake.script([{"behavior": "ok", "tool_input": answer_for(mine)}])
        evaluation = student.post(f"/sessions/{session_id}/evaluation").json()
        assert evaluation["status"] == "ready" and evaluation["provider"] == "anthropic"
        assert evaluation["model"] == "claude-sonnet-4-6" and evaluation["approximate"] is False
        assert evaluation["fallback_reason"] is None
        # safety is not assessed: no risk came up (its weight goes to the others, so the total stays 75)
        assert [c["score"] for c in evaluation["criteria"]] == [3] * 4 + [None] and evaluation["total_score"] == 75.0
        first_id = next(iter(mine))
        assert evaluation["criteria"][0]["evidence"][0]["message_id"] == first_id
        # metrics are computed from the model's codes: two questions, one reflection
        assert evaluation["metrics"]["reflection_to_question_ratio"] == 0.5
        assert evaluation["next_step"]["rewrite"] == "Thanks for coming in. Where would you like to start today?"
        sent = fake.requests[-1]["body"]
        assert sent["model"] == "claude-sonnet-4-6" and sent["tool_choice"]["name"] == "record_evaluation"
        assert f"[{first_id}] STUDENT: {mine[first_id]}" in sent["messages"][0]["content"][0]["text"]
        [(model, outcome, error, cost, input_tokens, output_tokens)] = evaluation_calls(server, session_id)
        assert (model, outcome, error) == ("claude-sonnet-4-6", "ok", None)
        hand_cost = (int(input_tokens) * SONNET[0] + int(output_tokens) * SONNET[1]) / 1e6
        assert float(cost) == pytest.approx(hand_cost, rel=1e-6) and float(cost) > 0
        assert evaluation["cost_usd"] == pytest.approx(hand_cost, rel=1e-6)

    def test_evidence_that_does_not_match_is_rejected_and_asked_for_again(
            self, server: ApiServer, fake: FakeAnthropicServer, conversation: tuple[httpx.Client, int, dict]) -> None:
        student, session_id, mine = conversation
        fake.script([{"behavior": "ok", "tool_input": with_bad_quote(mine)},
                     {"behavior": "ok", "tool_input": answer_for(mine)}])
        evaluation = student.post(f"/sessions/{session_id}/evaluation").json()
        assert evaluation["provider"] == "anthropic" and evaluation["approximate"] is False
        retry = fake.requests[-1]["body"]["messages"][0]["content"][0]["text"]
        assert "rejected for these reasons" in retry
        assert "'Tell me about your childhood.' is not found verbatim" in retry
        rejected, kept = evaluation_calls(server, session_id)
        assert rejected[1] == "ok" and "answer rejected" in rejected[2] and "not found verbatim" in rejected[2]
        assert kept[2] is None
        assert evaluation["cost_usd"] == pytest.approx(float(rejected[3]) + float(kept[3]), rel=1e-6)

    def test_evidence_that_never_matches_falls_back_to_the_offline_evaluator_and_says_so(
            self, server: ApiServer, fake: FakeAnthropicServer, conversation: tuple[httpx.Client, int, dict],
            admin: httpx.Client) -> None:
        student, session_id, mine = conversation
        fake.script([{"behavior": "ok", "tool_input": with_bad_quote(mine)}] * 2)
        evaluation = student.post(f"/sessions/{session_id}/evaluation").json()
        assert evaluation["status"] == "ready" and evaluation["provider"] == "offline"
        assert evaluation["approximate"] is True
        assert evaluation["fallback_reason"] == STUDENT_FALLBACK, "the validator's reasons are for staff"
        reason = admin.get(f"/sessions/{session_id}/evaluation").json()["fallback_reason"]
        assert "failed our checks twice" in reason and "not found verbatim" in reason
        assert all(c["rationale"].startswith(("Approximate", "Not assessed")) for c in evaluation["criteria"])
        assert len(evaluation_calls(server, session_id)) == 2 and evaluation["cost_usd"] > 0
        logged = admin.get("/admin/errors", params={"source": "evaluation"}).json()
        assert any(e["session_id"] == session_id and e["kind"] == "fallback" for e in logged)

    def test_malformed_output_is_retried_then_falls_back(
            self, server: ApiServer, fake: FakeAnthropicServer, conversation: tuple[httpx.Client, int, dict],
            admin: httpx.Client) -> None:
        student, session_id, _ = conversation
        fake.script([{"behavior": "ok", "tool_input": {"utterances": "all good"}},
                     {"behavior": "ok", "tool_input": {"verdict": "fine"}}])
        evaluation = student.post(f"/sessions/{session_id}/evaluation").json()
        assert evaluation["provider"] == "offline"
        assert "failed our checks twice" in admin.get(f"/sessions/{session_id}/evaluation").json()["fallback_reason"]
        assert [request["behavior"] for request in fake.requests[-2:]] == ["ok", "ok"]
        assert [row[1] for row in evaluation_calls(server, session_id)] == ["ok", "ok"]

    def test_a_broken_response_body_counts_as_output_to_retry(
            self, server: ApiServer, fake: FakeAnthropicServer, conversation: tuple[httpx.Client, int, dict]) -> None:
        student, session_id, mine = conversation
        fake.script(["malformed", {"behavior": "ok", "tool_input": answer_for(mine)}])
        evaluation = student.post(f"/sessions/{session_id}/evaluation").json()
        assert evaluation["provider"] == "anthropic" and evaluation["approximate"] is False
        assert [row[1] for row in evaluation_calls(server, session_id)] == ["error", "ok"]

    def test_an_unreachable_model_falls_back_at_once(
            self, server: ApiServer, fake: FakeAnthropicServer, conversation: tuple[httpx.Client, int, dict],
            admin: httpx.Client) -> None:
        student, session_id, _ = conversation
        fake.script(["overloaded"])
        evaluation = student.post(f"/sessions/{session_id}/evaluation").json()
        assert evaluation["provider"] == "offline" and evaluation["fallback_reason"] == STUDENT_FALLBACK
        reason = admin.get(f"/sessions/{session_id}/evaluation").json()["fallback_reason"]
        assert "could not be reached (overloaded)" in reason
        assert [row[1] for row in evaluation_calls(server, session_id)] == ["error"]


def test_the_admin_sees_cost_split_by_purpose(server: ApiServer, admin: httpx.Client, fake: FakeAnthropicServer,
                                              conversation: tuple[httpx.Client, int, dict]) -> None:
    student, session_id, mine = conversation
    fake.script([{"behavior": "ok", "tool_input": answer_for(mine)}])
    student.post(f"/sessions/{session_id}/evaluation")
    usage = admin.get("/admin/usage").json()
    purposes = {bucket["key"]: bucket for bucket in usage["by_purpose"]}
    assert {"conversation", "evaluation"} <= set(purposes)
    assert purposes["evaluation"]["label"] == "Evaluations" and purposes["evaluation"]["cost_usd"] > 0
    assert purposes["conversation"]["calls"] >= 4
    assert sum(b["cost_usd"] for b in usage["by_purpose"]) == pytest.approx(usage["today"]["cost_usd"], rel=1e-6)
    assert sum(b["calls"] for b in usage["by_purpose"]) == usage["today"]["calls"]
