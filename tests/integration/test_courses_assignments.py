"""Assignments: a teacher gives a client to a section; students see theirs, due soonest first, with their status."""

from __future__ import annotations

import httpx

from tests.support.courses import assign, enroll, hours, new_client, new_course, new_section, new_student, start
from tests.support.server import ApiServer


class TestGivingAnAssignment:
    def test_the_assignment_carries_every_field_and_the_clients_public_card(
        self, server: ApiServer, teacher: httpx.Client
    ) -> None:
        course = new_course(server, teacher)
        created = assign(teacher, course.section["id"], course.client["id"], title="Engagement",
                         opens_at=hours(-1), due_at=hours(48), max_attempts=2, min_turns=3, allow_late=True)
        assert created["title"] == "Engagement" and created["section_id"] == course.section["id"]
        assert created["section_name"] == course.section["name"] and created["course_code"] == "SWK 510"
        assert created["max_attempts"] == 2 and created["min_turns"] == 3 and created["allow_late"] is True
        assert created["is_published"] is True, "assigning publishes unless told otherwise"
        assert created["client"] == {"id": course.client["id"], "name": course.client["name"],
                                     "age": course.client["age"], "student_brief": course.client["student_brief"]}
        assert "hidden_facts" not in created["client"]
        assert created["status"] is None, "a teacher has no standing of their own"
        assert teacher.get(f"/assignments/{created['id']}").json() == created

    def test_times_without_a_zone_are_utc_and_the_due_date_must_follow_the_opening(
        self, server: ApiServer, teacher: httpx.Client
    ) -> None:
        course = new_course(server, teacher)
        made = assign(teacher, course.section["id"], course.client["id"], due_at="2030-05-01T17:00:00",
                      opens_at="2030-04-01T09:00:00+02:00")
        assert made["due_at"].startswith("2030-05-01T17:00:00") and made["due_at"].endswith(("Z", "+00:00"))
        assert made["opens_at"].startswith("2030-04-01T07:00:00")
        backwards = teacher.post(f"/sections/{course.section['id']}/assignments", json={
            "client_id": course.client["id"], "title": "Backwards", "instructions": "",
            "opens_at": hours(5), "due_at": hours(1)})
        assert backwards.status_code == 422 and "due_at must be after opens_at" in backwards.json()["detail"]
        edit = teacher.patch(f"/assignments/{made['id']}", json={"due_at": "2030-03-01T00:00:00Z"})
        assert edit.status_code == 422 and "after the opening date" in edit.json()["detail"]
        for edge in ("9999-12-31T23:00:00-05:00", "0001-01-01T00:30:00+05:00"):  # no such moment in UTC
            beyond = teacher.patch(f"/assignments/{made['id']}", json={"opens_at": edge})
            assert beyond.status_code == 422 and "too far in the past or future" in beyond.json()["detail"]

    def test_a_teacher_assigns_only_their_own_clients(self, server: ApiServer, teacher: httpx.Client,
                                                      admin: httpx.Client) -> None:
        course = new_course(server, teacher)
        admins_client = new_client(admin, published=True)
        refused = teacher.post(f"/sections/{course.section['id']}/assignments", json={
            "client_id": admins_client["id"], "title": "Not mine", "instructions": ""})
        assert refused.status_code == 404
        by_admin = admin.post(f"/sections/{course.section['id']}/assignments", json={
            "client_id": admins_client["id"], "title": "Given by the admin", "instructions": ""})
        assert by_admin.status_code == 201, "admins may assign any client"

    def test_edits_clear_dates_with_null_and_keep_other_fields(self, server: ApiServer,
                                                               teacher: httpx.Client) -> None:
        course = new_course(server, teacher)
        made = assign(teacher, course.section["id"], course.client["id"], due_at=hours(24), max_attempts=3)
        edited = teacher.patch(f"/assignments/{made['id']}", json={"due_at": None, "max_attempts": None,
                                                                   "title": None, "min_turns": 5}).json()
        assert edited["due_at"] is None and edited["max_attempts"] is None
        assert edited["title"] == made["title"] and edited["min_turns"] == 5

    def test_the_client_cannot_change_once_students_have_started(self, server: ApiServer,
                                                                 teacher: httpx.Client) -> None:
        course = new_course(server, teacher)
        made = assign(teacher, course.section["id"], course.client["id"])
        other = new_client(teacher)
        assert start(course.first, made["id"]).status_code == 201
        response = teacher.patch(f"/assignments/{made['id']}", json={"client_id": other["id"]})
        assert response.status_code == 409 and "cannot change" in response.json()["detail"]

    def test_deleting_archives_it_and_keeps_its_sessions(self, server: ApiServer, teacher: httpx.Client) -> None:
        course = new_course(server, teacher)
        made = assign(teacher, course.section["id"], course.client["id"])
        session = start(course.first, made["id"]).json()
        assert teacher.delete(f"/assignments/{made['id']}").status_code == 204
        assert teacher.get(f"/assignments/{made['id']}").status_code == 404
        assert course.first.http.get("/assignments").json() == []
        assert course.first.http.get(f"/sessions/{session['id']}").json()["assignment_id"] == made["id"]
        assert teacher.get(f"/sections/{course.section['id']}").json()["assignment_count"] == 0


