"""Exactly-once sends: a message sent again with its Idempotency-Key is stored once and answered with the original
turn, plain or streamed, even when the two sends race."""

from __future__ import annotations

import threading
import uuid
from typing import Any

import httpx
import pytest

from tests.support.api import new_student, open_session, read_sse
from tests.support.server import ApiServer, query_db


def _stored(server: ApiServer, session_id: int) -> list[tuple[Any, ...]]:
    return query_db(server.database_url,
                    f"SELECT sequence, role, content FROM messages WHERE session_id = {session_id} ORDER BY sequence")


@pytest.fixture
def student(server: ApiServer, admin: httpx.Client) -> httpx.Client:
    return new_student(server, admin, "once")


class TestPlainSends:
    def test_a_resend_returns_the_original_turn_and_stores_nothing_new(self, server: ApiServer,
                                                                       student: httpx.Client) -> None:
        session_id = open_session(student)
        key = {"Idempotency-Key": uuid.uuid4().hex}
        first = student.post(f"/sessions/{session_id}/messages", json={"content": "How was your week?"}, headers=key)
        again = student.post(f"/sessions/{session_id}/messages", json={"content": "How was your week?"}, headers=key)
        assert first.status_code == again.status_code == 201
        assert again.json()["message"]["id"] == first.json()["message"]["id"]
        assert again.json()["reply"] == first.json()["reply"]
        assert again.json()["session"]["message_count"] == 2
        assert len(_stored(server, session_id)) == 2

    def test_two_sends_with_one_key_racing_store_one_message(self, server: ApiServer, student: httpx.Client) -> None:
        session_id = open_session(student)
        key = {"Idempotency-Key": uuid.uuid4().hex}
        answers: list[httpx.Response] = []

        def send() -> None:
            answers.append(student.post(f"/sessions/{session_id}/messages", json={"content": "Hello there."},
                                        headers=key))

        threads = [threading.Thread(target=send) for _ in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert [answer.status_code for answer in answers] == [201] * 4
        assert len({answer.json()["reply"]["id"] for answer in answers}) == 1
        assert [row[:2] for row in _stored(server, session_id)] in (
            [(1, "user"), (2, "assistant")], [("1", "user"), ("2", "assistant")])

    def test_without_a_key_each_send_is_a_new_message(self, server: ApiServer, student: httpx.Client) -> None:
        session_id = open_session(student)
        for _ in range(2):
            assert student.post(f"/sessions/{session_id}/messages", json={"content": "Okay."}).status_code == 201
        assert len(_stored(server, session_id)) == 4

    def test_a_key_belongs_to_its_session(self, student: httpx.Client) -> None:
        key = {"Idempotency-Key": "same-key-two-sessions"}
        first, second = open_session(student), open_session(student)
        one = student.post(f"/sessions/{first}/messages", json={"content": "Hi."}, headers=key).json()
        two = student.post(f"/sessions/{second}/messages", json={"content": "Hi."}, headers=key).json()
        assert one["message"]["session_id"] == first and two["message"]["session_id"] == second

    @pytest.mark.parametrize("bad", ["x" * 101, "has space"])
    def test_an_unusable_key_is_refused_and_nothing_is_stored(self, server: ApiServer, student: httpx.Client,
                                                               bad: str) -> None:
        session_id = open_session(student)
        refused = student.post(f"/sessions/{session_id}/messages", json={"content": "Hi."},
                               headers={"Idempotency-Key": bad})
        assert refused.status_code == 422 and "Idempotency-Key" in refused.json()["detail"]
        assert _stored(server, session_id) == []


class TestStreamedSends:
    def test_a_resent_stream_replays_the_stored_turn(self, server: ApiServer, student: httpx.Client) -> None:
        session_id = open_session(student)
        key = {"Idempotency-Key": uuid.uuid4().hex}
        with student.stream("POST", f"/sessions/{session_id}/messages/stream", json={"content": "Tell me more."},
                            headers=key) as first:
            original = read_sse(first)
        with student.stream("POST", f"/sessions/{session_id}/messages/stream", json={"content": "Tell me more."},
                            headers=key) as again:
            replayed = read_sse(again)
        assert [event for event, _ in replayed] == ["message", "done"]
        assert replayed[-1][1]["reply"] == original[-1][1]["reply"]
        assert len(_stored(server, session_id)) == 2

    def test_a_plain_resend_of_a_streamed_message_gets_the_same_turn(self, student: httpx.Client) -> None:
        session_id = open_session(student)
        key = {"Idempotency-Key": uuid.uuid4().hex}
        with student.stream("POST", f"/sessions/{session_id}/messages/stream", json={"content": "And then?"},
                            headers=key) as first:
            done = read_sse(first)[-1][1]
        again = student.post(f"/sessions/{session_id}/messages", json={"content": "And then?"}, headers=key)
        assert again.status_code == 201 and again.json()["reply"]["id"] == done["reply"]["id"]
