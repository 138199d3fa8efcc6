"""The authorization matrix: every route, every role — nobody reaches what is not theirs."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import httpx
import pytest

from tests.support.api import PERSONA
from tests.support.server import ApiServer

ROLES = ("admin", "owner_teacher", "other_teacher", "holder_student", "other_student", "anonymous")


@dataclass
class World:
    clients: dict[str, httpx.Client]
    client_id: int
    session_id: int
    spare_session_id: int
    ids: dict[str, int]  # the course: section, assignments, an attempt, a removable student


@pytest.fixture(scope="module")
def world(server: ApiServer, admin: httpx.Client, teacher: httpx.Client) -> Iterator[World]:
    admin.post("/users", json={"email": "other.teacher@example.com", "display_name": "Other Teacher",
                               "role": "teacher", "password": "other-teacher-123"})
    client = teacher.post("/clients", json={**PERSONA, "is_published": True}).json()
    clients = {
        "admin": server.client("admin@example.com"),
        "owner_teacher": server.client("teacher@example.com"),
        "other_teacher": httpx.Client(base_url=server.api, headers={
            "Authorization": f"Bearer {server.token('other.teacher@example.com', 'other-teacher-123')}"}),
        "holder_student": server.client("student1@example.com"),
        "other_student": server.client("student2@example.com"),
        "anonymous": server.client(),
    }
    session = clients["holder_student"].post("/sessions", json={"client_id": client["id"]}).json()
    spare = clients["holder_student"].post("/sessions", json={"client_id": client["id"]}).json()
    yield World(clients, client["id"], session["id"], spare["id"], course(server, clients, client["id"]))
    for http in clients.values():
        http.close()


def course(server: ApiServer, clients: dict[str, httpx.Client], client_id: int) -> dict[str, int]:
    """The owner teacher's section with only the holder student enrolled (and one more to try removing)."""
    owner = clients["owner_teacher"]
    section = owner.post("/sections", json={"name": "Matrix 101"}).json()["id"]
    removable = owner.post("/users", json={**NEW_STUDENT, "email": "matrix.removable@example.com"}).json()["id"]
    owner.post(f"/sections/{section}/enrollments", json={"emails": ["student1@example.com",
                                                                    "matrix.removable@example.com"]})

    def assignment(title: str) -> int:
        body = {"client_id": client_id, "title": title, "instructions": "", "min_turns": 0}
        return int(owner.post(f"/sections/{section}/assignments", json=body).json()["id"])

    attempted, to_start, doomed = assignment("Attempted"), assignment("To start"), assignment("Doomed")
    attempt = clients["holder_student"].post("/sessions", json={"assignment_id": attempted}).json()["id"]
    return {"section": section, "assignment": attempted, "to_start": to_start, "doomed": doomed,
            "attempt": attempt, "removable": removable}


NEW_STUDENT = {"display_name": "Matrix Student", "role": "student", "password": "matrix-pass-123"}