class TestAssignedClientsStayPrivate:
    def test_an_unpublished_assigned_client_is_reached_only_through_the_assignment(
        self, server: ApiServer, teacher: httpx.Client
    ) -> None:
        course = new_course(server, teacher)
        made = assign(teacher, course.section["id"], course.client["id"])
        student = course.first.http
        assert course.client["id"] not in [c["id"] for c in student.get("/clients").json()]
        assert student.get(f"/clients/{course.client['id']}").status_code == 404
        assert student.post("/sessions", json={"client_id": course.client["id"]}).status_code == 404
        session = start(course.first, made["id"])
        assert session.status_code == 201, session.text
        assert session.json()["client_id"] == course.client["id"]
        assert session.json()["assignment_id"] == made["id"] and session.json()["attempt_number"] == 1
        outsider = new_student(server, teacher)
        assert start(outsider, made["id"]).status_code == 404


class TestAStudentsList:
    def test_due_soonest_first_with_status_and_attempts_across_sections(
        self, server: ApiServer, teacher: httpx.Client
    ) -> None:
        course = new_course(server, teacher)
        other_section = new_section(teacher, name="SWK 530 — Family Practice")
        enroll(teacher, other_section["id"], course.first)
        later = assign(teacher, course.section["id"], course.client["id"], title="Later", due_at=hours(72),
                       max_attempts=2)
        assign(teacher, other_section["id"], course.client["id"], title="Sooner", due_at=hours(24))
        undated = assign(teacher, course.section["id"], course.client["id"], title="Whenever")
        assign(teacher, course.section["id"], course.client["id"], title="Draft", is_published=False)
        start(course.first, later["id"])
        listed = course.first.http.get("/assignments").json()
        assert [a["title"] for a in listed] == ["Sooner", "Later", "Whenever"]
        by_title = {a["title"]: a for a in listed}
        assert by_title["Later"]["status"] == "in_progress"
        assert by_title["Later"]["attempts_used"] == 1 and by_title["Later"]["attempts_left"] == 1
        assert by_title["Later"]["active_session_id"] is not None
        assert by_title["Sooner"]["status"] == "not_started" and by_title["Sooner"]["attempts_left"] is None
        assert by_title["Whenever"]["start_refusal"] is None
        assert by_title["Sooner"]["section_name"] == "SWK 530 — Family Practice"
        assert {a["id"] for a in course.second.http.get("/assignments").json()} == {later["id"], undated["id"]}
        teachers = {a["title"] for a in teacher.get("/assignments").json()}
        assert {"Later", "Sooner", "Whenever", "Draft"} <= teachers, "a teacher sees drafts too"

    def test_a_section_lists_its_published_assignments_to_its_students(self, server: ApiServer,
                                                                       teacher: httpx.Client) -> None:
        course = new_course(server, teacher)
        shown = assign(teacher, course.section["id"], course.client["id"], title="Shown")
        draft = assign(teacher, course.section["id"], course.client["id"], title="Draft", is_published=False)
        mine = course.first.http.get(f"/sections/{course.section['id']}/assignments").json()
        assert [a["id"] for a in mine] == [shown["id"]] and mine[0]["status"] == "not_started"
        assert course.first.http.get(f"/assignments/{draft['id']}").status_code == 404
        assert len(teacher.get(f"/sections/{course.section['id']}/assignments").json()) == 2
        assert course.first.http.get(f"/sections/{course.section['id']}").json()["assignment_count"] == 1
