"""Teachers author personas; students only ever see the public card of published ones."""

from __future__ import annotations

from typing import Any

import httpx

from tests.support.api import PERSONA

HIDDEN_FIELDS = ("hidden_facts", "reveals_with_rapport", "background_story", "presenting_problem", "risk_factors",
                 "notes")


class TestAuthoring:
    def test_teacher_creates_edits_and_lists_own_client(self, teacher: httpx.Client) -> None:
        created = teacher.post("/clients", json=PERSONA)
        assert created.status_code == 201, created.text
        client = created.json()
        assert client["is_published"] is False
        assert client["issues"] == ["unemployment", "anxiety"]
        edited = teacher.patch(f"/clients/{client['id']}", json={"difficulty": 5, "is_published": True})
        assert edited.status_code == 200
        assert edited.json()["difficulty"] == 5
        assert edited.json()["name"] == PERSONA["name"]
        assert client["id"] in [c["id"] for c in teacher.get("/clients").json()]

    def test_what_was_just_created_is_readable_by_the_very_next_request(self, teacher: httpx.Client) -> None:
        # The transaction commits before the 201 leaves; a client acting on it at once must find it.
        for i in range(15):
            created = teacher.post("/clients", json={**PERSONA, "name": f"Quick {i}"}).json()
            assert teacher.get(f"/clients/{created['id']}").status_code == 200

    def test_prompt_preview_shows_the_compiled_prompt(self, teacher: httpx.Client,
                                                      published_client: dict[str, Any]) -> None:
        preview = teacher.get(f"/clients/{published_client['id']}/prompt-preview")
        assert preview.status_code == 200
        body = preview.json()
        assert "Jordan" in body["system_prompt"]
        assert body["estimated_tokens"] > 50
        assert body["estimated_model_tokens"] >= body["estimated_tokens"]
        assert body["prompt_cost_per_reply_usd"] >= 0  # the offline simulator is free

    def test_delete_hides_the_client_but_keeps_past_transcripts(
        self, teacher: httpx.Client, student: httpx.Client
    ) -> None:
        client = teacher.post("/clients", json={**PERSONA, "name": "Temp Client", "is_published": True}).json()
        session = student.post("/sessions", json={"client_id": client["id"]}).json()
        student.post(f"/sessions/{session['id']}/messages", json={"content": "Hello there"})
        assert teacher.delete(f"/clients/{client['id']}").status_code == 204
        assert teacher.get(f"/clients/{client['id']}").status_code == 404
        assert client["id"] not in [c["id"] for c in student.get("/clients").json()]
        transcript = student.get(f"/sessions/{session['id']}/messages")
        assert transcript.status_code == 200
        assert [m["role"] for m in transcript.json()] == ["user", "assistant"]


class TestStudentView:
    def test_students_see_published_clients_as_public_cards_only(
        self, student: httpx.Client, published_client: dict[str, Any]
    ) -> None:
        cards = student.get("/clients").json()
        card = next(c for c in cards if c["id"] == published_client["id"])
        assert set(card) == {"id", "name", "age", "student_brief"}
        single = student.get(f"/clients/{published_client['id']}").json()
        for field in HIDDEN_FIELDS:
            assert field not in single
        assert PERSONA["hidden_facts"][0]["fact"] not in student.get("/clients").text

    def test_unpublished_clients_are_invisible_to_students(self, teacher: httpx.Client,
                                                            student: httpx.Client) -> None:
        draft = teacher.post("/clients", json={**PERSONA, "name": "Draft Person"}).json()
        assert student.get(f"/clients/{draft['id']}").status_code == 404
        assert student.post("/sessions", json={"client_id": draft["id"]}).status_code == 404
        assert draft["id"] not in [c["id"] for c in student.get("/clients").json()]


class TestBadInput:
    def test_out_of_range_fields_get_readable_messages(self, teacher: httpx.Client) -> None:
        response = teacher.post("/clients", json={**PERSONA, "age": 400, "difficulty": 9})
        assert response.status_code == 422
        detail = response.json()["detail"]
        assert "age" in detail and "difficulty" in detail

    def test_one_personality_trait_is_not_enough(self, teacher: httpx.Client) -> None:
        response = teacher.post("/clients", json={**PERSONA, "personality_traits": ["shy"]})
        assert response.status_code == 422
        assert "2 to 5 personality traits" in response.json()["detail"]

    def test_malformed_json_is_a_clear_4xx(self, teacher: httpx.Client) -> None:
        response = teacher.post("/clients", content=b"{not json", headers={"Content-Type": "application/json"})
        assert response.status_code == 422
        assert "not valid JSON" in response.json()["detail"]

    def test_wrong_types_and_missing_fields(self, teacher: httpx.Client) -> None:
        response = teacher.post("/clients", json={"age": "thirty"})
        assert response.status_code == 422
        assert "name" in response.json()["detail"]

    def test_patch_with_null_keeps_the_field(self, teacher: httpx.Client,
                                              published_client: dict[str, Any]) -> None:
        response = teacher.patch(f"/clients/{published_client['id']}", json={"name": None, "is_published": None})
        assert response.status_code == 200
        assert response.json()["name"] == published_client["name"]

    def test_unknown_client_is_404(self, teacher: httpx.Client) -> None:
        response = teacher.get("/clients/999999")
        assert response.status_code == 404
        assert "was not found" in response.json()["detail"]
        assert teacher.get("/clients/not-a-number").status_code == 422
