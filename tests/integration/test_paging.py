"""Every list that grows comes in pages: `limit` (a clear 422 above its maximum) and an opaque `cursor` from a full
page's X-Next-Cursor header. Walking the pages gives every row once, in the list's order; a forged cursor is a 422."""

from __future__ import annotations

import base64
import time
import uuid
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from tests.support.api import PERSONA
from tests.support.courses import enroll, new_section, new_student
from tests.support.feedback import finished_conversation
from tests.support.server import ApiServer, query_db, start_api

# (path template, its maximum limit)
PAGED = [("/admin/alerts", 1000), ("/admin/errors", 1000), ("/sessions", 500), ("/sessions/{session}/messages", 1000),
         ("/evaluations", 500), ("/sections/{section}/enrollments", 1000), ("/sections/{section}/invitations", 1000),
         ("/sections/{section}/lti/score-sends", 1000), ("/users", 1000)]


@pytest.fixture(scope="module")
def server(database_url: str) -> Iterator[ApiServer]:
    api = start_api(database_url, extra_env={"VC_MESSAGES_PER_MINUTE": "1000", "VC_AUDIT_WRITE_SECONDS": "0.2"})
    yield api
    api.stop()


def walk(http: httpx.Client, path: str, limit: int, **params: Any) -> list[list[dict[str, Any]]]:
    """Every page of a list, following X-Next-Cursor until a page comes without one."""
    pages, cursor = [], None
    for _ in range(50):
        response = http.get(path, params={**params, "limit": limit, **({"cursor": cursor} if cursor else {})})
        assert response.status_code == 200, response.text
        pages.append(response.json())
        cursor = response.headers.get("x-next-cursor")
        if not cursor:
            return pages
    raise AssertionError("the pages never ended")


def flat(pages: list[list[dict[str, Any]]]) -> list[dict[str, Any]]:
    return [row for page in pages for row in page]


@pytest.fixture(scope="module")
def holder(server: ApiServer, teacher: httpx.Client) -> dict[str, Any]:
    """A student of the teacher's with five ended conversations, the teacher's section with six students (two of
    them removed), and three more students of the teacher's for another teacher to invite."""
    client_id = teacher.post("/clients", json={**PERSONA, "is_published": True}).json()["id"]
    student = new_student(server, teacher, "Paige Pager")
    sessions = [finished_conversation(student.http, client_id) for _ in range(5)]
    section = new_section(teacher, "Paged section")
    roster = [new_student(server, teacher, f"Roster {name}") for name in ("Ada", "Ben", "Cy", "Di", "Ed", "Flo")]
    enroll(teacher, section["id"], *roster)
    for leaving in roster[:2]:
        assert teacher.delete(f"/sections/{section['id']}/enrollments/{leaving.id}").status_code == 204
    # Made by the demo teacher, so another teacher enrolling them invites them.
    invited = [new_student(server, teacher, f"Invitee {name}") for name in ("Gus", "Hal", "Ivy")]
    return {"student": student, "sessions": sessions, "section": section["id"], "roster": roster,
            "invited": invited, "client_id": client_id}


