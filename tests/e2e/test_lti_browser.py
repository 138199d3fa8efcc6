"""From the LMS's course page to the student app in a real browser: the LTI 1.3 launch signs the learner in and
opens the assignment the course link names."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.support.api import PERSONA
from tests.support.apps import start_streamlit, wait_healthy
from tests.support.browser import expect, settle, snap
from tests.support.fake_lms import FakeLms
from tests.support.lti import LTI_ENV, signed_in
from tests.support.postgres import free_port
from tests.support.server import ApiServer, start_api

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def lti_stack(browser: Any, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[ApiServer, FakeLms, str]]:
    """The fake LMS, the API (sending students to the student app) and the student app, all on free ports."""
    port = free_port()
    student_url = f"http://127.0.0.1:{port}"
    database = tmp_path_factory.mktemp("lti-e2e") / "lti.db"
    with FakeLms() as lms:
        api = start_api(f"sqlite:///{database}", extra_env={**LTI_ENV, "VC_STUDENT_APP_URL": student_url})
        env = {"VC_APP_SIGN_IN_DB": str(tmp_path_factory.mktemp("lti-sign-ins") / "app_sign_ins.db")}
        process, url, log = start_streamlit("mvp/student_practice.py", api.base_url, port=port, env=env)
        try:
            wait_healthy(process, url, log)
            lms.tool_url = api.base_url
            with api.client("admin@example.com") as admin:
                assert admin.post("/lti/platforms", json=lms.registration()).status_code == 201
            yield api, lms, url
        finally:
            process.terminate()
            process.wait(timeout=15)
            api.stop()


def test_a_learner_clicks_the_course_link_and_lands_signed_in_on_the_assignment(
        lti_stack: tuple[ApiServer, FakeLms, str], new_page: Any, screenshots: Path) -> None:
    api, lms, student_url = lti_stack
    with httpx.Client() as instructor_browser:  # the instructor opened the tool once and set the assignment
        teacher, _, query = signed_in(api, lms.launch(instructor_browser, lms.queue_launch("prof-1", "Instructor")))
    client = teacher.post("/clients", json=PERSONA).json()
    assignment = teacher.post(f"/sections/{query['section_id']}/assignments", json={
        "client_id": client["id"], "title": "First interview from Canvas", "instructions": "Open gently."}).json()

    hint = lms.queue_launch("learner-e2e", "Learner", name="Lina Learner",
                            custom={"assignment_id": str(assignment["id"])})
    page = new_page()
    page.goto(f"{lms.base_url}/courses/{lms.lms.context_id}/page?launch={hint}")
    expect(page.get_by_role("heading", name=lms.lms.context_title)).to_be_visible()
    page.get_by_text("Practice interview (Virtual Client)").click()
    page.wait_for_url(f"{student_url}/**", timeout=30_000)
    settle(page)
    expect(page.get_by_text("Opened from your course: First interview from Canvas")).to_be_visible()
    expect(page.get_by_text("Lina Learner")).to_be_visible()  # the sidebar's account box: signed in
    expect(page.locator(".st-key-sign_in_email")).to_have_count(0)
    expect(page.get_by_text("Page not found")).to_have_count(0)
    assert "lti_code" not in page.url, "the spent code leaves the address bar"
    snap(page, screenshots, "60-lti-learner-landed")
