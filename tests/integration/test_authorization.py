"""The authorization matrix: every route, every role — nobody reaches what is not theirs."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import httpx
import pytest

from tests.support.api import PERSONA
from tests.support.feedback import finished_conversation
from tests.support.server import ApiServer

ROLES = ("admin", "owner_teacher", "other_teacher", "holder_student", "other_student", "anonymous")


@dataclass
class World:
    clients: dict[str, httpx.Client]
    client_id: int
    session_id: int
    spare_session_id: int
    ids: dict[str, int]  # the course (section, assignments, an attempt, a removable student) and feedback


UNRELEASED_COMMENT = "Matrix: this private verdict must not reach the student before release."
RUBRIC = {"title": "Matrix rubric", "criteria": [{"key": "warmth", "title": "Warmth", "weight": 1, "levels": [
    {"score": 0, "descriptor": "Not yet"}, {"score": 2, "descriptor": "Yes"}]}]}


def _evaluated_session(clients: dict[str, httpx.Client], client_id: int) -> int:
    """The holder's ended conversation, evaluated, then reviewed by the owner with the scores held back."""
    session_id = finished_conversation(clients["holder_student"], client_id)
    assert clients["holder_student"].post(f"/sessions/{session_id}/evaluation").status_code == 200
    held = clients["owner_teacher"].patch(f"/sessions/{session_id}/evaluation", json={
        "released": False, "comment": UNRELEASED_COMMENT,
        "criteria": [{"key": "open_questions", "score": 1, "comment": UNRELEASED_COMMENT}]})
    assert held.status_code == 200, held.text
    return session_id


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
    evaluated = _evaluated_session(clients, client["id"])
    session = clients["holder_student"].post("/sessions", json={"client_id": client["id"]}).json()
    spare = clients["holder_student"].post("/sessions", json={"client_id": client["id"]}).json()
    rubric_id, spare_rubric_id = (clients["owner_teacher"].post("/rubrics", json=RUBRIC).json()["id"]
                                  for _ in range(2))
    default_rubric_id = next(r["id"] for r in clients["admin"].get("/rubrics").json() if r["is_default"])
    ids = {**course(server, clients, client["id"]), "evaluated": evaluated, "rubric": rubric_id,
           "spare_rubric": spare_rubric_id, "default_rubric": default_rubric_id,
           **lti_platforms(clients["admin"]), **invitations(clients)}
    yield World(clients, client["id"], session["id"], spare["id"], ids)
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


def invitations(clients: dict[str, httpx.Client]) -> dict[str, int]:
    """The other teacher asks the holder (the owner's student) into two sections: one to accept, one to decline."""
    asked = {}
    for name in ("accept", "decline"):
        section = clients["other_teacher"].post("/sections", json={"name": f"Matrix invite {name}"}).json()["id"]
        outcome = clients["other_teacher"].post(f"/sections/{section}/enrollments",
                                                json={"emails": ["student1@example.com"]}).json()
        assert [s["email"] for s in outcome["invited"]] == ["student1@example.com"], outcome
        pending = clients["holder_student"].get("/me/invitations").json()
        asked[f"{name}_invitation"] = next(i["id"] for i in pending if i["section_id"] == section)
    asked["invited_section"] = section
    return asked


def lti_platforms(admin: httpx.Client) -> dict[str, int]:
    """Two registered LMSs: one to read and edit, one to delete."""
    def register(name: str) -> int:
        return int(admin.post("/lti/platforms", json={**LTI_PLATFORM, "name": name, "client_id": name}).json()["id"])

    return {"platform": register("matrix-lms"), "spare_platform": register("matrix-spare-lms")}


LTI_PLATFORM = {"name": "Matrix LMS", "issuer": "https://lms.matrix.example", "client_id": "matrix",
                "deployment_ids": ["1"], "auth_login_url": "https://lms.matrix.example/auth",
                "auth_token_url": "https://lms.matrix.example/token",
                "keyset_url": "https://lms.matrix.example/jwks"}
