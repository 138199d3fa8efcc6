"""What a new user meets first: the API's address, its docs (offline), and refusals that say what to change."""

from __future__ import annotations

import time
from typing import Any

import httpx
import pytest

from tests.support.api import PERSONA, new_student
from tests.support.server import ApiServer, start_api


@pytest.fixture(scope="module")
def server(database_url: str):  # type: ignore[no-untyped-def]
    api = start_api(database_url, extra_env={"VC_MESSAGES_PER_MINUTE": "1000", "VC_LOGIN_ATTEMPTS": "3",
                                             "VC_AUDIT_WRITE_SECONDS": "0.5"})
    yield api
    api.stop()


def _errors(admin: httpx.Client, **params: Any) -> list[dict[str, Any]]:
    response = admin.get("/admin/errors", params=params)
    assert response.status_code == 200, response.text
    return response.json()


def _eventually(find, timeout_s: float = 10.0):  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if found := find():
            return found
        time.sleep(0.2)
    raise AssertionError("nothing showed up in the error log in time")


class TestFrontDoor:
    def test_the_root_points_to_the_docs(self, server: ApiServer) -> None:
        body = httpx.get(server.base_url + "/").json()
        assert body["docs"] == "/docs" and body["api"] == "/api/v1"

    def test_the_docs_page_needs_nothing_from_the_internet(self, server: ApiServer) -> None:
        page = httpx.get(server.base_url + "/docs").text
        assert "cdn." not in page and "https://" not in page
        assert "/docs-assets/swagger-ui-bundle.js" in page
        script = httpx.get(server.base_url + "/docs-assets/swagger-ui-bundle.js")
        assert script.status_code == 200 and "SwaggerUIBundle" in script.text
        assert httpx.get(server.base_url + "/docs-assets/swagger-ui.css").status_code == 200
        redoc = httpx.get(server.base_url + "/redoc").text
        assert "/docs-assets/redoc.standalone.js" in redoc and "https://" not in redoc


class TestMessages:
    def test_a_spaces_only_message_says_to_type_something(self, server: ApiServer, admin: httpx.Client,
                                                         teacher: httpx.Client) -> None:
        teacher.post("/clients", json={**PERSONA, "is_published": True})
        student = new_student(server, admin, "blank")
        session = student.post("/sessions", json={"client_id": student.get("/clients").json()[0]["id"]}).json()
        refused = student.post(f"/sessions/{session['id']}/messages", json={"content": "     "})
        assert refused.status_code == 422
        assert refused.json()["detail"] == "Type a message before sending: an empty message cannot be sent."

    def test_the_apps_can_show_the_length_limit_before_sending(self, student: httpx.Client) -> None:
        assert student.get("/limits").json() == {"max_message_chars": 4000, "messages_per_minute": 1000}


class TestAdminSeesRefusals:
    def test_refused_requests_are_counted_by_kind_without_their_content(self, server: ApiServer,
                                                                       admin: httpx.Client,
                                                                       student: httpx.Client) -> None:
        for _ in range(3):
            assert student.post("/sessions", json={"client_id": "SECRET-WORDS"}).status_code == 422
        assert student.get("/sessions/999999").status_code == 404

        def counted() -> list[dict[str, Any]]:
            """The rows for these refusals once all three are written (a write window may split them)."""
            rows = [e for e in _errors(admin, source="requests") if e["context"].get("route") == "/api/v1/sessions"
                    and e["context"]["status"] == 422]
            return rows if sum(row["context"]["count"] for row in rows) >= 3 else []

        rows = _eventually(counted)
        assert sum(row["context"]["count"] for row in rows) == 3
        assert "SECRET-WORDS" not in str(_errors(admin))
        assert _eventually(lambda: [e for e in _errors(admin, kind="not_found")
                                    if e["context"].get("route") == "/api/v1/sessions/{session_id}"])

    def test_a_sign_in_lock_out_is_logged_without_the_password(self, server: ApiServer, admin: httpx.Client) -> None:
        for _ in range(3):
            response = httpx.post(f"{server.api}/auth/login",
                                  json={"email": "student2@example.com", "password": "hunter2-guess"})
            assert response.status_code == 401
        assert httpx.post(f"{server.api}/auth/login",
                          json={"email": "student2@example.com", "password": "hunter2-guess"}).status_code == 429
        locked = _eventually(lambda: _errors(admin, source="auth", kind="sign_in_locked"))
        assert locked[0]["context"]["account"] == "s***@example.com"
        assert "hunter2" not in str(_errors(admin)) and "student2@example.com" not in str(locked)
