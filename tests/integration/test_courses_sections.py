"""Sections and enrollment: a teacher's class, enrolling a pasted list of emails, the roster, removing a student."""

from __future__ import annotations

import uuid

import httpx

from tests.support.courses import STUDENT_PASSWORD, assign, enroll, new_client, new_section, new_student, start
from tests.support.server import ApiServer


class TestSections:
    def test_a_teacher_creates_a_section_and_reads_it_back_with_counts(self, teacher: httpx.Client) -> None:
        created = new_section(teacher, name="SWK 520 — Group Work", description="Thursday mornings.")
        assert created["name"] == "SWK 520 — Group Work"
        assert created["course_code"] == "SWK 510" and created["term"] == "Spring 2027"
        assert created["student_count"] == 0 and created["assignment_count"] == 0
        assert created["teacher_id"] == teacher.get("/auth/me").json()["id"]
        assert teacher.get(f"/sections/{created['id']}").json() == created
        assert created["id"] in [s["id"] for s in teacher.get("/sections").json()]

    def test_only_the_name_is_required_and_nulls_mean_blank(self, teacher: httpx.Client) -> None:
        response = teacher.post("/sections", json={"name": "Evening cohort", "course_code": None, "term": None})
        assert response.status_code == 201, response.text
        assert response.json()["course_code"] == "" and response.json()["term"] == ""
        assert teacher.post("/sections", json={"name": "  "}).status_code == 422

    def test_edits_change_only_what_was_sent(self, teacher: httpx.Client) -> None:
        section = new_section(teacher)
        response = teacher.patch(f"/sections/{section['id']}", json={"term": "Fall 2027", "name": None})
        assert response.status_code == 200
        assert response.json()["term"] == "Fall 2027" and response.json()["name"] == section["name"]

    def test_deleting_archives_the_section_out_of_every_list(self, server: ApiServer, teacher: httpx.Client) -> None:
        section = new_section(teacher)
        student = new_student(server, teacher)
        enroll(teacher, section["id"], student)
        assert teacher.delete(f"/sections/{section['id']}").status_code == 204
        assert teacher.get(f"/sections/{section['id']}").status_code == 404
        assert section["id"] not in [s["id"] for s in teacher.get("/sections").json()]
        assert student.http.get("/sections").json() == []

    def test_each_sees_their_own_sections(self, server: ApiServer, teacher: httpx.Client,
                                          admin: httpx.Client) -> None:
        mine = new_section(teacher)
        student = new_student(server, teacher)
        enroll(teacher, mine["id"], student)
        assert [s["id"] for s in student.http.get("/sections").json()] == [mine["id"]]
        assert mine["id"] in [s["id"] for s in admin.get("/sections").json()]
        other = new_student(server, teacher)
        assert other.http.get("/sections").json() == []
        assert other.http.get(f"/sections/{mine['id']}").status_code == 404