NEW_STUDENT = {"display_name": "Matrix Student", "role": "student", "password": "matrix-pass-123"}

# (method, path template, body, expected status per role in ROLES order)
MATRIX: list[tuple[str, str, Any, tuple[int, ...]]] = [
    ("GET", "/auth/me", None, (200, 200, 200, 200, 200, 401)),
    ("POST", "/auth/password", {"current_password": "not-the-current-one", "new_password": "matrix-new-pass-1"},
     (422, 422, 422, 422, 422, 401)),
    ("GET", "/health/ready", None, (200, 200, 200, 200, 200, 200)),
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
    ("GET", "/sessions/{session}/messages?limit=1", None, (200, 200, 404, 200, 404, 401)),
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
    ("GET", "/sections/{section}/invitations", None, (200, 200, 404, 403, 403, 401)),
    ("GET", "/sections/{section}/enrollments?limit=1", None, (200, 200, 404, 403, 403, 401)),
    ("GET", "/sections/{invited_section}/invitations", None, (200, 404, 200, 403, 403, 401)),
    # A student's invitations are theirs alone: anyone else's answer is 404, a second answer 409.
    ("GET", "/me/invitations", None, (200, 200, 200, 200, 200, 401)),
    ("POST", "/me/invitations/{accept_invitation}/accept", None, (404, 404, 404, 200, 404, 401)),
    ("POST", "/me/invitations/{accept_invitation}/decline", None, (404, 404, 404, 409, 404, 401)),
    ("POST", "/me/invitations/{decline_invitation}/decline", None, (404, 404, 404, 204, 404, 401)),
    ("POST", "/me/invitations/{decline_invitation}/accept", None, (404, 404, 404, 409, 404, 401)),
    ("POST", "/me/invitations/2147483000/accept", None, (404, 404, 404, 404, 404, 401)),
    ("DELETE", "/sections/{section}/enrollments/{removable}", None, (None, None, 404, 403, 403, 401)),
    ("POST", "/sections/{section}/assignments", "assignment_body", (201, 201, 404, 403, 403, 401)),
    ("GET", "/sections/{section}/assignments", None, (200, 200, 404, 200, 404, 401)),
    ("GET", "/sections/{section}/progress", None, (200, 200, 404, 403, 403, 401)),
    ("GET", "/sections/{section}/gradebook.csv", None, (200, 200, 404, 403, 403, 401)),
    ("GET", "/sections/{section}/transcripts.zip", None, (200, 200, 404, 403, 403, 401)),
    # LTI: the section's teacher and admins sync its roster (409: this section has no LMS course) and read sends.
    ("POST", "/sections/{section}/lti/roster-sync", None, (409, 409, 404, 403, 403, 401)),
    ("GET", "/sections/{section}/lti/score-sends", None, (200, 200, 404, 403, 403, 401)),
    ("POST", "/lti/score-sends/2147483000/resend", None, (404, 404, 404, 403, 403, 401)),
    ("POST", "/auth/lti-code", {"code": "never-issued"}, (401, 401, 401, 401, 401, 401)),
    ("GET", "/lti/platforms", None, (200, 403, 403, 403, 403, 401)),
    ("POST", "/lti/platforms", {**LTI_PLATFORM, "client_id": "matrix-new"}, (201, 403, 403, 403, 403, 401)),
    ("GET", "/lti/platforms/{platform}", None, (200, 403, 403, 403, 403, 401)),
    ("PATCH", "/lti/platforms/{platform}", {"name": "Renamed"}, (200, 403, 403, 403, 403, 401)),
    ("DELETE", "/lti/platforms/{spare_platform}", None, (None, 403, 403, 403, 403, 401)),
    ("DELETE", "/lti/platforms/{spare_platform}", None, (204, None, None, None, None, None)),
    ("POST", "/lti/keys/rotate", None, (200, 403, 403, 403, 403, 401)),
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
    ("POST", "/sessions/{evaluated}/evaluation", None, (200, 200, 404, 200, 404, 401)),
    ("GET", "/sessions/{evaluated}/evaluation", None, (200, 200, 404, 200, 404, 401)),
    ("POST", "/sessions/{evaluated}/evaluation?refresh=true", None, (200, 200, 404, 403, 404, 401)),
    ("PATCH", "/sessions/{evaluated}/evaluation", {"released": False}, (200, 200, 404, 403, 404, 401)),
    ("POST", "/sessions/{session}/evaluation", None, (409, 409, 404, 409, 404, 401)),  # still active
    ("GET", "/evaluations", None, (200, 200, 200, 200, 200, 401)),
    ("GET", "/evaluations/averages", None, (200, 200, 200, 403, 403, 401)),
    ("GET", "/rubrics", None, (200, 200, 200, 403, 403, 401)),
    ("POST", "/rubrics", RUBRIC, (201, 201, 201, 403, 403, 401)),
    ("GET", "/rubrics/{rubric}", None, (200, 200, 404, 403, 403, 401)),
    ("PATCH", "/rubrics/{rubric}", {"title": "Matrix rubric, edited"}, (200, 200, 404, 403, 403, 401)),
    ("GET", "/rubrics/{default_rubric}", None, (200, 200, 200, 403, 403, 401)),
    ("PATCH", "/rubrics/{default_rubric}", {"description": "Edited by the admin."}, (200, 403, 403, 403, 403, 401)),
    ("DELETE", "/rubrics/{default_rubric}", None, (409, 403, 403, 403, 403, 401)),
    # Everyone else first, while the rubric still exists; then its owner deletes it.
    ("DELETE", "/rubrics/{spare_rubric}", None, (None, None, 404, 403, 403, 401)),
    ("DELETE", "/rubrics/{spare_rubric}", None, (None, 204, None, None, None, None)),
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


def test_unreleased_scores_reach_the_student_through_no_route(world: World) -> None:
    """Before release the student reads codes and metrics, never a criterion score, a total or the review."""
    student, teacher = world.clients["holder_student"], world.clients["owner_teacher"]
    session_id = world.ids["evaluated"]
    assert UNRELEASED_COMMENT in teacher.get(f"/sessions/{session_id}/evaluation").text
    reads = [student.request(method, path) for method, path in (
        ("GET", f"/sessions/{session_id}/evaluation"), ("POST", f"/sessions/{session_id}/evaluation"),
        ("GET", "/evaluations"), ("GET", "/evaluations?released=false"), ("GET", "/sessions"),
        ("GET", f"/sessions/{session_id}"), ("GET", f"/sessions/{session_id}/messages"),
        ("GET", f"/sessions/{session_id}/feedback"))]
    for response in reads:
        assert response.status_code == 200, response.text
        assert UNRELEASED_COMMENT not in response.text and '"original_score"' not in response.text
    evaluation = reads[0].json()
    assert evaluation["criteria"] is None and evaluation["total_score"] is None and evaluation["teacher_review"] is None
    assert evaluation["utterances"] and evaluation["metrics"] and evaluation["scores_withheld"] is True
    assert all(item["total_score"] is None for item in reads[2].json() if item["session_id"] == session_id)


def test_sign_out_needs_a_sign_in_and_ends_only_the_token_it_is_sent_with(server: ApiServer, world: World) -> None:
    assert world.clients["anonymous"].post("/auth/logout").status_code == 401
    for email, password in (("admin@example.com", "admin-demo-123"), ("teacher@example.com", "teacher-demo-123"),
                            ("other.teacher@example.com", "other-teacher-123"),
                            ("student1@example.com", "student-demo-123")):
        token = httpx.post(f"{server.api}/auth/login", json={"email": email, "password": password}).json()
        headers = {"Authorization": f"Bearer {token['access_token']}"}
        assert httpx.post(f"{server.api}/auth/logout", headers=headers).status_code == 204
        assert httpx.get(f"{server.api}/auth/me", headers=headers).status_code == 401
    assert all(world.clients[role].get("/auth/me").status_code == 200 for role in ROLES if role != "anonymous")
