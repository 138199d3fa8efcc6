"""Helpers for LTI tests over HTTP: the API started for LTI, a registered fake LMS, and landing from a launch."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx

from tests.support.fake_lms import FakeLms
from tests.support.server import ApiServer, start_api

STUDENT_APP = "http://student.app.test"
TEACHER_APP = "http://teacher.app.test"
LTI_ENV = {"VC_MESSAGES_PER_MINUTE": "1000", "VC_LOGIN_ATTEMPTS": "50", "VC_STUDENT_APP_URL": STUDENT_APP,
           "VC_TEACHER_APP_URL": TEACHER_APP, "VC_LTI_SEND_INTERVAL_SECONDS": "0.3",
           "VC_LTI_LAUNCHES_PER_MINUTE": "1000",
           "VC_LTI_RETRY_BASE_SECONDS": "0.3"}


@contextmanager
def lti_world(database_url: str, **env: str) -> Iterator[tuple[ApiServer, FakeLms]]:
    """The real API and a fake LMS that knows where it is, registered by the demo admin."""
    with FakeLms() as lms:
        server = start_api(database_url, extra_env={**LTI_ENV, **env})
        try:
            lms.tool_url = server.base_url
            with server.client("admin@example.com") as admin:
                response = admin.post("/lti/platforms", json=lms.registration())
                assert response.status_code == 201, response.text
            yield server, lms
        finally:
            server.stop()


def landing(response: httpx.Response) -> tuple[str, dict[str, str]]:
    """Where a launch sent the browser: the app's address and its query (lti_code, assignment_id, section_id)."""
    assert response.status_code == 303, response.text
    location = urlsplit(response.headers["location"])
    return f"{location.scheme}://{location.netloc}", {k: v[0] for k, v in parse_qs(location.query).items()}


def sign_in_with_code(server: ApiServer, code: str) -> httpx.Response:
    return httpx.post(f"{server.api}/auth/lti-code", json={"code": code})


def signed_in(server: ApiServer, response: httpx.Response) -> tuple[httpx.Client, dict[str, Any], dict[str, str]]:
    """Follow a launch into its app: exchange the code, and return a client signed in as that person."""
    _, query = landing(response)
    exchanged = sign_in_with_code(server, query["lti_code"])
    assert exchanged.status_code == 200, exchanged.text
    body = exchanged.json()
    http = httpx.Client(base_url=server.api, timeout=30,
                        headers={"Authorization": f"Bearer {body['access_token']}"})
    return http, body, query
