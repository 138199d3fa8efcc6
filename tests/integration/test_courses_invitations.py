"""Consent before a second teacher: a student who already belongs to another teacher is invited, sees nothing of the
new section until they accept, and can decline; an admin setting (VC_DIRECT_ENROLLMENT=1) enrolls them at once."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from tests.support.courses import Student, assign, enroll, new_client, new_section, new_student, start
from tests.support.server import ApiServer, start_api


def new_teacher(server: ApiServer, admin: httpx.Client, name: str = "Tomas Second") -> httpx.Client:
    email = f"teacher.{uuid.uuid4().hex[:8]}@example.com"
    made = admin.post("/users", json={"email": email, "display_name": name, "role": "teacher",
                                      "password": "teacher-pass-123"})
    assert made.status_code == 201, made.text
    return httpx.Client(base_url=server.api, timeout=60,
                        headers={"Authorization": f"Bearer {server.token(email, 'teacher-pass-123')}"})


def first_teachers_student(server: ApiServer, teacher: httpx.Client, name: str = "Pat Shared") -> Student:
    """A student on the demo teacher's roster."""
    student = new_student(server, teacher, name)
    enroll(teacher, new_section(teacher, "First teacher's section")["id"], student)
    return student


def invitation_to(student: Student, section_id: int) -> dict[str, Any]:
    found = [i for i in student.http.get("/me/invitations").json() if i["section_id"] == section_id]
    assert len(found) == 1, found
    return found[0]


@pytest.fixture(scope="module")
def second(server: ApiServer, admin: httpx.Client) -> Iterator[httpx.Client]:
    with new_teacher(server, admin) as client:
        yield client


@pytest.fixture
def course(second: httpx.Client) -> dict[str, Any]:
    """The second teacher's section with a published assignment."""
    section = new_section(second, "Second teacher's section")
    client = new_client(second, name=f"Sam Ortiz {uuid.uuid4().hex[:4]}")
    return {"section": section, "assignment": assign(second, section["id"], client["id"], is_published=True)}


class TestAnotherTeachersStudentIsInvited:
    def test_they_are_invited_not_enrolled_and_see_nothing_of_the_section(
            self, server: ApiServer, teacher: httpx.Client, second: httpx.Client, course: dict[str, Any]) -> None:
        student = first_teachers_student(server, teacher)
        section_id = course["section"]["id"]

        outcome = enroll(second, section_id, student)

        assert [s["email"] for s in outcome["invited"]] == [student.email]
        assert outcome["enrolled"] == [] and outcome["already_enrolled"] == [] and outcome["created"] == []
        assert section_id not in {s["id"] for s in student.http.get("/sections").json()}
        assert student.http.get(f"/sections/{section_id}").status_code == 404
        assert course["assignment"]["id"] not in {a["id"] for a in student.http.get("/assignments").json()}
        assert start(student, course["assignment"]["id"]).status_code == 404
        assert student.email not in {e["email"] for e in second.get(f"/sections/{section_id}/enrollments").json()}
        assert student.email not in {u["email"] for u in second.get("/users").json()}
        assert second.get(f"/sections/{section_id}").json()["student_count"] == 0
        pending = second.get(f"/sections/{section_id}/invitations").json()
        assert [(p["email"], p["status"], p["is_active"]) for p in pending] == [(student.email, "pending", False)]
        invitation = invitation_to(student, section_id)
        assert invitation["section_name"] == "Second teacher's section"
        assert invitation["teacher_name"] == "Tomas Second"

    def test_enrolling_again_while_pending_keeps_one_invitation(
            self, server: ApiServer, teacher: httpx.Client, second: httpx.Client, course: dict[str, Any]) -> None:
        student = first_teachers_student(server, teacher)
        enroll(second, course["section"]["id"], student)
        again = enroll(second, course["section"]["id"], student)
        assert [s["email"] for s in again["invited"]] == [student.email]
        assert len(student.http.get("/me/invitations").json()) == 1

    def test_a_student_another_teacher_created_is_invited_too(
            self, server: ApiServer, teacher: httpx.Client, second: httpx.Client, course: dict[str, Any]) -> None:
        made_by_first = new_student(server, teacher, "Cory Created")
        outcome = enroll(second, course["section"]["id"], made_by_first)
        assert [s["email"] for s in outcome["invited"]] == [made_by_first.email]


