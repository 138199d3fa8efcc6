"""Attempts at an assignment: starting is refused with a reason a student can act on, submitting needs enough
turns, and the teacher's progress grid shows where everyone stands."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import httpx

from backend.schemas.progress import SectionProgress
from tests.support.courses import Course, assign, hours, new_course, start, talk
from tests.support.server import ApiServer


def course_with(server: ApiServer, teacher: httpx.Client, **fields: object) -> tuple[Course, dict]:
    course = new_course(server, teacher)
    return course, assign(teacher, course.section["id"], course.client["id"], **fields)


class TestStartingIsRefusedClearly:
    def test_not_enrolled_is_not_found(self, server: ApiServer, teacher: httpx.Client) -> None:
        _, assignment = course_with(server, teacher)
        stranger = new_course(server, teacher).first
        response = start(stranger, assignment["id"])
        assert response.status_code == 404 and "was not found" in response.json()["detail"]

    def test_an_unpublished_assignment_is_not_found_by_its_students(self, server: ApiServer,
                                                                    teacher: httpx.Client) -> None:
        course, assignment = course_with(server, teacher, is_published=False)
        response = start(course.first, assignment["id"])
        assert response.status_code == 404 and "was not found" in response.json()["detail"]
        assert course.first.http.get(f"/assignments/{assignment['id']}").status_code == 404

    def test_not_open_yet_says_when_it_opens(self, server: ApiServer, teacher: httpx.Client) -> None:
        course, assignment = course_with(server, teacher, opens_at="2031-03-02T14:30:00Z")
        response = start(course.first, assignment["id"])
        assert response.status_code == 409
        assert response.json()["detail"] == "This assignment opens on 02 Mar 2031, 14:30 UTC; you can start it then."
        listed = course.first.http.get(f"/assignments/{assignment['id']}").json()
        assert listed["status"] == "not_open" and "opens on" in listed["start_refusal"]

    def test_past_due_without_late_work_is_refused_and_missed(self, server: ApiServer,
                                                              teacher: httpx.Client) -> None:
        course, assignment = course_with(server, teacher, due_at=hours(-2))
        response = start(course.first, assignment["id"])
        assert response.status_code == 409 and "does not accept late work" in response.json()["detail"]
        assert course.first.http.get(f"/assignments/{assignment['id']}").json()["status"] == "missed"

    def test_past_due_with_late_work_allowed_starts_and_submits_late(self, server: ApiServer,
                                                                     teacher: httpx.Client) -> None:
        course, assignment = course_with(server, teacher, due_at=hours(-2), allow_late=True)
        session = start(course.first, assignment["id"])
        assert session.status_code == 201, session.text
        talk(course.first, session.json()["id"], "Hello, what brings you in today?")
        submitted = course.first.http.post(f"/sessions/{session.json()['id']}/submit")
        assert submitted.status_code == 200 and submitted.json()["submitted_at"]
        mine = course.first.http.get(f"/assignments/{assignment['id']}").json()
        assert mine["status"] == "late" and mine["late"] is True

    def test_used_up_attempts_say_how_many_were_allowed(self, server: ApiServer, teacher: httpx.Client) -> None:
        course, assignment = course_with(server, teacher, max_attempts=2)
        for _ in range(2):
            session = start(course.first, assignment["id"])
            assert session.status_code == 201
            assert course.first.http.post(f"/sessions/{session.json()['id']}/end").status_code == 200
        response = start(course.first, assignment["id"])
        assert response.status_code == 409
        assert response.json()["detail"] == "You have used all 2 attempts allowed for this assignment."
        mine = course.first.http.get(f"/assignments/{assignment['id']}").json()
        assert mine["attempts_used"] == 2 and mine["attempts_left"] == 0

    def test_a_second_start_while_one_is_in_progress_is_refused(self, server: ApiServer,
                                                                teacher: httpx.Client) -> None:
        course, assignment = course_with(server, teacher)
        assert start(course.first, assignment["id"]).status_code == 201
        again = start(course.first, assignment["id"])
        assert again.status_code == 409 and "already have an attempt in progress" in again.json()["detail"]

    def test_racing_starts_make_one_attempt(self, server: ApiServer, teacher: httpx.Client) -> None:
        course, assignment = course_with(server, teacher, max_attempts=3)
        with ThreadPoolExecutor(max_workers=6) as pool:
            statuses = sorted(pool.map(lambda _: start(course.first, assignment["id"]).status_code, range(6)))
        assert statuses == [201, 409, 409, 409, 409, 409], "a double click never burns two attempts"
        mine = course.first.http.get(f"/assignments/{assignment['id']}").json()
        assert mine["attempts_used"] == 1 and mine["attempts_left"] == 2

    def test_teachers_test_clients_instead_of_attempting(self, server: ApiServer, teacher: httpx.Client,
                                                         admin: httpx.Client) -> None:
        _, assignment = course_with(server, teacher)
        assert start_as(teacher, assignment["id"]).status_code == 403
        assert start_as(admin, assignment["id"]).status_code == 403

    def test_exactly_one_of_client_and_assignment(self, server: ApiServer, teacher: httpx.Client) -> None:
        course, assignment = course_with(server, teacher)
        both = course.first.http.post("/sessions", json={"assignment_id": assignment["id"],
                                                         "client_id": course.client["id"]})
        assert both.status_code == 422 and "exactly one" in both.json()["detail"]
        assert course.first.http.post("/sessions", json={}).status_code == 422


def start_as(http: httpx.Client, assignment_id: int) -> httpx.Response:
    return http.post("/sessions", json={"assignment_id": assignment_id})


class TestSubmitting:
    def test_under_min_turns_says_how_many_more_messages_are_needed(self, server: ApiServer,
                                                                     teacher: httpx.Client) -> None:
        course, assignment = course_with(server, teacher, min_turns=3)
        session_id = start(course.first, assignment["id"]).json()["id"]
        talk(course.first, session_id, "Hello Ana.")
        response = course.first.http.post(f"/sessions/{session_id}/submit")
        assert response.status_code == 422
        assert response.json()["detail"].startswith("2 more messages needed")
        assert course.first.http.get(f"/sessions/{session_id}").json()["status"] == "active", "still open"
        talk(course.first, session_id, "What brings you in?")
        one_more = course.first.http.post(f"/sessions/{session_id}/submit")
        assert one_more.json()["detail"].startswith("1 more message needed")
        talk(course.first, session_id, "That sounds hard.")
        submitted = course.first.http.post(f"/sessions/{session_id}/submit")
        assert submitted.status_code == 200, submitted.text
        body = submitted.json()
        assert body["status"] == "ended" and body["submitted_at"] and body["student_turns"] == 3
        again = course.first.http.post(f"/sessions/{session_id}/submit")
        assert again.json()["submitted_at"] == body["submitted_at"], "submitting twice keeps the first time"

    def test_ending_keeps_the_attempt_and_an_ended_attempt_can_still_be_submitted(
        self, server: ApiServer, teacher: httpx.Client
    ) -> None:
        course, assignment = course_with(server, teacher, max_attempts=3)
        session_id = start(course.first, assignment["id"]).json()["id"]
        talk(course.first, session_id, "Hello.")
        ended = course.first.http.post(f"/sessions/{session_id}/end").json()
        assert ended["status"] == "ended" and ended["submitted_at"] is None
        mine = course.first.http.get(f"/assignments/{assignment['id']}").json()
        assert mine["status"] == "in_progress" and mine["attempts_used"] == 1 and mine["attempts_left"] == 2
        assert course.first.http.post(f"/sessions/{session_id}/submit").status_code == 200
        assert course.first.http.get(f"/assignments/{assignment['id']}").json()["status"] == "submitted"

    def test_free_practice_and_other_peoples_sessions_cannot_be_submitted(
        self, server: ApiServer, teacher: httpx.Client
    ) -> None:
        course, assignment = course_with(server, teacher)
        practice = course.first.http.post("/sessions", json={"client_id": teacher.post(
            "/clients", json={"name": "Pat", "age": 40, "is_published": True}).json()["id"]}).json()
        refused = course.first.http.post(f"/sessions/{practice['id']}/submit")
        assert refused.status_code == 409 and "free-practice" in refused.json()["detail"]
        session_id = start(course.first, assignment["id"]).json()["id"]
        assert course.second.http.post(f"/sessions/{session_id}/submit").status_code == 404
        assert teacher.post(f"/sessions/{session_id}/submit").status_code == 403


class TestProgressGrid:
    def test_the_grid_shows_each_student_by_each_assignment(self, server: ApiServer,
                                                            teacher: httpx.Client) -> None:
        course, first_task = course_with(server, teacher, title="Engagement", due_at=hours(48), min_turns=1)
        second_task = assign(teacher, course.section["id"], course.client["id"], title="Closing", due_at=hours(96))
        session_id = start(course.first, first_task["id"]).json()["id"]
        talk(course.first, session_id, "Hello, I'm Diego. What brings you in?", "Tell me more.")
        course.first.http.post(f"/sessions/{session_id}/submit")
        in_progress = start(course.second, first_task["id"]).json()["id"]

        grid = teacher.get(f"/sections/{course.section['id']}/progress").json()
        SectionProgress.model_validate(grid)  # the hand-built JSON keeps the documented schema
        assert grid["section"]["id"] == course.section["id"]
        assert [a["title"] for a in grid["assignments"]] == ["Engagement", "Closing"]
        rows = {s["display_name"]: s for s in grid["students"]}
        assert list(rows) == ["Diego Ramírez", "Mei-Ling Chen"]
        done, untouched = rows["Diego Ramírez"]["cells"]
        assert done == {"assignment_id": first_task["id"], "status": "submitted", "attempts": 1,
                        "last_session_id": session_id, "submitted_session_id": session_id,
                        "submitted_at": done["submitted_at"], "late": False, "student_turns": 2}
        assert untouched["assignment_id"] == second_task["id"] and untouched["status"] == "not_started"
        assert rows["Mei-Ling Chen"]["cells"][0]["status"] == "in_progress"
        assert rows["Mei-Ling Chen"]["cells"][0]["last_session_id"] == in_progress
        assert rows["Mei-Ling Chen"]["email"] == course.second.email

    def test_the_teacher_opens_a_students_submitted_transcript(self, server: ApiServer,
                                                               teacher: httpx.Client) -> None:
        course, assignment = course_with(server, teacher)
        session_id = start(course.first, assignment["id"]).json()["id"]
        talk(course.first, session_id, "Hello Ana, I'm Diego.")
        assert [s["id"] for s in teacher.get("/sessions", params={"limit": 500}).json()].count(session_id) == 1
        messages = teacher.get(f"/sessions/{session_id}/messages").json()
        assert messages[0]["content"] == "Hello Ana, I'm Diego."
