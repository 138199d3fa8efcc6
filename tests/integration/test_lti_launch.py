"""LTI 1.3 launches from a fake LMS over real HTTP: platforms, the tool's keys and config, sign-in by launch,
and every refusal a clear 4xx with nothing created."""

from __future__ import annotations

import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest

from tests.support.api import PERSONA
from tests.support.fake_lms import LTI, FakeLms
from tests.support.lti import STUDENT_APP, TEACHER_APP, landing, lti_world, sign_in_with_code, signed_in
from tests.support.server import ApiServer, query_db


@pytest.fixture(scope="module")
def world(database_url: str) -> Iterator[tuple[ApiServer, FakeLms]]:
    with lti_world(database_url) as pair:
        yield pair


@pytest.fixture(scope="module")
def server(world: tuple[ApiServer, FakeLms]) -> ApiServer:
    return world[0]


@pytest.fixture(scope="module")
def lms(world: tuple[ApiServer, FakeLms]) -> FakeLms:
    return world[1]


@pytest.fixture(scope="module")
def course(server: ApiServer, lms: FakeLms) -> dict[str, object]:
    """The instructor's first launch made the section; they gave it an assignment."""
    with httpx.Client() as browser:
        response = lms.launch(browser, lms.queue_launch("teacher-1", "Instructor", name="Ines Instructor"))
    teacher, body, query = signed_in(server, response)
    client = teacher.post("/clients", json={**PERSONA, "is_published": False}).json()
    assignment = teacher.post(f"/sections/{query['section_id']}/assignments", json={
        "client_id": client["id"], "title": "Interview Ana", "instructions": "Open with an open question."}).json()
    return {"teacher": teacher, "section_id": int(query["section_id"]), "assignment_id": assignment["id"],
            "user": body["user"]}


def counts(server: ApiServer) -> tuple[int, ...]:
    tables = ("users", "sections", "section_enrollments", "lti_users", "lti_contexts", "lti_resource_links",
              "lti_codes")
    return tuple(int(query_db(server.database_url, f"SELECT count(*) FROM {t}")[0][0]) for t in tables)


class TestToolKeysAndConfig:
    def test_jwks_publishes_rs256_keys_with_kids_and_keeps_the_old_one_after_rotation(
            self, server: ApiServer, admin: httpx.Client) -> None:
        before = httpx.get(server.base_url + "/lti/jwks").json()["keys"]
        assert before and all(k["alg"] == "RS256" and k["kty"] == "RSA" and k["kid"] for k in before)
        assert all("d" not in k for k in before), "a private part must never be published"
        rotated = admin.post("/lti/keys/rotate")
        assert rotated.status_code == 200, rotated.text
        after = {k["kid"] for k in httpx.get(server.base_url + "/lti/jwks").json()["keys"]}
        assert rotated.json()["kid"] in after and {k["kid"] for k in before} <= after

    def test_config_gives_the_generic_urls_and_the_canvas_developer_key(self, server: ApiServer) -> None:
        generic = httpx.get(server.base_url + "/lti/config").json()
        assert generic["login_url"] == server.base_url + "/lti/login"
        assert generic["redirect_uris"] == [server.base_url + "/lti/launch"]
        assert generic["jwks_url"] == server.base_url + "/lti/jwks"
        assert generic["deep_linking_url"] == server.base_url + "/lti/launch"
        assert "https://purl.imsglobal.org/spec/lti-ags/scope/score" in generic["scopes"]
        canvas = httpx.get(server.base_url + "/lti/config", params={"format": "canvas"}).json()
        assert canvas["oidc_initiation_url"] == generic["login_url"]
        assert canvas["public_jwk_url"] == generic["jwks_url"]
        placements = canvas["extensions"][0]["settings"]["placements"]
        assert {"placement": "assignment_selection", "message_type": "LtiDeepLinkingRequest",
                "target_link_uri": generic["launch_url"]} in placements


class TestPlatformRegistry:
    def test_an_admin_registers_edits_and_removes_a_platform(self, admin: httpx.Client, lms: FakeLms) -> None:
        body = {**lms.registration("Moodle"), "issuer": "https://moodle.example.edu", "client_id": "abc"}
        created = admin.post("/lti/platforms", json=body)
        assert created.status_code == 201, created.text
        platform = created.json()
        assert platform["deployment_ids"] == [lms.lms.deployment_id] and platform["last_launch_at"] is None
        assert admin.post("/lti/platforms", json=body).status_code == 409
        edited = admin.patch(f"/lti/platforms/{platform['id']}", json={"deployment_ids": ["1", "2"]})
        assert edited.status_code == 200 and edited.json()["deployment_ids"] == ["1", "2"]
        assert platform["id"] in [p["id"] for p in admin.get("/lti/platforms").json()]
        assert admin.delete(f"/lti/platforms/{platform['id']}").status_code == 204
        assert admin.get(f"/lti/platforms/{platform['id']}").status_code == 404

    def test_a_platform_needs_real_urls_and_a_deployment(self, admin: httpx.Client, lms: FakeLms) -> None:
        response = admin.post("/lti/platforms", json={**lms.registration(), "keyset_url": "not a url",
                                                      "deployment_ids": []})
        assert response.status_code == 422
        assert "keyset_url" in response.json()["detail"] and "deployment_ids" in response.json()["detail"]


