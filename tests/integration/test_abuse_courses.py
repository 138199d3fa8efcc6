"""Courses under abuse: attempts after the teacher closed them, scores released by a policy that changed, a roster
that tells who has an account, students who stay listed after removal, and a 500-address import that stalls
everyone. Each attack runs first (on 127.0.0.1), then the test checks that it held."""

from __future__ import annotations

import time
import uuid
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest

from tests.support.abuse import Bystander
from tests.support.courses import Course, assign, enroll, new_course, new_section, new_student, start, talk
from tests.support.feedback import STUDENT_LINES, evaluation_when_ready
from tests.support.server import ApiServer


@pytest.fixture
def course(server: ApiServer, teacher: httpx.Client) -> Course:
    return new_course(server, teacher)


def attempt(course: Course, teacher: httpx.Client, **fields: object) -> tuple[dict, int]:
    assignment = assign(teacher, course.section["id"], course.client["id"], min_turns=1, **fields)
    session_id = int(start(course.first, assignment["id"]).json()["id"])
    talk(course.first, session_id, "Hello, what brings you in today?")
    return assignment, session_id


def send(course: Course, session_id: int, text: str = "How have you been?") -> httpx.Response:
    return course.first.http.post(f"/sessions/{session_id}/messages", json={"content": text})


class TestClosedAttempts:
    def test_an_unpublished_assignment_takes_no_more_messages_and_no_submission(
            self, teacher: httpx.Client, course: Course) -> None:
        assignment, session_id = attempt(course, teacher)
        assert teacher.patch(f"/assignments/{assignment['id']}", json={"is_published": False}).status_code == 200
        refused = send(course, session_id)
        streamed = course.first.http.post(f"/sessions/{session_id}/messages/stream", json={"content": "Still?"})
        submitted = course.first.http.post(f"/sessions/{session_id}/submit")
        assert (refused.status_code, streamed.status_code, submitted.status_code) == (409, 409, 409)
        assert "closed this assignment" in refused.json()["detail"]
        assert teacher.patch(f"/assignments/{assignment['id']}", json={"is_published": True}).status_code == 200
        assert send(course, session_id).status_code == 201, "published again, the attempt goes on"

    def test_an_archived_assignment_takes_no_more_messages_and_no_submission(
            self, teacher: httpx.Client, course: Course) -> None:
        assignment, session_id = attempt(course, teacher)
        assert teacher.delete(f"/assignments/{assignment['id']}").status_code == 204
        assert send(course, session_id).status_code == 409
        assert course.first.http.post(f"/sessions/{session_id}/submit").status_code == 409

    def test_a_removed_student_can_no_longer_send_or_submit(self, teacher: httpx.Client, course: Course) -> None:
        _, session_id = attempt(course, teacher)
        assert teacher.delete(f"/sections/{course.section['id']}/enrollments/{course.first.id}").status_code == 204
        refused = send(course, session_id)
        assert refused.status_code == 403 and "no longer enrolled" in refused.json()["detail"]
        assert course.first.http.post(f"/sessions/{session_id}/submit").status_code == 403
        practice = course.first.http.post("/sessions", json={"client_id": course.first.http.get(
            "/clients").json()[0]["id"]}) if course.first.http.get("/clients").json() else None
        if practice is not None and practice.status_code == 201:  # free practice is the student's own
            assert send(course, practice.json()["id"]).status_code == 201


class TestReleaseFollowsTheAssignment:
    def test_switching_to_after_review_withholds_scores_already_shown_and_the_drafts_that_follow(
            self, teacher: httpx.Client, course: Course) -> None:
        assignment = assign(teacher, course.section["id"], course.client["id"], min_turns=2)
        session_id = int(start(course.first, assignment["id"]).json()["id"])
        talk(course.first, session_id, *STUDENT_LINES[:3])
        assert course.first.http.post(f"/sessions/{session_id}/submit").status_code == 200
        assert evaluation_when_ready(course.first.http, session_id)["released"] is True

        switched = teacher.patch(f"/assignments/{assignment['id']}", json={"feedback_release": "after_review"})
        assert switched.status_code == 200
        draft = teacher.patch(f"/sessions/{session_id}/evaluation", json={"comment": "DRAFT: half-written thought"})
        assert draft.status_code == 200, draft.text
        seen = course.first.http.get(f"/sessions/{session_id}/evaluation").json()
        assert seen["released"] is False and seen["criteria"] is None
        assert "DRAFT" not in str(seen)
        assert teacher.patch(f"/sessions/{session_id}/evaluation", json={"released": True}).status_code == 200
        assert course.first.http.get(f"/sessions/{session_id}/evaluation").json()["released"] is True


