"""A student holds a conversation: every accepted word is stored, in order, and totals add up."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx

from tests.support.server import ApiServer, query_db


def start(client: httpx.Client, client_id: int) -> dict[str, Any]:
    response = client.post("/sessions", json={"client_id": client_id})
    assert response.status_code == 201, response.text
    return response.json()


class TestConversation:
    def test_a_turn_stores_the_message_and_an_in_character_offline_reply(
        self, student: httpx.Client, published_client: dict[str, Any]
    ) -> None:
        session = start(student, published_client["id"])
        assert session["mode"] == "practice" and session["status"] == "active"
        assert session["provider"] == "offline"
        response = student.post(f"/sessions/{session['id']}/messages",
                                json={"content": "Hi Jordan, what brings you in today?"})
        assert response.status_code == 201, response.text
        body = response.json()
        assert body["message"]["role"] == "user" and body["message"]["sequence"] == 1
        assert body["reply"]["role"] == "assistant" and body["reply"]["sequence"] == 2
        assert body["provider"] == "offline"
        assert body["reply"]["content"].strip()
        assert body["reply"]["is_fallback"] is False
        assert body["session"]["message_count"] == 2
        transcript = student.get(f"/sessions/{session['id']}/messages").json()
        assert [m["sequence"] for m in transcript] == [1, 2]

    def test_persona_snapshot_survives_later_edits(self, teacher: httpx.Client, student: httpx.Client,
                                                   published_client: dict[str, Any], server: ApiServer) -> None:
        session = start(student, published_client["id"])
        teacher.patch(f"/clients/{published_client['id']}", json={"emotional_state": "Suddenly cheerful."})
        rows = query_db(server.database_url, f"SELECT persona_snapshot FROM sessions WHERE id = {session['id']}")
        assert "Anxious and tired." in str(rows[0][0])
        teacher.patch(f"/clients/{published_client['id']}", json={"emotional_state": "Anxious and tired."})

    def test_ended_session_refuses_new_messages_with_409(self, student: httpx.Client,
                                                          published_client: dict[str, Any]) -> None:
        session = start(student, published_client["id"])
        ended = student.post(f"/sessions/{session['id']}/end")
        assert ended.status_code == 200 and ended.json()["status"] == "ended"
        assert ended.json()["ended_at"] is not None
        again = student.post(f"/sessions/{session['id']}/messages", json={"content": "Still there?"})
        assert again.status_code == 409
        assert "ended" in again.json()["detail"]
        assert student.post(f"/sessions/{session['id']}/end").status_code == 200

    def test_session_lists_filter_by_status(self, student: httpx.Client, published_client: dict[str, Any]) -> None:
        session = start(student, published_client["id"])
        active_ids = [s["id"] for s in student.get("/sessions", params={"status": "active"}).json()]
        assert session["id"] in active_ids
        assert all(s["status"] == "ended" for s in student.get("/sessions", params={"status": "ended"}).json())
        assert student.get("/sessions", params={"status": "sleeping"}).status_code == 422


class TestBadMessages:
    def test_empty_and_whitespace_messages_are_refused(self, student: httpx.Client,
                                                       published_client: dict[str, Any]) -> None:
        session = start(student, published_client["id"])
        for content in ("", "   \n "):
            response = student.post(f"/sessions/{session['id']}/messages", json={"content": content})
            assert response.status_code == 422
            assert "empty" in response.json()["detail"] or "at least 1 character" in response.json()["detail"]
        assert student.get(f"/sessions/{session['id']}/messages").json() == []

    def test_over_long_message_names_the_limit(self, student: httpx.Client,
                                               published_client: dict[str, Any]) -> None:
        session = start(student, published_client["id"])
        response = student.post(f"/sessions/{session['id']}/messages", json={"content": "x" * 4001})
        assert response.status_code == 422
        assert "4,000" in response.json()["detail"]

    def test_wrong_types_and_unknown_sessions(self, student: httpx.Client) -> None:
        assert student.post("/sessions/999999/messages", json={"content": "hi"}).status_code == 404
        assert student.post("/sessions", json={"client_id": "abc"}).status_code == 422
        assert student.post("/sessions", json={"client_id": 999999}).status_code == 404
        assert student.post("/sessions/1/messages", json={"content": 5}).status_code == 422


class TestConcurrentSends:
    def test_twenty_concurrent_sends_keep_every_message_with_gap_free_sequences(
        self, server: ApiServer, student: httpx.Client, published_client: dict[str, Any]
    ) -> None:
        session = start(student, published_client["id"])
        token = server.token("student1@example.com")

        async def send_all() -> list[int]:
            async with httpx.AsyncClient(base_url=server.api, timeout=60,
                                         headers={"Authorization": f"Bearer {token}"}) as client:
                responses = await asyncio.gather(*(
                    client.post(f"/sessions/{session['id']}/messages", json={"content": f"message number {i}"})
                    for i in range(20)
                ))
                return [r.status_code for r in responses]

        statuses = asyncio.run(send_all())
        assert statuses == [201] * 20
        transcript = student.get(f"/sessions/{session['id']}/messages").json()
        assert [m["sequence"] for m in transcript] == list(range(1, 41))
        sent = sorted(m["content"] for m in transcript if m["role"] == "user")
        assert sent == sorted(f"message number {i}" for i in range(20))
        assert sum(1 for m in transcript if m["role"] == "assistant") == 20
        assert student.get(f"/sessions/{session['id']}").json()["message_count"] == 40


class TestFeedback:
    def test_teacher_rates_a_students_session_and_sees_it(self, teacher: httpx.Client, student: httpx.Client,
                                                         published_client: dict[str, Any]) -> None:
        session = start(student, published_client["id"])
        response = teacher.post(f"/sessions/{session['id']}/feedback", json={"rating": 4, "comment": "Warm tone"})
        assert response.status_code == 201
        updated = teacher.post(f"/sessions/{session['id']}/feedback", json={"rating": 5, "comment": "Better"})
        assert updated.json()["id"] == response.json()["id"]
        assert teacher.get(f"/sessions/{session['id']}").json()["feedback_rating"] == 5
        [seen] = student.get(f"/sessions/{session['id']}/feedback").json()
        assert seen["rating"] == 5 and seen["comment"] == "Better"

    def test_a_private_note_never_reaches_the_student(self, teacher: httpx.Client, student: httpx.Client,
                                                       admin: httpx.Client, published_client: dict[str, Any]) -> None:
        session = start(student, published_client["id"])
        teacher.post(f"/sessions/{session['id']}/feedback", json={
            "rating": 3, "comment": "Try a reflection before your next question.",
            "private_note": "PRIVATE: seems anxious in class, check in"})
        [for_student] = student.get(f"/sessions/{session['id']}/feedback").json()
        assert for_student["comment"] == "Try a reflection before your next question."
        assert for_student["private_note"] is None
        for path in (f"/sessions/{session['id']}", f"/sessions/{session['id']}/messages", "/sessions"):
            assert "PRIVATE" not in student.get(path).text
        [for_teacher] = teacher.get(f"/sessions/{session['id']}/feedback").json()
        assert for_teacher["private_note"] == "PRIVATE: seems anxious in class, check in"
        assert admin.get(f"/sessions/{session['id']}/feedback").json()[0]["private_note"].startswith("PRIVATE")

    def test_rating_out_of_range_is_refused(self, teacher: httpx.Client, student: httpx.Client,
                                            published_client: dict[str, Any]) -> None:
        session = start(student, published_client["id"])
        response = teacher.post(f"/sessions/{session['id']}/feedback", json={"rating": 6})
        assert response.status_code == 422
        assert "rating" in response.json()["detail"]

    def test_students_cannot_rate(self, student: httpx.Client, published_client: dict[str, Any]) -> None:
        session = start(student, published_client["id"])
        assert student.post(f"/sessions/{session['id']}/feedback", json={"rating": 5}).status_code == 403