# (method, path template, body, expected status per role in ROLES order)
MATRIX: list[tuple[str, str, Any, tuple[int, ...]]] = [
    ("GET", "/auth/me", None, (200, 200, 200, 200, 200, 401)),
    ("GET", "/users", None, (200, 200, 200, 403, 403, 401)),
    ("POST", "/users", "new_student", (201, 201, 201, 403, 403, 401)),
    ("GET", "/clients", None, (200, 200, 200, 200, 200, 401)),
    ("GET", "/clients/vocabulary", None, (200, 200, 200, 200, 200, 401)),
    ("POST", "/clients", PERSONA, (201, 201, 201, 403, 403, 401)),
    ("GET", "/clients/{client}", None, (200, 200, 404, 200, 200, 401)),
    ("PATCH", "/clients/{client}", {"goals": "Sleep better."}, (200, 200, 404, 403, 403, 401)),
    ("GET", "/clients/{client}/prompt-preview", None, (200, 200, 404, 403, 403, 401)),
    ("POST", "/clients/{client}/checks", None, (201, 201, 404, 403, 403, 401)),
    ("GET", "/clients/{client}/checks/latest", None, (200, 200, 404, 403, 403, 401)),
    ("POST", "/sessions", "client_ref", (201, 201, 404, 201, 201, 401)),
    ("GET", "/sessions", None, (200, 200, 200, 200, 200, 401)),
    ("GET", "/sessions/{session}", None, (200, 200, 404, 200, 404, 401)),
    ("GET", "/sessions/{session}/messages", None, (200, 200, 404, 200, 404, 401)),
    ("POST", "/sessions/{session}/messages", {"content": "Hello"}, (403, 403, 404, 201, 404, 401)),
    ("POST", "/sessions/{session}/messages/stream", {"content": "Hello"}, (403, 403, 404, 200, 404, 401)),
    ("POST", "/sessions/{session}/feedback", {"rating": 4}, (201, 201, 404, 403, 403, 401)),
    ("GET", "/sessions/{session}/feedback", None, (200, 200, 404, 200, 404, 401)),
    ("POST", "/sessions/{spare}/end", None, (403, 403, 404, 200, 404, 401)),
    ("DELETE", "/clients/{client}", None, (None, None, 404, 403, 403, 401)),
    ("GET", "/limits", None, (200, 200, 200, 200, 200, 401)),
    ("GET", "/sessions/{session}/transcript", None, (200, 200, 404, 200, 404, 401)),
    ("GET", "/sessions/{session}/transcript?format=pdf", None, (200, 200, 404, 200, 404, 401)),
    # Courses: the section's teacher and admins manage; its enrolled student reads; everyone else gets 404.
    ("POST", "/sections", {"name": "Another section"}, (201, 201, 201, 403, 403, 401)),
    ("GET", "/sections", None, (200, 200, 200, 200, 200, 401)),
    ("GET", "/sections/{section}", None, (200, 200, 404, 200, 404, 401)),
    ("PATCH", "/sections/{section}", {"description": "Tuesdays."}, (200, 200, 404, 403, 403, 401)),
    ("POST", "/sections/{section}/enrollments", {"emails": ["student1@example.com"]},
     (200, 200, 404, 403, 403, 401)),
    ("GET", "/sections/{section}/enrollments", None, (200, 200, 404, 403, 403, 401)),
    ("DELETE", "/sections/{section}/enrollments/{removable}", None, (None, None, 404, 403, 403, 401)),
    ("POST", "/sections/{section}/assignments", "assignment_body", (201, 201, 404, 403, 403, 401)),
    ("GET", "/sections/{section}/assignments", None, (200, 200, 404, 200, 404, 401)),
    ("GET", "/sections/{section}/progress", None, (200, 200, 404, 403, 403, 401)),
    ("GET", "/sections/{section}/gradebook.csv", None, (200, 200, 404, 403, 403, 401)),
    ("GET", "/sections/{section}/transcripts.zip", None, (200, 200, 404, 403, 403, 401)),
    ("GET", "/assignments", None, (200, 200, 200, 200, 200, 401)),
    ("GET", "/assignments/{assignment}", None, (200, 200, 404, 200, 404, 401)),
    ("PATCH", "/assignments/{assignment}", {"instructions": "Use reflections."}, (200, 200, 404, 403, 403, 401)),
    ("POST", "/sessions", "assignment_ref", (403, 403, 404, 201, 404, 401)),
    ("GET", "/sessions/{attempt}", None, (200, 200, 404, 200, 404, 401)),
    ("GET", "/sessions/{attempt}/transcript", None, (200, 200, 404, 200, 404, 401)),
    ("POST", "/sessions/{attempt}/submit", None, (403, 403, 404, 200, 404, 401)),
    ("DELETE", "/assignments/{doomed}", None, (None, None, 404, 403, 403, 401)),
    ("DELETE", "/sections/{section}", None, (None, None, 404, 403, 403, 401)),
    ("GET", "/admin/courses", None, (200, 403, 403, 403, 403, 401)),
    ("GET", "/admin/usage", None, (200, 403, 403, 403, 403, 401)),
    ("GET", "/admin/alerts", None, (200, 403, 403, 403, 403, 401)),
    ("GET", "/admin/errors", None, (200, 403, 403, 403, 403, 401)),
    ("GET", "/admin/health", None, (200, 403, 403, 403, 403, 401)),
]


@pytest.mark.parametrize(("method", "template", "body", "expected"), MATRIX,
                         ids=[f"{m} {t}" for m, t, _, _ in MATRIX])
def test_route_answers_each_role_as_its_rights_allow(
    world: World, method: str, template: str, body: Any, expected: tuple[int | None, ...]
) -> None:
    path = template.format(client=world.client_id, session=world.session_id, spare=world.spare_session_id,
                           **world.ids)
    for index, (role, status) in enumerate(zip(ROLES, expected, strict=True)):
        if status is None:
            continue
        payload = body
        if body == "new_student":
            payload = {**NEW_STUDENT, "email": f"matrix.{role}.{index}@example.com"}
        elif body == "client_ref":
            payload = {"client_id": world.client_id}
        elif body == "assignment_ref":
            payload = {"assignment_id": world.ids["to_start"]}
        elif body == "assignment_body":
            payload = {"client_id": world.client_id, "title": f"By {role}", "instructions": ""}
        response = world.clients[role].request(method, path, json=payload)
        assert response.status_code == status, f"{role}: {method} {path} -> {response.status_code} {response.text}"
        if status >= 400:
            assert response.json()["detail"], f"{role}: an error without a readable detail"