class TestEnrollmentTellsNothing:
    def test_every_refusal_reads_the_same_whatever_the_account(self, server: ApiServer, teacher: httpx.Client,
                                                              admin: httpx.Client) -> None:
        section = new_section(teacher)
        leaver = new_student(server, admin, "Lee Leaver")
        admin_made = admin.post("/users", json={"email": f"t.{uuid.uuid4().hex[:6]}@example.com",
                                                "display_name": "Other Teacher", "role": "teacher",
                                                "password": "teacher-pass-123"}).json()
        from tests.support.server import query_db

        query_db(server.database_url, f"UPDATE users SET is_active = FALSE WHERE id = {int(leaver.id)}")
        outcome = teacher.post(f"/sections/{section['id']}/enrollments", json={"emails": [
            "admin@example.com", admin_made["email"], leaver.email, f"ghost.{uuid.uuid4().hex[:6]}@example.com"]})
        reasons = {entry["reason"] for entry in outcome.json()["invalid"]}
        assert reasons == {"this address cannot be enrolled as a student"}
        assert len(outcome.json()["invalid"]) == 4

    def test_a_removed_student_leaves_the_teachers_account_list(self, server: ApiServer, teacher: httpx.Client,
                                                                admin: httpx.Client) -> None:
        section = new_section(teacher)
        student = new_student(server, admin, "Rita Removed")
        enroll(teacher, section["id"], student)
        assert student.email in {u["email"] for u in teacher.get("/users").json()}
        assert teacher.delete(f"/sections/{section['id']}/enrollments/{student.id}").status_code == 204
        assert student.email not in {u["email"] for u in teacher.get("/users").json()}
        own = new_student(server, teacher, "Own Created")
        assert own.email in {u["email"] for u in teacher.get("/users").json()}, "created, never enrolled: listed"


class TestRosterImport:
    def test_500_new_addresses_answer_in_under_2_s_and_others_stay_fast(
            self, server: ApiServer, teacher: httpx.Client, student: httpx.Client) -> None:
        section = new_section(teacher)
        emails = [f"roster.{i}.{uuid.uuid4().hex[:6]}@example.edu" for i in range(500)]
        with Bystander(lambda: student.get("/sessions")) as bystander:
            started = time.perf_counter()
            response = teacher.post(f"/sections/{section['id']}/enrollments",
                                    json={"emails": emails, "create_missing": True}, timeout=60)
            took = time.perf_counter() - started
        assert response.status_code == 200, response.text
        created = response.json()["created"]
        assert len(created) == 500 and len(response.json()["enrolled"]) == 500
        assert took < 2, f"the import took {took:.2f}s"
        assert bystander.median < 0.5 and bystander.worst < 2, (
            f"others waited {bystander.median:.2f}s (median), {bystander.worst:.2f}s at worst")

        first = created[0]
        signed_in = httpx.post(f"{server.api}/auth/login",
                               json={"email": first["email"], "password": first["temporary_password"]})
        assert signed_in.status_code == 200 and signed_in.json()["user"]["temporary_sign_in"] is True
        token = {"Authorization": f"Bearer {signed_in.json()['access_token']}"}
        blocked = httpx.get(f"{server.api}/sessions", headers=token)
        assert (blocked.status_code, blocked.json()["error"]) == (403, "password_change_required")
        chosen = httpx.post(f"{server.api}/auth/password", headers=token, json={
            "current_password": first["temporary_password"], "new_password": "my-own-password-1"})
        assert chosen.status_code == 200 and chosen.json()["user"]["temporary_sign_in"] is False
        fresh = {"Authorization": f"Bearer {chosen.json()['access_token']}"}
        assert httpx.get(f"{server.api}/sessions", headers=fresh).status_code == 200

    def test_parallel_imports_stay_within_bounds(self, server: ApiServer, teacher: httpx.Client) -> None:
        sections = [new_section(teacher) for _ in range(3)]

        def run(section: dict) -> int:
            emails = [f"par.{uuid.uuid4().hex[:10]}@example.edu" for _ in range(100)]
            return teacher.post(f"/sections/{section['id']}/enrollments",
                                json={"emails": emails, "create_missing": True}, timeout=60).status_code

        with ThreadPoolExecutor(3) as pool:
            assert list(pool.map(run, sections)) == [200, 200, 200]
