"""Feedback on assignments over HTTP: the assignment's rubric and release policy, evaluation on submit, the
gradebook's final scores, section averages, and rubrics in use."""

from __future__ import annotations

import csv
import io
import uuid
from typing import Any

import httpx
import pytest

from tests.support.courses import (
    STUDENT_PASSWORD,
    Course,
    Student,
    assign,
    enroll,
    new_client,
    new_course,
    new_section,
    new_student,
    start,
    talk,
)
from tests.support.feedback import STUDENT_LINES, evaluation_when_ready
from tests.support.server import ApiServer

LEVELS = [{"score": 0, "descriptor": "Not yet"}, {"score": 1, "descriptor": "Partly"},
          {"score": 2, "descriptor": "Yes"}]
OWN_RUBRIC = {"title": "Week 3: listening", "criteria": [
    {"key": "reflective_listening", "title": "Reflections", "weight": 0.5, "levels": LEVELS},
    {"key": "open_questions", "title": "Open questions", "weight": 0.5, "levels": LEVELS}]}


@pytest.fixture(scope="module")
def course(server: ApiServer, teacher: httpx.Client) -> Course:
    return new_course(server, teacher)


@pytest.fixture(scope="module")
def own_rubric(teacher: httpx.Client) -> dict[str, Any]:
    response = teacher.post("/rubrics", json=OWN_RUBRIC)
    assert response.status_code == 201, response.text
    return dict(response.json())


def submitted_attempt(student: Student, assignment_id: int) -> int:
    """Start, talk and submit an attempt; the evaluation starts by itself."""
    session_id = int(start(student, assignment_id).json()["id"])
    talk(student, session_id, *STUDENT_LINES)
    response = student.http.post(f"/sessions/{session_id}/submit")
    assert response.status_code == 200, response.text
    return session_id


class TestAssignmentSettings:
    def test_an_assignment_names_its_rubric_and_release_and_defaults_to_the_default_and_immediate(
            self, teacher: httpx.Client, course: Course, own_rubric: dict[str, Any]) -> None:
        plain = assign(teacher, course.section["id"], course.client["id"], title="Plain")
        assert plain["rubric_id"] is None and plain["feedback_release"] == "immediate"
        held = assign(teacher, course.section["id"], course.client["id"], title="Held",
                      rubric_id=own_rubric["id"], feedback_release="after_review")
        assert held["rubric_id"] == own_rubric["id"] and held["feedback_release"] == "after_review"
        cleared = teacher.patch(f"/assignments/{held['id']}", json={"rubric_id": None}).json()
        assert cleared["rubric_id"] is None and cleared["feedback_release"] == "after_review"

    def test_another_teachers_rubric_cannot_be_named(self, teacher: httpx.Client, admin: httpx.Client,
                                                     course: Course) -> None:
        admins = admin.post("/rubrics", json={**OWN_RUBRIC, "title": "The admin's own"}).json()
        refused = teacher.post(f"/sections/{course.section['id']}/assignments", json={
            "client_id": course.client["id"], "title": "X", "instructions": "", "rubric_id": admins["id"]})
        assert refused.status_code == 404 and "Rubric" in refused.json()["detail"]
        bad = teacher.post(f"/sections/{course.section['id']}/assignments", json={
            "client_id": course.client["id"], "title": "X", "instructions": "", "feedback_release": "never"})
        assert bad.status_code == 422


class TestSubmitting:
    def test_submitting_evaluates_on_the_assignments_rubric_and_holds_scores_for_review(
            self, teacher: httpx.Client, course: Course, own_rubric: dict[str, Any]) -> None:
        assignment = assign(teacher, course.section["id"], course.client["id"], title="Listening", min_turns=2,
                            rubric_id=own_rubric["id"], feedback_release="after_review")
        session_id = submitted_attempt(course.first, assignment["id"])
        held = evaluation_when_ready(course.first.http, session_id)
        assert held["rubric_id"] == own_rubric["id"] and held["rubric_title"] == "Week 3: listening"
        assert held["released"] is False and held["scores_withheld"] is True and held["criteria"] is None
        assert held["utterances"] and held["next_step"]["rewrite"]
        staff = teacher.get(f"/sessions/{session_id}/evaluation").json()
        assert [c["key"] for c in staff["criteria"]] == ["reflective_listening", "open_questions"]
        assert all(c["max_score"] == 2 for c in staff["criteria"])
        [queued] = [e for e in teacher.get("/evaluations", params={"released": "false", "submitted": "true"}).json()
                    if e["session_id"] == session_id]
        assert queued["assignment_title"] == "Listening" and queued["section_name"] == course.section["name"]
        assert queued["submitted_at"] is not None

        released = teacher.patch(f"/sessions/{session_id}/evaluation", json={"released": True}).json()
        shown = course.first.http.get(f"/sessions/{session_id}/evaluation").json()
        assert shown["criteria"] and shown["total_score"] == released["total_score"]

    def test_an_immediate_assignment_shows_scores_at_once_on_the_default_rubric(
            self, teacher: httpx.Client, course: Course) -> None:
        assignment = assign(teacher, course.section["id"], course.client["id"], title="Open", min_turns=1)
        session_id = submitted_attempt(course.second, assignment["id"])
        shown = evaluation_when_ready(course.second.http, session_id)
        assert shown["released"] is True and shown["rubric_title"] == "Interviewing fundamentals"
        assert shown["criteria"] and shown["total_score"] is not None

    def test_the_gradebook_carries_the_final_score_with_the_teachers_override(
            self, teacher: httpx.Client, course: Course) -> None:
        assignment = assign(teacher, course.section["id"], course.client["id"], title="Graded", min_turns=1)
        session_id = submitted_attempt(course.first, assignment["id"])
        evaluated = evaluation_when_ready(teacher, session_id)
        reviewed = teacher.patch(f"/sessions/{session_id}/evaluation", json={
            "criteria": [{"key": key, "score": 4} for key in ("engagement_empathy", "open_questions")]}).json()
        assert reviewed["total_score"] > evaluated["total_score"]
        response = teacher.get(f"/sections/{course.section['id']}/gradebook.csv")
        rows = list(csv.DictReader(io.StringIO(response.text)))
        column = f"Graded ({assignment['id']})"
        by_email = {row["SIS Login ID"]: row for row in rows}
        assert by_email[course.first.email][column] == f"{reviewed['total_score']:g}"
        assert by_email[course.second.email][column] == "not_started"

    def test_a_rubric_an_assignment_names_cannot_be_deleted(self, teacher: httpx.Client, course: Course) -> None:
        rubric = teacher.post("/rubrics", json={**OWN_RUBRIC, "title": "Named"}).json()
        assign(teacher, course.section["id"], course.client["id"], title="Names it", rubric_id=rubric["id"])
        refused = teacher.delete(f"/rubrics/{rubric['id']}")
        assert refused.status_code == 409 and "1 assignment" in refused.json()["detail"]