class TestLaunch:
    def test_login_redirects_to_the_platform_with_a_fresh_state_and_nonce(self, server: ApiServer,
                                                                          lms: FakeLms) -> None:
        hint = lms.queue_launch("learner-x", "Learner")
        first, second = (httpx.get(server.base_url + "/lti/login", params=lms.login_params(hint))
                         for _ in range(2))
        assert first.status_code == 302
        location = httpx.URL(first.headers["location"])
        assert str(location).startswith(lms.base_url + "/auth?")
        params = dict(location.params)
        assert {k: params[k] for k in ("scope", "response_type", "response_mode", "prompt", "client_id")} == {
            "scope": "openid", "response_type": "id_token", "response_mode": "form_post", "prompt": "none",
            "client_id": lms.lms.client_id}
        assert params["redirect_uri"] == server.base_url + "/lti/launch"
        assert params["login_hint"] == hint and params["lti_message_hint"] == hint
        other = dict(httpx.URL(second.headers["location"]).params)
        assert params["state"] != other["state"] and params["nonce"] != other["nonce"]

    def test_login_from_an_unregistered_issuer_is_refused(self, server: ApiServer, lms: FakeLms) -> None:
        response = httpx.post(server.base_url + "/lti/login", data={
            **lms.login_params("x"), "iss": "https://elsewhere.example"})
        assert response.status_code == 400 and "is registered here" in response.json()["detail"]

    def test_an_instructor_launch_creates_the_section_named_from_the_course(
            self, server: ApiServer, lms: FakeLms, course: dict[str, object], admin: httpx.Client) -> None:
        teacher = course["teacher"]
        assert isinstance(teacher, httpx.Client)
        section = teacher.get(f"/sections/{course['section_id']}").json()
        assert section["name"] == lms.lms.context_title
        assert course["user"]["role"] == "teacher"  # type: ignore[index]
        platform = next(p for p in admin.get("/lti/platforms").json() if p["issuer"] == lms.base_url)
        assert platform["last_launch_at"] is not None
        with httpx.Client() as browser:  # the second launch finds the same account and section
            again = lms.launch(browser, lms.queue_launch("teacher-1", "Instructor"))
        app, query = landing(again)
        assert app == TEACHER_APP and int(query["section_id"]) == course["section_id"]

    def test_a_second_instructor_lands_on_their_own_sections_not_on_one_they_cannot_open(
            self, server: ApiServer, lms: FakeLms, course: dict[str, object]) -> None:
        with httpx.Client() as browser:
            response = lms.launch(browser, lms.queue_launch("ta-1", "TeachingAssistant", name="Tam Assistant"))
        app, query = landing(response)
        assert app == TEACHER_APP and "section_id" not in query
        assistant, body, _ = signed_in(server, response)
        assert body["user"]["role"] == "teacher"
        assert assistant.get(f"/sections/{course['section_id']}").status_code == 404

    def test_a_learner_launch_lands_signed_in_on_the_assignment(self, server: ApiServer, lms: FakeLms,
                                                               course: dict[str, object]) -> None:
        with httpx.Client() as browser:
            response = lms.launch(browser, lms.queue_launch(
                "learner-1", "Learner", name="Lena Learner", resource_link="link-a",
                custom={"assignment_id": str(course["assignment_id"])}))
        app, query = landing(response)
        assert app == STUDENT_APP and int(query["assignment_id"]) == course["assignment_id"]
        assert "access_token" not in response.headers["location"]
        student, body, _ = signed_in(server, response)
        assert body["user"]["role"] == "student" and body["user"]["display_name"] == "Lena Learner"
        assert set(body) == {"access_token", "token_type", "expires_at", "user"}
        opened = student.get(f"/assignments/{course['assignment_id']}")
        assert opened.status_code == 200 and opened.json()["title"] == "Interview Ana"
        assert student.post("/sessions", json={"assignment_id": course["assignment_id"]}).status_code == 201

    def test_the_sign_in_code_works_once(self, server: ApiServer, lms: FakeLms, course: dict[str, object]) -> None:
        with httpx.Client() as browser:
            response = lms.launch(browser, lms.queue_launch("learner-2", "Learner"))
        _, query = landing(response)
        assert sign_in_with_code(server, query["lti_code"]).status_code == 200
        again = sign_in_with_code(server, query["lti_code"])
        assert again.status_code == 401 and "already used" in again.json()["detail"]
        assert sign_in_with_code(server, "made-up").status_code == 401

    def test_a_learner_before_any_instructor_is_told_to_wait(self, server: ApiServer, lms: FakeLms) -> None:
        before = counts(server)
        with httpx.Client() as browser:
            response = lms.launch(browser, lms.queue_launch(
                "learner-early", "Learner", context=lms.course_claims(context_id="course-unopened")))
        assert response.status_code == 409 and "instructor" in response.json()["detail"]
        assert counts(server) == before