class TestEnrollment:
    def test_one_bad_address_never_sinks_the_batch(self, server: ApiServer, teacher: httpx.Client) -> None:
        section = new_section(teacher)
        known = new_student(server, teacher)
        response = teacher.post(f"/sections/{section['id']}/enrollments", json={
            "emails": [known.email.upper(), "not-an-email", "", "teacher@example.com", "nobody@example.com"],
        })
        assert response.status_code == 200, response.text
        outcome = response.json()
        assert [s["email"] for s in outcome["enrolled"]] == [known.email]
        assert outcome["already_enrolled"] == [] and outcome["created"] == []
        reasons = {entry["email"]: entry["reason"] for entry in outcome["invalid"]}
        assert set(reasons) == {"not-an-email", "teacher@example.com", "nobody@example.com"}
        assert "@" in reasons["not-an-email"]
        # One neutral reason: the answer never tells whether an address has an account or what it is.
        assert reasons["teacher@example.com"] == reasons["nobody@example.com"] == (
            "this address cannot be enrolled as a student")
        assert teacher.get(f"/sections/{section['id']}").json()["student_count"] == 1

    def test_enrolling_again_reports_already_enrolled(self, server: ApiServer, teacher: httpx.Client) -> None:
        section = new_section(teacher)
        student = new_student(server, teacher)
        enroll(teacher, section["id"], student)
        again = enroll(teacher, section["id"], student)
        assert again["enrolled"] == [] and [s["student_id"] for s in again["already_enrolled"]] == [student.id]

    def test_missing_accounts_are_created_with_a_temporary_password_that_signs_in(
        self, server: ApiServer, teacher: httpx.Client
    ) -> None:
        section = new_section(teacher)
        email = f"diego.ramirez.{uuid.uuid4().hex[:6]}@uni.example.edu"
        response = teacher.post(f"/sections/{section['id']}/enrollments",
                                json={"emails": [f"  {email} ", email], "create_missing": True})
        outcome = response.json()
        [created] = outcome["created"]
        assert created["email"] == email and created["display_name"].startswith("Diego Ramirez")
        assert len(created["temporary_password"]) >= 10
        assert [s["email"] for s in outcome["enrolled"]] == [email]
        login = httpx.post(f"{server.api}/auth/login", json={"email": email,
                                                              "password": created["temporary_password"]})
        assert login.status_code == 200
        assert email in [u["email"] for u in teacher.get("/users").json()]

    def test_too_many_or_no_addresses_are_refused_whole(self, teacher: httpx.Client) -> None:
        section = new_section(teacher)
        assert teacher.post(f"/sections/{section['id']}/enrollments", json={"emails": []}).status_code == 422
        many = [f"s{i}@example.com" for i in range(501)]
        assert teacher.post(f"/sections/{section['id']}/enrollments", json={"emails": many}).status_code == 422

    def test_the_roster_lists_active_students_and_removal_keeps_their_history(
        self, server: ApiServer, teacher: httpx.Client
    ) -> None:
        section = new_section(teacher)
        staying, leaving = new_student(server, teacher, "Ana Staying"), new_student(server, teacher, "Bo Leaving")
        enroll(teacher, section["id"], staying, leaving)
        assignment = assign(teacher, section["id"], new_client(teacher)["id"])
        session = start(leaving, assignment["id"]).json()
        assert teacher.delete(f"/sections/{section['id']}/enrollments/{leaving.id}").status_code == 204
        roster = teacher.get(f"/sections/{section['id']}/enrollments").json()
        assert [r["display_name"] for r in roster] == ["Ana Staying"]
        everyone = teacher.get(f"/sections/{section['id']}/enrollments", params={"include_removed": True}).json()
        assert {r["display_name"]: r["is_active"] for r in everyone} == {"Ana Staying": True, "Bo Leaving": False}
        assert leaving.http.get(f"/sessions/{session['id']}").status_code == 200, "their session is kept"
        assert teacher.get(f"/sessions/{session['id']}").status_code == 200
        assert leaving.http.get("/sections").json() == []
        assert start(leaving, assignment["id"]).status_code == 403
        assert teacher.delete(f"/sections/{section['id']}/enrollments/{leaving.id}").status_code == 404
        back = enroll(teacher, section["id"], leaving)
        assert [s["student_id"] for s in back["enrolled"]] == [leaving.id], "re-enrolling reactivates them"


class TestWhoATeacherSees:
    def test_a_teacher_lists_only_students_they_created_or_enrolled(
        self, server: ApiServer, teacher: httpx.Client, admin: httpx.Client
    ) -> None:
        admin.post("/users", json={"email": "lister.teacher@example.com", "display_name": "Lister",
                                   "role": "teacher", "password": "lister-teacher-123"})
        lister = httpx.Client(base_url=server.api, headers={
            "Authorization": f"Bearer {server.token('lister.teacher@example.com', 'lister-teacher-123')}"})
        created_by_them = new_student(server, lister, "Made By Lister")
        someone_else = new_student(server, admin, "Made By Admin")
        enrolled_later = new_student(server, admin, "Enrolled Later")
        section = new_section(lister)
        enroll(lister, section["id"], enrolled_later)
        seen = {u["email"] for u in lister.get("/users").json()}
        assert created_by_them.email in seen and enrolled_later.email in seen
        assert someone_else.email not in seen
        assert someone_else.email in {u["email"] for u in admin.get("/users").json()}
        login = httpx.post(f"{server.api}/auth/login", json={"email": created_by_them.email,
                                                              "password": STUDENT_PASSWORD})
        assert login.status_code == 200
