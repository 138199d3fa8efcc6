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
    yield World(clients, client["id"], session["id"], spare["id"])
    for http in clients.values():
        http.close()


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
    path = template.format(client=world.client_id, session=world.session_id, spare=world.spare_session_id)
    for index, (role, status) in enumerate(zip(ROLES, expected, strict=True)):
        if status is None:
            continue
        payload = body
        if body == "new_student":
            payload = {**NEW_STUDENT, "email": f"matrix.{role}.{index}@example.com"}
        elif body == "client_ref":
            payload = {"client_id": world.client_id}
        response = world.clients[role].request(method, path, json=payload)
        assert response.status_code == status, f"{role}: {method} {path} -> {response.status_code} {response.text}"
        if status >= 400:
            assert response.json()["detail"], f"{role}: an error without a readable detail"