class TestWalkingThePages:
    def test_a_students_sessions_come_newest_first_each_once(self, holder: dict[str, Any]) -> None:
        student = holder["student"].http
        pages = walk(student, "/sessions", 2)
        assert [len(page) for page in pages] == [2, 2, 1]
        assert [s["id"] for s in flat(pages)] == sorted(holder["sessions"], reverse=True)
        assert flat(pages) == student.get("/sessions").json(), "the pages are the one long list, cut"

    def test_a_conversations_messages_come_in_order(self, holder: dict[str, Any]) -> None:
        student, session_id = holder["student"].http, holder["sessions"][0]
        whole = student.get(f"/sessions/{session_id}/messages").json()
        pages = walk(student, f"/sessions/{session_id}/messages", 3)
        assert len(whole) > 3 and flat(pages) == whole
        assert [m["sequence"] for m in whole] == sorted(m["sequence"] for m in whole)

    def test_evaluations_come_newest_first_each_once(self, holder: dict[str, Any]) -> None:
        student = holder["student"].http
        for session_id in holder["sessions"]:
            assert student.post(f"/sessions/{session_id}/evaluation").status_code == 200
        pages = walk(student, "/evaluations", 2)
        assert [len(page) for page in pages] == [2, 2, 1]
        assert [e["session_id"] for e in flat(pages)] == sorted(holder["sessions"], reverse=True)

    def test_a_roster_comes_by_name_with_or_without_the_removed(self, teacher: httpx.Client,
                                                                 holder: dict[str, Any]) -> None:
        path = f"/sections/{holder['section']}/enrollments"
        names = [s.name for s in holder["roster"]]
        assert [e["display_name"] for e in flat(walk(teacher, path, 3))] == names[2:]
        everyone = flat(walk(teacher, path, 4, include_removed="true"))
        assert [e["display_name"] for e in everyone] == names
        assert [e["status"] for e in everyone] == ["removed"] * 2 + ["enrolled"] * 4

    def test_pending_invitations_come_by_name(self, server: ApiServer, admin: httpx.Client, teacher: httpx.Client,
                                              holder: dict[str, Any]) -> None:
        email = f"pager.teacher.{uuid.uuid4().hex[:6]}@example.com"
        admin.post("/users", json={"email": email, "display_name": "Second Pager", "role": "teacher",
                                   "password": "teacher-pass-123"})
        second = httpx.Client(base_url=server.api, headers={
            "Authorization": f"Bearer {server.token(email, 'teacher-pass-123')}"})
        section = new_section(second, "Second teacher's paged section")["id"]
        assert len(enroll(second, section, *holder["invited"])["invited"]) == 3
        pages = walk(second, f"/sections/{section}/invitations", 2)
        assert [len(page) for page in pages] == [2, 1]
        assert [p["display_name"] for p in flat(pages)] == ["Invitee Gus", "Invitee Hal", "Invitee Ivy"]

    def test_admin_alerts_with_the_same_time_are_each_shown_once(self, server: ApiServer,
                                                                 admin: httpx.Client) -> None:
        for index in range(5):
            query_db(server.database_url, "INSERT INTO cost_alerts (scope, dedupe_key, subject_id, day, threshold_usd, "
                     f"amount_usd, message, created_at) VALUES ('user_day', 'paging-{index}', NULL, '2026-01-01', "
                     f"0.5, 0.6, 'Paged alert {index}', '2026-01-01 10:00:00.000000')")
        pages = walk(admin, "/admin/alerts", 2)
        paged = [a["message"] for a in flat(pages) if a["message"].startswith("Paged alert")]
        assert paged == [f"Paged alert {i}" for i in (4, 3, 2, 1, 0)], "ties broken by id, none twice"

    def test_admin_errors_page_newest_first(self, admin: httpx.Client, anonymous: httpx.Client) -> None:
        for refused in ("/sessions", "/evaluations", "/sections"):  # refused requests go to the error log
            assert anonymous.get(refused).status_code == 401
            time.sleep(0.6)
        whole = admin.get("/admin/errors").json()
        assert len(whole) >= 3
        assert flat(walk(admin, "/admin/errors", 1)) == whole


class TestBadPaging:
    @pytest.mark.parametrize(("template", "maximum"), PAGED, ids=[p for p, _ in PAGED])
    def test_a_limit_above_the_maximum_is_a_clear_422(self, admin: httpx.Client, holder: dict[str, Any],
                                                      template: str, maximum: int) -> None:
        path = template.format(session=holder["sessions"][0], section=holder["section"])
        answer = admin.get(path, params={"limit": maximum + 1})
        assert answer.status_code == 422
        assert "limit" in answer.json()["detail"] and str(maximum) in answer.json()["detail"]
        assert admin.get(path, params={"limit": maximum}).status_code == 200

    @pytest.mark.parametrize(("template", "maximum"), PAGED, ids=[p for p, _ in PAGED])
    def test_a_forged_cursor_is_a_clear_422(self, admin: httpx.Client, holder: dict[str, Any], template: str,
                                            maximum: int) -> None:
        path = template.format(session=holder["sessions"][0], section=holder["section"])
        for raw in (b"not-a-cursor", b"[]", b'["x", "y", "z", "w"]', b"[99999999999999999999]",
                    b'["\\u0000", 1]', b"{}"):
            forged = admin.get(path, params={"cursor": base64.urlsafe_b64encode(raw).decode()})
            assert forged.status_code == 422, (raw, forged.text)
            assert "cursor" in forged.json()["detail"], raw

    def test_cursor_and_offset_together_are_refused(self, holder: dict[str, Any]) -> None:
        student = holder["student"].http
        cursor = student.get("/sessions", params={"limit": 1}).headers["x-next-cursor"]
        for path in ("/sessions", "/evaluations"):
            answer = student.get(path, params={"limit": 1, "offset": 1, "cursor": cursor})
            assert answer.status_code == 422 and "not both" in answer.json()["detail"]
        assert student.get("/sessions", params={"limit": 2, "offset": 1}).status_code == 200, "offset still works"
        naive = base64.urlsafe_b64encode(b'["2026-01-01T00:00:00", 1]').decode()
        assert student.get("/sessions", params={"cursor": naive}).status_code == 422
