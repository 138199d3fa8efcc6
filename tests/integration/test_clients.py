"""Teachers author personas; students only ever see the public card of published ones."""

from __future__ import annotations

from typing import Any

import httpx

from tests.support.api import PERSONA
from tests.support.server import ApiServer, query_db

HIDDEN_FIELDS = ("hidden_facts", "reveals_with_rapport", "background_story", "presenting_problem", "risk_factors",
                 "notes", "core_belief", "coping_strategies", "automatic_thought", "conversational_style")
INNER_LIFE = {"core_belief": "If I need help, I'm a burden.", "automatic_thought": "I'm wasting their time.",
              "coping_strategies": ["making a joke first", "extra shifts", "Extra shifts"],
              "conversational_style": "Reserved"}


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


class TestInnerLife:
    def test_a_teacher_writes_reads_and_edits_the_inner_life_and_style(self, teacher: httpx.Client) -> None:
        created = teacher.post("/clients", json={**PERSONA, **INNER_LIFE})
        assert created.status_code == 201, created.text
        client = created.json()
        assert client["core_belief"] == "If I need help, I'm a burden."
        assert client["coping_strategies"] == ["making a joke first", "extra shifts"]  # repeats dropped
        assert client["conversational_style"] == "reserved"
        edited = teacher.patch(f"/clients/{client['id']}", json={"conversational_style": "verbose",
                                                                 "coping_strategies": ["long walks"]}).json()
        assert edited["conversational_style"] == "verbose" and edited["coping_strategies"] == ["long walks"]
        assert edited["core_belief"] == INNER_LIFE["core_belief"]  # untouched by a partial edit
        again = teacher.get(f"/clients/{client['id']}").json()
        assert again["automatic_thought"] == "I'm wasting their time."

    def test_they_are_optional(self, teacher: httpx.Client) -> None:
        client = teacher.post("/clients", json=PERSONA).json()
        assert (client["core_belief"], client["coping_strategies"], client["automatic_thought"],
                client["conversational_style"]) == ("", [], "", "")

    def test_the_inner_life_shapes_the_prompt(self, teacher: httpx.Client) -> None:
        client = teacher.post("/clients", json={**PERSONA, **INNER_LIFE}).json()
        prompt = teacher.get(f"/clients/{client['id']}/prompt-preview").json()["system_prompt"]
        assert "Belief: If I need help, I'm a burden." in prompt and "Length (reserved)" in prompt

    def test_the_session_snapshot_keeps_them(self, teacher: httpx.Client, student: httpx.Client,
                                             server: ApiServer) -> None:
        client = teacher.post("/clients", json={**PERSONA, **INNER_LIFE, "is_published": True}).json()
        session = student.post("/sessions", json={"client_id": client["id"]})
        assert session.status_code == 201, session.text
        teacher.patch(f"/clients/{client['id']}", json={"core_belief": "Changed later."})
        rows = query_db(server.database_url,
                        f"SELECT persona_snapshot FROM sessions WHERE id = {session.json()['id']}")
        snapshot = str(rows[0][0])
        assert "If I need help" in snapshot and "Changed later." not in snapshot and "reserved" in snapshot

    def test_an_unknown_style_is_a_readable_422(self, teacher: httpx.Client) -> None:
        response = teacher.post("/clients", json={**PERSONA, "conversational_style": "grumpy"})
        assert response.status_code == 422
        detail = response.json()["detail"]
        assert "conversational_style" in detail and "plain, upset, verbose, reserved, tangent, pleasing" in detail
        patched = teacher.patch(f"/clients/{teacher.post('/clients', json=PERSONA).json()['id']}",
                                json={"conversational_style": "chatty"})
        assert patched.status_code == 422 and "grumpy" not in patched.text and "chatty" in patched.text

    def test_too_many_or_too_long_coping_strategies_are_refused(self, teacher: httpx.Client) -> None:
        many = teacher.post("/clients", json={**PERSONA, "coping_strategies": [f"way {i}" for i in range(7)]})
        assert many.status_code == 422 and "coping_strategies" in many.json()["detail"]
        long = teacher.post("/clients", json={**PERSONA, "core_belief": "x" * 201})
        assert long.status_code == 422 and "core_belief" in long.json()["detail"]


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
