"""Rubrics over HTTP: the seeded default, a teacher's own, the weights rule, and deleting only what is unused."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from tests.support.api import new_student
from tests.support.feedback import finished_conversation
from tests.support.server import ApiServer

LEVELS = [{"score": 0, "descriptor": "Not yet"}, {"score": 1, "descriptor": "Sometimes"},
          {"score": 2, "descriptor": "Consistently"}]


def rubric(title: str = "Engagement check", **changes: Any) -> dict[str, Any]:
    return {"title": title, "description": "For week 3.", "criteria": [
        {"key": "warmth", "title": "Warmth", "description": "Shows care.", "weight": 0.6, "levels": LEVELS},
        {"key": "open_questions", "title": "Open questions", "weight": 0.4, "levels": LEVELS},
    ], **changes}


def detail(response: httpx.Response) -> str:
    return str(response.json()["detail"])


class TestDefaultRubric:
    def test_every_teacher_reads_the_seeded_default_with_weights_that_sum_to_one(self, teacher: httpx.Client) -> None:
        default = next(r for r in teacher.get("/rubrics").json() if r["is_default"])
        assert default["title"] == "Interviewing fundamentals" and default["owner_id"] is None
        assert [c["title"] for c in default["criteria"]] == [
            "Engagement and empathy", "Open questions", "Reflective listening", "Avoiding premature advice",
            "Exploring safety when it arises"]
        assert sum(c["weight"] for c in default["criteria"]) == pytest.approx(1.0)
        assert all([level["score"] for level in c["levels"]] == [1, 2, 3, 4] for c in default["criteria"])

    def test_a_teacher_cannot_change_or_delete_the_shared_default(self, teacher: httpx.Client,
                                                                  admin: httpx.Client) -> None:
        default_id = next(r["id"] for r in teacher.get("/rubrics").json() if r["is_default"])
        refused = teacher.patch(f"/rubrics/{default_id}", json={"title": "Mine now"})
        assert refused.status_code == 403 and "Create your own rubric" in detail(refused)
        assert admin.delete(f"/rubrics/{default_id}").status_code == 409


class TestOwnRubrics:
    def test_a_teacher_writes_reads_edits_and_deletes_an_unused_rubric(self, teacher: httpx.Client) -> None:
        created = teacher.post("/rubrics", json=rubric())
        assert created.status_code == 201, created.text
        rubric_id = created.json()["id"]
        assert teacher.get(f"/rubrics/{rubric_id}").json()["criteria"][0]["key"] == "warmth"
        edited = teacher.patch(f"/rubrics/{rubric_id}", json={"title": "Engagement, week 3"}).json()
        assert edited["title"] == "Engagement, week 3" and len(edited["criteria"]) == 2
        assert teacher.delete(f"/rubrics/{rubric_id}").status_code == 204
        assert teacher.get(f"/rubrics/{rubric_id}").status_code == 404

    def test_another_teachers_rubric_is_not_found(self, teacher: httpx.Client, admin: httpx.Client,
                                                  server: ApiServer) -> None:
        rubric_id = teacher.post("/rubrics", json=rubric("Private")).json()["id"]
        admin.post("/users", json={"email": "rubric.other@example.com", "display_name": "Other", "role": "teacher",
                                   "password": "other-teacher-123"})
        with httpx.Client(base_url=server.api, headers={"Authorization": "Bearer " + server.token(
                "rubric.other@example.com", "other-teacher-123")}) as other:
            assert other.get(f"/rubrics/{rubric_id}").status_code == 404
            assert rubric_id not in [r["id"] for r in other.get("/rubrics").json()]
        assert admin.get(f"/rubrics/{rubric_id}").status_code == 200

    @pytest.mark.parametrize(("change", "reason"), [
        ({"criteria": [{"key": "warmth", "title": "W", "weight": 0.5, "levels": LEVELS}]}, "add up to 0.5"),
        ({"criteria": [{"key": "warmth", "title": "W", "weight": 0.5, "levels": LEVELS}] * 2}, "repeated: warmth"),
        ({"criteria": [{"key": "Warmth!", "title": "W", "weight": 1, "levels": LEVELS}]}, "pattern"),
        ({"criteria": [{"key": "w", "title": "W", "weight": 1, "levels": [LEVELS[0], LEVELS[0]]}]}, "own score"),
        ({"criteria": [{"key": "w", "title": "W", "weight": 1, "levels": LEVELS[:1]}]}, "at least 2"),
        ({"criteria": []}, "at least 1"),
    ])
    def test_a_rubric_that_does_not_add_up_is_refused_with_the_reason(self, teacher: httpx.Client,
                                                                      change: dict[str, Any], reason: str) -> None:
        response = teacher.post("/rubrics", json=rubric(**change))
        assert response.status_code == 422 and reason in detail(response)

    def test_editing_a_rubric_never_rewrites_a_grade_already_given(
            self, server: ApiServer, admin: httpx.Client, published_client: dict[str, Any]) -> None:
        default = next(r for r in admin.get("/rubrics").json() if r["is_default"])
        with new_student(server, admin, "rubric") as student:
            session_id = finished_conversation(student, published_client["id"], ["What brings you in today?"])
            before = student.post(f"/sessions/{session_id}/evaluation").json()
            assert before["rubric_id"] == default["id"]
            criteria = [{**c, "title": c["title"].upper()} for c in default["criteria"]]
            assert admin.patch(f"/rubrics/{default['id']}", json={"criteria": criteria}).status_code == 200
            after = student.get(f"/sessions/{session_id}/evaluation").json()
            assert [c["title"] for c in after["criteria"]] == [c["title"] for c in before["criteria"]]
            admin.patch(f"/rubrics/{default['id']}", json={"criteria": default["criteria"]})
        refused = admin.delete(f"/rubrics/{default['id']}")
        assert refused.status_code == 409 and "free practice" in detail(refused)

    def test_students_do_not_manage_rubrics(self, student: httpx.Client) -> None:
        assert student.get("/rubrics").status_code == 403
        assert student.post("/rubrics", json=rubric()).status_code == 403
