"""Spend under abuse: evaluations and persona checks past the spending caps, a check that overruns the cap it
started under, re-runs and checks in a row. Model calls go through the real SDK to the priced fake Messages API on
127.0.0.1; each attack runs first, then the test checks that no model call was made beyond the cap."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import httpx
import pytest

from tests.support.api import PERSONA, claude_env, new_student
from tests.support.fake_anthropic import FakeAnthropicServer
from tests.support.feedback import finished_conversation
from tests.support.server import ApiServer, query_db, start_api

CAP_USD = "0.0001"  # below one call to the fake: whoever has made one call is over the cap


@pytest.fixture(scope="module")
def server(database_url: str, fake: FakeAnthropicServer) -> Iterator[ApiServer]:
    api = start_api(database_url, extra_env=claude_env(fake, VC_CAP_USER_DAY_USD=CAP_USD, VC_LLM_MAX_RETRIES="0"))
    yield api
    api.stop()


def new_teacher(server: ApiServer, admin: httpx.Client) -> httpx.Client:
    email = f"spender.{uuid.uuid4().hex[:8]}@example.com"
    response = admin.post("/users", json={"email": email, "display_name": "Spender", "role": "teacher",
                                          "password": "teacher-pass-123"})
    assert response.status_code == 201, response.text
    return httpx.Client(base_url=server.api, timeout=120,
                        headers={"Authorization": f"Bearer {server.token(email, 'teacher-pass-123')}"})


def model_calls(fake: FakeAnthropicServer) -> int:
    return len(fake.requests)


class TestCapsHoldBeyondTurns:
    def test_a_capped_student_gets_no_model_evaluation(self, server: ApiServer, admin: httpx.Client,
                                                       published_client: dict, fake: FakeAnthropicServer) -> None:
        with new_student(server, admin, "capped") as student:
            session_id = student.post("/sessions", json={"client_id": published_client["id"]}).json()["id"]
            assert student.post(f"/sessions/{session_id}/messages", json={"content": "Hello, how are you?"}
                                ).status_code == 201
            refused = student.post(f"/sessions/{session_id}/messages", json={"content": "Tell me more?"})
            assert (refused.status_code, refused.json()["error"]) == (429, "budget_exceeded")
            assert student.post(f"/sessions/{session_id}/end").status_code == 200
            fake.reset()
            evaluation = student.post(f"/sessions/{session_id}/evaluation")
            assert evaluation.status_code == 200, evaluation.text
            assert model_calls(fake) == 0, "no model call past the cap"
            assert evaluation.json()["approximate"] is True, "the offline evaluator scored it, for free"

    def test_a_check_is_stopped_mid_run_at_the_cap_and_what_it_spent_is_recorded(
            self, server: ApiServer, admin: httpx.Client, fake: FakeAnthropicServer) -> None:
        teacher = new_teacher(server, admin)
        client = teacher.post("/clients", json={**PERSONA, "name": f"Capped {uuid.uuid4().hex[:4]}"}).json()
        fake.reset()
        refused = teacher.post(f"/clients/{client['id']}/checks")
        assert (refused.status_code, refused.json()["error"]) == (429, "budget_exceeded")
        made = model_calls(fake)
        assert made == 1, f"{made} calls: the check went on past the cap (the battery is 12 calls and a judge)"
        teacher_id = teacher.get("/auth/me").json()["id"]
        rows = query_db(server.database_url, f"SELECT count(*) FROM llm_calls WHERE user_id = {teacher_id} "
                                             "AND purpose = 'check'")
        assert int(rows[0][0]) == made, "the calls it did make are in the ledger, billed to the teacher"
        again = teacher.post(f"/clients/{client['id']}/checks")
        assert again.status_code == 429 and model_calls(fake) == made, "a second check never starts"


def test_re_runs_and_checks_are_limited_per_person(database_url: str) -> None:
    api = start_api(database_url, extra_env={"VC_MODEL_RUNS_PER_HOUR": "3"})
    try:
        with api.client("teacher@example.com") as teacher:
            client = teacher.post("/clients", json={**PERSONA, "name": "Rate Limited"}).json()
            statuses = [teacher.post(f"/clients/{client['id']}/checks").status_code for _ in range(4)]
            assert statuses == [201, 201, 201, 429]
            refused = teacher.post(f"/clients/{client['id']}/checks")
            assert refused.json()["error"] == "rate_limited" and int(refused.headers["retry-after"]) >= 1
            with api.client("student1@example.com") as student:
                published = next(c for c in teacher.get("/clients").json() if c["is_published"])
                session_id = finished_conversation(student, published["id"], ["Hello, what brings you in?"])
                assert student.post(f"/sessions/{session_id}/evaluation").status_code == 200, "a first run is free"
            rerun = teacher.post(f"/sessions/{session_id}/evaluation", params={"refresh": "true"})
            assert (rerun.status_code, rerun.json()["error"]) == (429, "rate_limited"), "re-runs share the limit"
    finally:
        api.stop()