def _now() -> int:
    return int(time.time())


REFUSALS = {
    "wrong audience": ({"override": {"aud": "another-tool"}}, "audience"),
    "expired token": ({"override": {"exp": _now() - 3600, "iat": _now() - 4000}}, "expired"),
    "unknown deployment": ({"override": {LTI + "deployment_id": "deployment-99"}}, "deployment-99"),
    "unregistered issuer": ({"override": {"iss": "https://rogue-lms.example"}}, "registered"),
    "bad signature": ({"forge": True}, "signature"),
    "state that does not match": ({"state": "a-state-we-never-issued"}, "state"),
    "wrong LTI version": ({"override": {LTI + "version": "1.1"}}, "1.3.0"),
    "over-long user id": ({"override": {"sub": "u" * 256}}, "sub is not a string of at most 255"),
    "course id with a NUL": ({"override": {LTI + "context": {"id": "course\x00-1", "title": "Nul"}}},
                             "context id"),
    "numeric resource link id": ({"override": {LTI + "resource_link": {"id": 42}}}, "resource link id"),
}


class TestRefusals:
    @pytest.mark.parametrize("case", list(REFUSALS), ids=list(REFUSALS))
    def test_a_tampered_launch_is_refused_and_creates_nothing(self, server: ApiServer, lms: FakeLms,
                                                              course: dict[str, object], case: str) -> None:
        tamper, reason = REFUSALS[case]
        before = counts(server)
        with httpx.Client() as browser:
            response = lms.launch(browser, lms.queue_launch(f"victim-{case}", "Learner", **tamper))
        assert 400 <= response.status_code < 500, response.text
        assert reason in response.json()["detail"], response.json()
        assert counts(server) == before

    def test_a_replayed_id_token_is_refused(self, server: ApiServer, lms: FakeLms,
                                            course: dict[str, object]) -> None:
        with httpx.Client() as browser:
            action, fields = lms.authorize(browser, lms.queue_launch("learner-replay", "Learner"))
            assert browser.post(action, data=fields).status_code == 303
            before = counts(server)
            replayed = browser.post(action, data=fields)
            assert replayed.status_code == 400 and "already used" in replayed.json()["detail"]
            # The same id_token with a fresh state of its own: its nonce belongs to the first login.
            _, fresh = lms.authorize(browser, lms.queue_launch("learner-replay", "Learner"))
            replayed = browser.post(action, data={"id_token": fields["id_token"], "state": fresh["state"]})
            assert replayed.status_code == 400 and "nonce" in replayed.json()["detail"]
        assert counts(server) == before

    def test_garbage_instead_of_an_id_token_is_a_clear_refusal(self, server: ApiServer) -> None:
        response = httpx.post(server.base_url + "/lti/launch", data={"id_token": "not.a.jwt", "state": "x"})
        assert response.status_code == 400 and "JWT" in response.json()["detail"]


class TestAccountLinking:
    def test_an_existing_email_gets_its_own_account_unless_the_admin_allows_linking(
            self, server: ApiServer, lms: FakeLms, admin: httpx.Client, course: dict[str, object]) -> None:
        platform = next(p for p in admin.get("/lti/platforms").json() if p["issuer"] == lms.base_url)
        with httpx.Client() as browser:
            apart = lms.launch(browser, lms.queue_launch("sub-student2", "Learner", email="student2@example.com"))
        _, separate, _ = signed_in(server, apart)
        assert separate["user"]["email"].endswith("@lti.invalid"), "never taken over by a matching email"
        assert admin.patch(f"/lti/platforms/{platform['id']}", json={"link_by_email": True}).status_code == 200
        try:
            with httpx.Client() as browser:
                linked = lms.launch(browser, lms.queue_launch("sub-student1", "Learner",
                                                              email="student1@example.com"))
                _, joined, _ = signed_in(server, linked)
                assert joined["user"]["email"] == "student1@example.com"
                admin_launch = lms.launch(browser, lms.queue_launch("sub-admin", "Instructor",
                                                                    email="admin@example.com"))
            _, not_admin, _ = signed_in(server, admin_launch)
            assert not_admin["user"]["role"] == "teacher", "an LMS launch never signs in as an admin"
        finally:
            admin.patch(f"/lti/platforms/{platform['id']}", json={"link_by_email": False})