class TestAnswering:
    def test_accepting_opens_the_section_and_puts_them_on_the_roster(
            self, server: ApiServer, teacher: httpx.Client, second: httpx.Client, course: dict[str, Any]) -> None:
        student = first_teachers_student(server, teacher)
        section_id = course["section"]["id"]
        enroll(second, section_id, student)
        invitation = invitation_to(student, section_id)

        accepted = student.http.post(f"/me/invitations/{invitation['id']}/accept")

        assert accepted.status_code == 200, accepted.text
        assert accepted.json()["id"] == section_id and accepted.json()["student_count"] == 1
        assert section_id in {s["id"] for s in student.http.get("/sections").json()}
        assert course["assignment"]["id"] in {a["id"] for a in student.http.get("/assignments").json()}
        assert start(student, course["assignment"]["id"]).status_code == 201
        roster = second.get(f"/sections/{section_id}/enrollments").json()
        assert [(e["email"], e["status"]) for e in roster] == [(student.email, "enrolled")]
        assert second.get(f"/sections/{section_id}/invitations").json() == []
        assert student.http.get("/me/invitations").json() == []
        again = student.http.post(f"/me/invitations/{invitation['id']}/accept")
        assert again.status_code == 409 and "already accepted" in again.json()["detail"]
        assert enroll(second, section_id, student)["already_enrolled"][0]["email"] == student.email

    def test_declining_keeps_the_section_out_of_sight_and_the_teacher_may_ask_again(
            self, server: ApiServer, teacher: httpx.Client, second: httpx.Client, course: dict[str, Any]) -> None:
        student = first_teachers_student(server, teacher)
        section_id = course["section"]["id"]
        enroll(second, section_id, student)
        invitation = invitation_to(student, section_id)

        assert student.http.post(f"/me/invitations/{invitation['id']}/decline").status_code == 204

        assert section_id not in {s["id"] for s in student.http.get("/sections").json()}
        assert student.http.get("/me/invitations").json() == []
        assert second.get(f"/sections/{section_id}/invitations").json() == []
        assert student.http.post(f"/me/invitations/{invitation['id']}/accept").status_code == 409
        assert [s["email"] for s in enroll(second, section_id, student)["invited"]] == [student.email]
        assert invitation_to(student, section_id)["id"] == invitation["id"]

    def test_nobody_else_answers_a_students_invitation(
            self, server: ApiServer, teacher: httpx.Client, second: httpx.Client, admin: httpx.Client,
            course: dict[str, Any]) -> None:
        student = first_teachers_student(server, teacher)
        enroll(second, course["section"]["id"], student)
        invitation = invitation_to(student, course["section"]["id"])
        bystander = new_student(server, admin, "Bea Bystander")
        for other in (bystander.http, second, teacher, admin):
            answer = other.post(f"/me/invitations/{invitation['id']}/accept")
            assert answer.status_code == 404 and "not found" in answer.json()["detail"]
        assert invitation_to(student, course["section"]["id"])["id"] == invitation["id"]

    def test_the_teacher_withdraws_a_pending_invitation_by_removing_the_student(
            self, server: ApiServer, teacher: httpx.Client, second: httpx.Client, course: dict[str, Any]) -> None:
        student = first_teachers_student(server, teacher)
        section_id = course["section"]["id"]
        enroll(second, section_id, student)
        invitation = invitation_to(student, section_id)
        assert second.delete(f"/sections/{section_id}/enrollments/{student.id}").status_code == 204
        assert student.http.get("/me/invitations").json() == []
        assert student.http.post(f"/me/invitations/{invitation['id']}/accept").status_code == 404


class TestDirectEnrollment:
    def test_new_accounts_and_students_of_no_other_teacher_are_enrolled_at_once(
            self, server: ApiServer, admin: httpx.Client, second: httpx.Client, course: dict[str, Any]) -> None:
        section_id = course["section"]["id"]
        unattached = new_student(server, admin, "Una Attached")
        own = new_student(server, second, "Owen Own")
        fresh = f"fresh.{uuid.uuid4().hex[:8]}@example.com"
        outcome = second.post(f"/sections/{section_id}/enrollments",
                              json={"emails": [unattached.email, own.email, fresh], "create_missing": True}).json()
        assert {s["email"] for s in outcome["enrolled"]} == {unattached.email, own.email, fresh}
        assert [c["email"] for c in outcome["created"]] == [fresh] and outcome["invited"] == []
        assert section_id in {s["id"] for s in unattached.http.get("/sections").json()}

    def test_the_same_teachers_other_section_needs_no_invitation(
            self, server: ApiServer, teacher: httpx.Client) -> None:
        student = first_teachers_student(server, teacher)
        outcome = enroll(teacher, new_section(teacher, "Second section, same teacher")["id"], student)
        assert [s["email"] for s in outcome["enrolled"]] == [student.email] and outcome["invited"] == []

    def test_the_admin_setting_enrolls_another_teachers_student_at_once(
            self, database_url: str, server: ApiServer, teacher: httpx.Client) -> None:
        student = first_teachers_student(server, teacher)
        direct = start_api(database_url, extra_env={"VC_DIRECT_ENROLLMENT": "1"})
        try:
            admin = direct.client("admin@example.com")
            other = new_teacher(direct, admin, "Dana Direct")
            section_id = new_section(other, "Direct section")["id"]
            outcome = enroll(other, section_id, student)
            assert [s["email"] for s in outcome["enrolled"]] == [student.email] and outcome["invited"] == []
            assert section_id in {s["id"] for s in student.http.get("/sections").json()}
            assert student.http.get("/me/invitations").json() == []
        finally:
            direct.stop()