def test_averages_come_per_section_as_well_as_per_client(teacher: httpx.Client, course: Course) -> None:
    assignment = assign(teacher, course.section["id"], course.client["id"], title="Averaged", min_turns=1)
    evaluation_when_ready(teacher, submitted_attempt(course.second, assignment["id"]))
    groups = teacher.get("/evaluations/averages").json()
    kinds = [group["group"] for group in groups]
    assert kinds[0] == "overall" and "section" in kinds and "client" in kinds
    assert kinds.index("section") < kinds.index("client")
    section = next(g for g in groups if g["group"] == "section" and g["key"] == str(course.section["id"]))
    assert section["label"] == course.section["name"] and section["evaluations"] >= 1


def test_an_attempt_is_reviewed_by_the_sections_teacher_not_by_the_clients_author(
        server: ApiServer, teacher: httpx.Client, admin: httpx.Client) -> None:
    """The admin gives another teacher's section a client our teacher wrote: the author may read the attempts,
    but scores the section's teacher holds for review stay theirs to change and release."""
    email = f"section.teacher.{uuid.uuid4().hex[:8]}@example.com"
    made = admin.post("/users", json={"email": email, "display_name": "Sam Section", "role": "teacher",
                                      "password": STUDENT_PASSWORD})
    assert made.status_code == 201, made.text
    section_teacher = httpx.Client(base_url=server.api, timeout=60,
                                   headers={"Authorization": f"Bearer {server.token(email, STUDENT_PASSWORD)}"})
    section = new_section(section_teacher, name="SWK 520 — Another teacher's section")
    student = new_student(server, section_teacher, "Noor Haddad")
    enroll(section_teacher, section["id"], student)
    assignment = assign(admin, section["id"], new_client(teacher)["id"], feedback_release="after_review")
    session_id = submitted_attempt(student, assignment["id"])
    evaluation_when_ready(section_teacher, session_id)

    assert teacher.get(f"/sessions/{session_id}/evaluation").status_code == 200  # the author still reads it
    for refused in (teacher.patch(f"/sessions/{session_id}/evaluation", json={"released": True}),
                    teacher.post(f"/sessions/{session_id}/evaluation", params={"refresh": True})):
        assert refused.status_code == 403 and "section's teacher" in refused.json()["detail"]
    assert student.http.get(f"/sessions/{session_id}/evaluation").json()["released"] is False
    released = section_teacher.patch(f"/sessions/{session_id}/evaluation", json={"released": True})
    assert released.status_code == 200 and released.json()["released"] is True


def test_the_teachers_stars_and_comment_wait_for_the_release_like_the_scores(
        teacher: httpx.Client, course: Course) -> None:
    held = assign(teacher, course.section["id"], course.client["id"], title="Held stars",
                  feedback_release="after_review")
    session_id = submitted_attempt(course.second, held["id"])
    evaluation_when_ready(teacher, session_id)
    rated = teacher.post(f"/sessions/{session_id}/feedback", json={"rating": 2, "comment": "Ask before advising."})
    assert rated.status_code in (200, 201), rated.text

    student = course.second.http
    assert student.get(f"/sessions/{session_id}/feedback").json() == []
    assert student.get(f"/sessions/{session_id}").json()["feedback_rating"] is None
    assert [s["feedback_rating"] for s in student.get("/sessions").json() if s["id"] == session_id] == [None]
    assert teacher.get(f"/sessions/{session_id}").json()["feedback_rating"] == 2

    assert teacher.patch(f"/sessions/{session_id}/evaluation", json={"released": True}).status_code == 200
    assert [item["comment"] for item in student.get(f"/sessions/{session_id}/feedback").json()] == [
        "Ask before advising."]
    assert student.get(f"/sessions/{session_id}").json()["feedback_rating"] == 2
