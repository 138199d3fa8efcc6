"""Helpers for course tests over HTTP: a section of one's own, students enrolled in it, an assignment given."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx

from tests.support.api import PERSONA
from tests.support.server import ApiServer

STUDENT_PASSWORD = "student-pass-123"


@dataclass
class Student:
    http: httpx.Client
    id: int
    email: str
    name: str


def new_student(server: ApiServer, creator: httpx.Client, name: str = "Robin Student") -> Student:
    """A student account of the test's own (created by `creator`, a teacher or an admin), signed in."""
    email = f"{name.split()[0].lower()}.{uuid.uuid4().hex[:8]}@example.com"
    response = creator.post("/users", json={"email": email, "display_name": name, "role": "student",
                                            "password": STUDENT_PASSWORD})
    assert response.status_code == 201, response.text
    http = httpx.Client(base_url=server.api, timeout=60,
                        headers={"Authorization": f"Bearer {server.token(email, STUDENT_PASSWORD)}"})
    return Student(http=http, id=response.json()["id"], email=email, name=name)


def new_section(teacher: httpx.Client, name: str = "SWK 510 — Motivational Interviewing", **fields: Any
                ) -> dict[str, Any]:
    response = teacher.post("/sections", json={"name": name, "course_code": "SWK 510", "term": "Spring 2027",
                                               **fields})
    assert response.status_code == 201, response.text
    return dict(response.json())


def enroll(teacher: httpx.Client, section_id: int, *students: Student) -> dict[str, Any]:
    response = teacher.post(f"/sections/{section_id}/enrollments", json={"emails": [s.email for s in students]})
    assert response.status_code == 200, response.text
    return dict(response.json())


def new_client(teacher: httpx.Client, *, published: bool = False, **changes: Any) -> dict[str, Any]:
    response = teacher.post("/clients", json={**PERSONA, "is_published": published, **changes})
    assert response.status_code == 201, response.text
    return dict(response.json())


def iso(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat()


def hours(n: float) -> str:
    """A time n hours from now (negative: in the past), as the API takes it."""
    return iso(datetime.now(UTC) + timedelta(hours=n))


def assign(teacher: httpx.Client, section_id: int, client_id: int, **fields: Any) -> dict[str, Any]:
    body = {"client_id": client_id, "title": "First interview", "instructions": "Open with an open question.",
            **fields}
    response = teacher.post(f"/sections/{section_id}/assignments", json=body)
    assert response.status_code == 201, response.text
    return dict(response.json())


def start(student: Student, assignment_id: int) -> httpx.Response:
    return student.http.post("/sessions", json={"assignment_id": assignment_id})


def talk(student: Student, session_id: int, *lines: str) -> None:
    for line in lines:
        response = student.http.post(f"/sessions/{session_id}/messages", json={"content": line})
        assert response.status_code == 201, response.text


@dataclass
class Course:
    """A teacher's section with two enrolled students and an unpublished client assigned to it."""

    section: dict[str, Any]
    client: dict[str, Any]
    first: Student
    second: Student


def new_course(server: ApiServer, teacher: httpx.Client) -> Course:
    section = new_section(teacher)
    client = new_client(teacher, name=f"Ana Flores {uuid.uuid4().hex[:4]}")
    first, second = new_student(server, teacher, "Diego Ramírez"), new_student(server, teacher, "Mei-Ling Chen")
    enroll(teacher, section["id"], first, second)
    return Course(section=section, client=client, first=first, second=second)
