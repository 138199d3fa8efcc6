"""Hard spending caps refuse new turns with a clear message; the global bound on concurrent LLM calls holds."""

from __future__ import annotations

import asyncio
import itertools
from collections.abc import Iterator

import httpx
import pytest

from tests.support.api import claude_env, new_student, open_session
from tests.support.fake_anthropic import FakeAnthropicServer
from tests.support.server import ApiServer, start_api

LLM_LATENCY_S = 0.4


@pytest.fixture(scope="module")
def fake() -> Iterator[FakeAnthropicServer]:
    with FakeAnthropicServer(latency=LLM_LATENCY_S) as server:
        yield server


@pytest.fixture(scope="module")
def server(database_url: str, fake: FakeAnthropicServer) -> Iterator[ApiServer]:
    api = start_api(database_url, extra_env=claude_env(
        fake, VC_CAP_SESSION_USD="0.000001", VC_CAP_USER_DAY_USD="0.000002", VC_LLM_MAX_CONCURRENCY="1",
    ))
    yield api
    api.stop()




def test_session_and_daily_caps_refuse_new_turns_and_say_what_to_do(server: ApiServer, admin: httpx.Client) -> None:
    with new_student(server, admin, "capped") as student:
        session_id = open_session(student)
        assert student.post(f"/sessions/{session_id}/messages", json={"content": "Hello."}).status_code == 201
        refused = student.post(f"/sessions/{session_id}/messages", json={"content": "And again."})
        assert refused.status_code == 409
        assert "cost limit" in refused.json()["detail"] and "new session" in refused.json()["detail"]
        assert len(student.get(f"/sessions/{session_id}/messages").json()) == 2, "a refused turn stores nothing"

        second = open_session(student)
        daily = student.post(f"/sessions/{second}/messages", json={"content": "New session."})
        assert daily.status_code == 429
        assert "today's practice budget" in daily.json()["detail"]
        assert int(daily.headers["Retry-After"]) > 0


def test_concurrent_llm_calls_are_bounded(server: ApiServer, admin: httpx.Client,
                                          fake: FakeAnthropicServer) -> None:
    students = [new_student(server, admin, f"bounded{i}") for i in range(3)]
    sessions = [open_session(s) for s in students]
    fake.reset()

    async def send_all() -> list[int]:
        async with httpx.AsyncClient(timeout=30) as client:
            responses = await asyncio.gather(*(
                client.post(f"{server.api}/sessions/{sid}/messages", json={"content": "Hi there."},
                            headers={"Authorization": s.headers["Authorization"]})
                for s, sid in zip(students, sessions, strict=True)
            ))
            return [r.status_code for r in responses]

    assert asyncio.run(send_all()) == [201, 201, 201]
    starts = sorted(request["time"] for request in fake.requests)
    assert len(starts) == 3
    gaps = [later - earlier for earlier, later in itertools.pairwise(starts)]
    assert min(gaps) >= LLM_LATENCY_S * 0.9, f"calls overlapped despite VC_LLM_MAX_CONCURRENCY=1: {gaps}"
    for student in students:
        student.close()


def test_a_flagged_reply_gets_no_rewrite_once_the_turn_has_reached_a_cap(
        server: ApiServer, admin: httpx.Client, fake: FakeAnthropicServer) -> None:
    with new_student(server, admin, "capcheck") as student:
        session_id = open_session(student)
        fake.reset()
        fake.script([{"behavior": "ok", "reply_text": "You should call your landlord tomorrow."},
                     {"behavior": "ok", "reply_text": "My landlord? He never picks up."}])
        body = student.post(f"/sessions/{session_id}/messages", json={"content": "What should I do?"})
        assert body.status_code == 201, body.text
        assert body.json()["reply"]["content"] == "You should call your landlord tomorrow."  # kept: only advice
        assert fake.request_count == 1, "the rewrite would have gone past the session's cap"