class TestLifetimes:
    def test_a_login_older_than_ten_minutes_is_refused(self, server: ApiServer, lms: FakeLms,
                                                       course: dict[str, object]) -> None:
        with httpx.Client() as browser:
            action, fields = lms.authorize(browser, lms.queue_launch("learner-slow", "Learner"))
            query_db(server.database_url, "UPDATE lti_login_states SET expires_at = '2000-01-01 00:00:00+00:00' "
                                          f"WHERE state = '{fields['state']}'")
            response = browser.post(action, data=fields)
        assert response.status_code == 400 and "10 minutes" in response.json()["detail"]

    def test_a_sign_in_code_older_than_a_minute_is_refused(self, server: ApiServer, lms: FakeLms,
                                                           course: dict[str, object]) -> None:
        with httpx.Client() as browser:
            response = lms.launch(browser, lms.queue_launch("learner-late", "Learner"))
        _, query = landing(response)
        query_db(server.database_url, "UPDATE lti_codes SET expires_at = '2000-01-01 00:00:00+00:00' "
                                      "WHERE used_at IS NULL")
        late = sign_in_with_code(server, query["lti_code"])
        assert late.status_code == 401 and "expired" in late.json()["detail"]


def test_a_first_launch_in_several_tabs_at_once_lands_every_tab_on_one_account(server: ApiServer,
                                                                                lms: FakeLms) -> None:
    """New user, new course: the launches race to create the account and the section; none may fail."""
    context = lms.course_claims(context_id=f"race-{time.time_ns()}", title="Race course")
    hints = [lms.queue_launch("race-instructor", "Instructor", context=context) for _ in range(4)]

    def launch(hint: str) -> int:
        with httpx.Client() as browser:
            return lms.launch(browser, hint).status_code

    with ThreadPoolExecutor(max_workers=4) as pool:
        assert list(pool.map(launch, hints)) == [303] * 4
    linked = query_db(server.database_url, "SELECT count(*) FROM lti_users WHERE sub = 'race-instructor'")
    assert int(linked[0][0]) == 1
    courses = query_db(server.database_url, "SELECT count(*) FROM lti_contexts WHERE context_id = "
                                            f"'{context[LTI + 'context']['id']}'")
    assert int(courses[0][0]) == 1


def test_first_requests_for_the_tool_s_keys_at_once_make_one_signing_key(server: ApiServer) -> None:
    """A database without a key (as before bootstrap made one): racing first uses all publish the same one key."""
    query_db(server.database_url, "DELETE FROM lti_keys")

    def jwks(_: int) -> list[str]:
        response = httpx.get(server.base_url + "/lti/jwks", timeout=30)
        assert response.status_code == 200, response.text
        return [key["kid"] for key in response.json()["keys"]]

    with ThreadPoolExecutor(max_workers=8) as pool:
        published = list(pool.map(jwks, range(8)))
    assert int(query_db(server.database_url, "SELECT count(*) FROM lti_keys")[0][0]) == 1
    assert all(kids == published[0] for kids in published) and len(published[0]) == 1


def test_launches_from_one_address_are_bounded_and_a_refused_one_writes_nothing(database_url: str) -> None:
    """Login and launch come before any sign-in and each writes a state row or may fetch the LMS's keys."""
    with lti_world(database_url, VC_LTI_LAUNCHES_PER_MINUTE="3") as (server, lms):
        def states() -> int:
            return int(query_db(server.database_url, "SELECT count(*) FROM lti_login_states")[0][0])

        for _ in range(2):
            assert httpx.post(server.base_url + "/lti/login", data=lms.login_params("x")).status_code == 302
        assert httpx.post(server.base_url + "/lti/launch", data={"id_token": "not.a.jwt", "state": "x"}
                          ).status_code == 400
        before = states()
        refused = httpx.post(server.base_url + "/lti/login", data=lms.login_params("x"))
        assert refused.status_code == 429 and "launches a minute" in refused.json()["detail"]
        assert int(refused.headers["Retry-After"]) >= 1 and states() == before
        assert httpx.post(server.base_url + "/lti/launch", data={"id_token": "not.a.jwt", "state": "x"}
                          ).status_code == 429


def test_a_browser_meets_a_refusal_as_a_page_with_the_same_status_and_reason(server: ApiServer) -> None:
    response = httpx.post(server.base_url + "/lti/launch", data={"id_token": "not.a.jwt", "state": "x"},
                          headers={"Accept": "text/html,application/xhtml+xml"})
    assert response.status_code == 400 and response.headers["content-type"].startswith("text/html")
    assert "The id_token is not a readable JWT." in response.text
