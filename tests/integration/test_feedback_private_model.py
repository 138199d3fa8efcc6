"""The same evaluation through a private OpenAI-compatible server: one structured call, no provider-specific code."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from tests.support.api import new_student, openai_env
from tests.support.fake_openai import FakeOpenAIServer
from tests.support.feedback import finished_conversation, valid_answer
from tests.support.server import ApiServer, query_db, start_api

KEYS = ["engagement_empathy", "open_questions", "reflective_listening", "avoiding_premature_advice",
        "safety_exploration"]


@pytest.fixture(scope="module")
def private() -> Iterator[FakeOpenAIServer]:
    with FakeOpenAIServer(served_model="llama3.1:8b") as server:
        yield server


@pytest.fixture(scope="module")
def server(database_url: str, private: FakeOpenAIServer) -> Iterator[ApiServer]:
    api = start_api(database_url, extra_env=openai_env(private, VC_LLM_MAX_RETRIES="0"))
    yield api
    api.stop()


def test_a_private_server_evaluates_with_the_model_it_serves_and_bills_nothing(
        server: ApiServer, admin: httpx.Client, published_client: dict[str, Any], private: FakeOpenAIServer) -> None:
    with new_student(server, admin, "private") as student:
        session_id = finished_conversation(student, published_client["id"])
        mine = {m["id"]: m["content"] for m in student.get(f"/sessions/{session_id}/messages").json()
                if m["role"] == "user"}
        private.script([{"behavior": "ok", "structured_answer": valid_answer(mine, [], KEYS)}])
        evaluation = student.post(f"/sessions/{session_id}/evaluation").json()
    assert evaluation["status"] == "ready" and evaluation["provider"] == "openai_compatible"
    assert evaluation["model"] == "llama3.1:8b" and evaluation["approximate"] is False
    assert evaluation["cost_usd"] == 0 and evaluation["total_score"] == 75.0
    sent = private.requests[-1]["body"]
    assert sent["model"] == "llama3.1:8b" and sent["response_format"]["type"] == "json_schema"
    assert query_db(server.database_url, "SELECT purpose, model FROM llm_calls WHERE purpose = 'evaluation' "
                                         f"AND session_id = {session_id}") == [("evaluation", "llama3.1:8b")]
