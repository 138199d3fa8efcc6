"""The apps take a launch's one-time code from the address: the learner lands signed in on the assignment."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import httpx
import pytest
from streamlit.testing.v1 import AppTest

from tests.support.api import PERSONA
from tests.support.apptest import MVP, TIMEOUT, assert_clean, click, open_page, sign_in, texts
from tests.support.fake_lms import ROLE, FakeLms, Member
from tests.support.lti import landing, lti_world, signed_in
from tests.support.server import ApiServer


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[ApiServer, FakeLms, int]]:
    database = tmp_path_factory.mktemp("lti-apps") / "apps.db"
    with lti_world(f"sqlite:///{database}") as (server, lms), httpx.Client() as browser:
        teacher, _, query = signed_in(server, lms.launch(browser, lms.queue_launch("t-apps", "Instructor")))
        client = teacher.post("/clients", json=PERSONA).json()
        assignment = teacher.post(f"/sections/{query['section_id']}/assignments", json={
            "client_id": client["id"], "title": "Interview from the LMS", "instructions": ""}).json()
        yield server, lms, assignment["id"]


@pytest.fixture
def apps_env(world: tuple[ApiServer, FakeLms, int], monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("VC_API_URL", world[0].base_url)
    monkeypatch.setenv("VC_APP_SIGN_IN_DB", str(tmp_path / "app_sign_ins.db"))


def _open(app: str, query: dict[str, str]) -> AppTest:
    at = AppTest.from_file(str(MVP / f"{app}.py"), default_timeout=TIMEOUT)
    for key, value in query.items():
        at.query_params[key] = value
    return at.run()


def test_a_learner_arrives_signed_in_on_the_assignment(world: tuple[ApiServer, FakeLms, int], apps_env: None
                                                       ) -> None:
    _, lms, assignment_id = world
    with httpx.Client() as browser:
        response = lms.launch(browser, lms.queue_launch("s-apps", "Learner", name="Sam Apps",
                                                        custom={"assignment_id": str(assignment_id)}))
    _, query = landing(response)
    at = _open("student_practice", query)
    assert_clean(at)
    shown = texts(at)
    assert "Opened from your course: **Interview from the LMS**" in shown
    assert not [t for t in at.text_input if t.key == "sign_in_email"], "no sign-in form after a launch"
    assert "lti_code" not in at.query_params


def test_a_spent_code_says_so_and_shows_the_sign_in_form(world: tuple[ApiServer, FakeLms, int], apps_env: None
                                                         ) -> None:
    server, lms, _ = world
    with httpx.Client() as browser:
        response = lms.launch(browser, lms.queue_launch("s-apps-2", "Learner"))
    _, query = landing(response)
    assert httpx.post(f"{server.api}/auth/lti-code", json={"code": query["lti_code"]}).status_code == 200
    at = _open("student_practice", query)
    assert_clean(at)
    assert any("already used" in e.value for e in at.error)
    assert [t for t in at.text_input if t.key == "sign_in_email"]


def test_an_instructor_arrives_on_the_section_and_syncs_its_roster(world: tuple[ApiServer, FakeLms, int],
                                                                    apps_env: None) -> None:
    _, lms, _ = world
    lms.set_members(Member("roster-apps", "Rita Roster", "rita@lms.example.edu", [ROLE + "Learner"]))
    with httpx.Client() as browser:
        response = lms.launch(browser, lms.queue_launch("t-apps", "Instructor"))
    _, query = landing(response)
    assert urlsplit(response.headers["location"]).path == "/sections"
    at = AppTest.from_file(str(MVP / "teacher_test.py"), default_timeout=TIMEOUT)
    for key, value in query.items():
        at.query_params[key] = value
    at = open_page(at, "sections")
    assert_clean(at)
    (chooser,) = [box for box in at.selectbox if box.label == "Section"]
    assert chooser.value == int(query["section_id"])
    assert any(lms.lms.context_title in option for option in chooser.options)
    at = click(at, "Sync roster from the LMS")
    assert_clean(at)
    assert "Roster synced: 1 added" in texts(at)


def test_the_admin_sees_the_tool_config_and_each_lms(world: tuple[ApiServer, FakeLms, int], apps_env: None
                                                     ) -> None:
    server, lms, _ = world
    at = open_page(sign_in(AppTest.from_file(str(MVP / "admin_monitor.py"), default_timeout=TIMEOUT).run(),
                           "admin@example.com"), "lti")
    assert_clean(at)
    table = "\n".join(frame.value.to_csv() for frame in at.dataframe)
    assert server.base_url + "/lti/login" in table and server.base_url + "/lti/jwks" in table
    assert "Fake LMS" in table and lms.base_url in table
    assert "oidc_initiation_url" in "\n".join(str(c.value) for c in at.code)


def test_the_admin_adds_a_deployment_to_an_lms(world: tuple[ApiServer, FakeLms, int], apps_env: None) -> None:
    server, lms, _ = world
    at = open_page(sign_in(AppTest.from_file(str(MVP / "admin_monitor.py"), default_timeout=TIMEOUT).run(),
                           "admin@example.com"), "lti")
    platform_id = at.selectbox(key="lti_edit_choice").value
    at.text_input(key=f"lti_edit_deployments_{platform_id}").set_value(f"{lms.lms.deployment_id}, deployment-2")
    at = at.button(key=f"lti_edit_save_{platform_id}").click().run()
    assert_clean(at)
    with server.client("admin@example.com") as admin:
        saved = admin.get(f"/lti/platforms/{platform_id}").json()
    assert saved["deployment_ids"] == [lms.lms.deployment_id, "deployment-2"]
