"""LTI Advantage services against the fake LMS over real HTTP: deep linking, roster sync (NRPS) and score
passback (AGS) that survives a 503."""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from tests.support.api import PERSONA
from tests.support.fake_lms import ROLE, FakeLms, Member, read_form
from tests.support.feedback import STUDENT_LINES, evaluation_when_ready
from tests.support.lti import lti_world, signed_in
from tests.support.server import ApiServer, query_db

DL_ITEMS = "https://purl.imsglobal.org/spec/lti-dl/claim/content_items"
LTI = "https://purl.imsglobal.org/spec/lti/claim/"


@pytest.fixture(scope="module")
def world(database_url: str) -> Iterator[tuple[ApiServer, FakeLms]]:
    with lti_world(database_url) as pair:
        yield pair


@pytest.fixture(scope="module")
def course(world: tuple[ApiServer, FakeLms]) -> dict[str, Any]:
    """The instructor's section (from their first launch), with a client to assign."""
    server, lms = world
    with httpx.Client() as browser:
        teacher, _, query = signed_in(server, lms.launch(browser, lms.queue_launch("teacher-s", "Instructor")))
    client = teacher.post("/clients", json=PERSONA).json()
    return {"teacher": teacher, "section_id": int(query["section_id"]), "client_id": client["id"]}


def wait_for(condition: Any, timeout_s: float = 30, what: str = "condition") -> Any:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}")


class TestDeepLinking:
    def test_the_instructor_picks_a_new_assignment_and_the_platform_gets_a_signed_response(
            self, world: tuple[ApiServer, FakeLms], course: dict[str, Any]) -> None:
        server, lms = world
        with httpx.Client() as browser:
            response = lms.launch(browser, lms.queue_launch("teacher-s", "Instructor",
                                                            message_type="LtiDeepLinkingRequest"))
            assert response.status_code == 303, response.text
            picker = browser.get(response.headers["location"])
            assert picker.status_code == 200 and "New assignment from client" in picker.text
            _, fields = read_form(picker.text)
            chosen = browser.post(server.base_url + "/lti/deep-link", data={
                "ticket": fields["ticket"], "assignment_id": "new", "client_id": str(course["client_id"]),
                "title": "Deep-linked interview"})
            assert chosen.status_code == 200, chosen.text
            action, posted = read_form(chosen.text)
            assert action == lms.base_url + "/deep-link-return"
            assert browser.post(action, data=posted).status_code == 200
            again = browser.post(server.base_url + "/lti/deep-link", data={
                "ticket": fields["ticket"], "assignment_id": "new", "client_id": str(course["client_id"])})
            assert again.status_code == 400 and "already used" in again.json()["detail"]
        claims = lms.verify(lms.deep_link_returns[-1])  # signature checked against the tool's JWKS
        assert claims[LTI + "message_type"] == "LtiDeepLinkingResponse" and claims[LTI + "version"] == "1.3.0"
        assert claims[LTI + "deployment_id"] == lms.lms.deployment_id
        assert claims["https://purl.imsglobal.org/spec/lti-dl/claim/data"] == "opaque-teacher-s"
        (item,) = claims[DL_ITEMS]
        assert item["type"] == "ltiResourceLink" and item["title"] == "Deep-linked interview"
        assert item["url"] == server.base_url + "/lti/launch"
        assert item["lineItem"]["scoreMaximum"] == 100
        assert item["lineItem"]["resourceId"] == item["custom"]["assignment_id"]
        assignment = course["teacher"].get(f"/assignments/{item['custom']['assignment_id']}").json()
        assert assignment["title"] == "Deep-linked interview" and assignment["section_id"] == course["section_id"]

    def test_the_instructor_links_an_existing_assignment(self, world: tuple[ApiServer, FakeLms],
                                                         course: dict[str, Any]) -> None:
        server, lms = world
        teacher = course["teacher"]
        existing = teacher.post(f"/sections/{course['section_id']}/assignments", json={
            "client_id": course["client_id"], "title": "Already set", "instructions": ""}).json()
        with httpx.Client() as browser:
            response = lms.launch(browser, lms.queue_launch("teacher-s", "Instructor",
                                                            message_type="LtiDeepLinkingRequest"))
            picker = browser.get(response.headers["location"])
            assert "Already set" in picker.text
            _, fields = read_form(picker.text)
            chosen = browser.post(server.base_url + "/lti/deep-link", data={
                "ticket": fields["ticket"], "assignment_id": str(existing["id"])})
            assert chosen.status_code == 200, chosen.text
            action, posted = read_form(chosen.text)
            browser.post(action, data=posted)
        (item,) = lms.verify(lms.deep_link_returns[-1])[DL_ITEMS]
        assert item["custom"] == {"assignment_id": str(existing["id"])} and item["title"] == "Already set"

    def test_a_learner_cannot_deep_link(self, world: tuple[ApiServer, FakeLms], course: dict[str, Any]) -> None:
        _, lms = world
        with httpx.Client() as browser:
            response = lms.launch(browser, lms.queue_launch("learner-dl", "Learner",
                                                            message_type="LtiDeepLinkingRequest"))
        assert response.status_code == 403 and "instructor" in response.json()["detail"].lower()


class TestRosterSync:
    def test_three_learners_across_two_pages_are_enrolled_and_a_departed_one_removed(
            self, world: tuple[ApiServer, FakeLms], course: dict[str, Any]) -> None:
        server, lms = world
        teacher, section_id = course["teacher"], course["section_id"]
        lms.set_members(Member("teacher-s", "Ines", "ines@lms.example.edu", [ROLE + "Instructor"]),
                        Member("nrps-1", "Ana Uno", "ana@lms.example.edu", [ROLE + "Learner"]),
                        Member("nrps-2", "Ben Dos", "ben@lms.example.edu", [ROLE + "Learner"]),
                        Member("nrps-3", "Cy Tres", "cy@lms.example.edu", [ROLE + "Learner"]))
        first = teacher.post(f"/sections/{section_id}/lti/roster-sync")
        assert first.status_code == 200, first.text
        assert first.json() == {"added": 3, "already": 0, "removed": 0, "skipped": 1}
        roster = {e["email"] for e in teacher.get(f"/sections/{section_id}/enrollments").json()}
        assert {"ana@lms.example.edu", "ben@lms.example.edu", "cy@lms.example.edu"} <= roster
        assert query_db(server.database_url, "SELECT count(*) FROM users WHERE email = 'ana@lms.example.edu' "
                                             "AND password_hash = '!lti'")[0][0] in (1, "1")
        lms.set_members(Member("nrps-1", "Ana Uno", "ana@lms.example.edu", [ROLE + "Learner"]),
                        Member("nrps-2", "Ben Dos", "ben@lms.example.edu", [ROLE + "Learner"]))
        second = teacher.post(f"/sections/{section_id}/lti/roster-sync")
        assert second.json() == {"added": 0, "already": 2, "removed": 1, "skipped": 0}
        active = {e["email"] for e in teacher.get(f"/sections/{section_id}/enrollments").json()
                  if e.get("is_active", True)}
        assert "cy@lms.example.edu" not in active
        assert all(r["ok"] for r in lms.lms.token_requests), "the tool's JWT assertion must pass the LMS's checks"

    def test_an_lms_that_fails_leaves_the_roster_as_it_was_and_says_so(
            self, world: tuple[ApiServer, FakeLms], course: dict[str, Any]) -> None:
        _, lms = world
        teacher, section_id = course["teacher"], course["section_id"]
        before = teacher.get(f"/sections/{section_id}/enrollments").json()
        lms.set_members(Member("nrps-9", "Dee Nueve", "dee@lms.example.edu", [ROLE + "Learner"]))
        lms.fail_next_roster_pages(503)
        response = teacher.post(f"/sections/{section_id}/lti/roster-sync")
        assert response.status_code == 502 and "503" in response.json()["detail"]
        assert teacher.get(f"/sections/{section_id}/enrollments").json() == before
        lms.fail_next_roster_pages(200)
        response = teacher.post(f"/sections/{section_id}/lti/roster-sync")
        assert response.status_code == 502 and "membership list" in response.json()["detail"]
        assert teacher.get(f"/sections/{section_id}/enrollments").json() == before

    def test_a_section_not_linked_to_an_lms_says_so(self, world: tuple[ApiServer, FakeLms]) -> None:
        server, _ = world
        with server.client("teacher@example.com") as teacher:
            section = teacher.post("/sections", json={"name": "Not in an LMS"}).json()
            response = teacher.post(f"/sections/{section['id']}/lti/roster-sync")
        assert response.status_code == 409 and "not linked" in response.json()["detail"]


def test_roster_syncs_are_limited_per_person_and_the_refusal_says_when_to_try_again(database_url: str) -> None:
    with lti_world(database_url, VC_ROSTER_SYNCS_PER_HOUR="2") as (server, lms), httpx.Client() as browser:
        teacher, _, query = signed_in(server, lms.launch(browser, lms.queue_launch("teacher-limited", "Instructor")))
        section_id = int(query["section_id"])
        lms.set_members(Member("rate-1", "Ana Uno", "ana.rate@lms.example.edu", [ROLE + "Learner"]))
        assert [teacher.post(f"/sections/{section_id}/lti/roster-sync").status_code for _ in range(2)] == [200, 200]
        lms.set_members(Member("rate-1", "Ana Uno", "ana.rate@lms.example.edu", [ROLE + "Learner"]),
                        Member("rate-2", "Ben Dos", "ben.rate@lms.example.edu", [ROLE + "Learner"]))
        refused = teacher.post(f"/sections/{section_id}/lti/roster-sync")
        assert refused.status_code == 429, refused.text
        assert 1 <= int(refused.headers["Retry-After"]) <= 3600
        detail = refused.json()["detail"]
        assert "synced rosters from the LMS more than 2 times this hour" in detail and "Try again in" in detail
        roster = {e["email"] for e in teacher.get(f"/sections/{section_id}/enrollments").json()}
        assert "ben.rate@lms.example.edu" not in roster, "the refused sync never read the LMS"
        with server.client("admin@example.com") as admin:  # the limit is the person's, not the section's
            assert admin.post(f"/sections/{section_id}/lti/roster-sync").json()["added"] == 1


class TestScorePassback:
    def test_a_released_score_arrives_once_even_after_a_503(self, world: tuple[ApiServer, FakeLms],
                                                            course: dict[str, Any]) -> None:
        server, lms = world
        teacher, section_id = course["teacher"], course["section_id"]
        assignment = teacher.post(f"/sections/{section_id}/assignments", json={
            "client_id": course["client_id"], "title": "Graded interview", "instructions": "",
            "feedback_release": "immediate", "min_turns": 2}).json()
        lms.fail_next_scores(503)
        with httpx.Client() as browser:
            response = lms.launch(browser, lms.queue_launch(
                "learner-graded", "Learner", resource_link="link-graded",
                custom={"assignment_id": str(assignment["id"])}))
        student, _, query = signed_in(server, response)
        assert int(query["assignment_id"]) == assignment["id"]
        session_id = student.post("/sessions", json={"assignment_id": assignment["id"]}).json()["id"]
        for line in STUDENT_LINES:
            assert student.post(f"/sessions/{session_id}/messages", json={"content": line}).status_code == 201
        assert student.post(f"/sessions/{session_id}/submit").status_code == 200
        evaluation = evaluation_when_ready(teacher, session_id)
        scores = wait_for(lambda: lms.scores, what="the score at the LMS")
        time.sleep(1.5)  # a few more rounds of the sender: nothing is sent twice
        (score,) = lms.scores
        assert score["userId"] == "learner-graded" and score["scoreMaximum"] == 100
        assert score["scoreGiven"] == pytest.approx(evaluation["total_score"], abs=0.01)
        assert score["activityProgress"] == "Completed" and score["gradingProgress"] == "FullyGraded"
        assert "feedback" in score["comment"] and score["timestamp"]
        (item,) = [i for i in lms.line_items if i["resourceLinkId"] == "link-graded"]
        assert score["lineitem"] == item["id"] and item["scoreMaximum"] == 100
        assert scores
        sends = teacher.get(f"/sections/{section_id}/lti/score-sends").json()
        (send,) = [s for s in sends if s["session_id"] == session_id]
        assert send["status"] == "sent" and send["label"] == "sent to LMS" and send["attempts"] == 2
        score_tokens = [r for r in lms.lms.token_requests if "scope/score" in r["scope"]]
        assert len(score_tokens) == 1, "the retry reuses the access token it already holds"

    def test_a_failed_send_shows_why_and_can_be_sent_again(self, world: tuple[ApiServer, FakeLms],
                                                           course: dict[str, Any]) -> None:
        server, lms = world
        teacher, section_id = course["teacher"], course["section_id"]
        assignment = teacher.post(f"/sections/{section_id}/assignments", json={
            "client_id": course["client_id"], "title": "Refused interview", "instructions": "",
            "min_turns": 1}).json()
        lms.fail_next_scores(400)
        with httpx.Client() as browser:
            response = lms.launch(browser, lms.queue_launch(
                "learner-refused", "Learner", resource_link="link-refused",
                custom={"assignment_id": str(assignment["id"])}))
        student, _, _ = signed_in(server, response)
        session_id = student.post("/sessions", json={"assignment_id": assignment["id"]}).json()["id"]
        assert student.post(f"/sessions/{session_id}/messages", json={"content": "What brings you here?"}
                            ).status_code == 201
        assert student.post(f"/sessions/{session_id}/submit").status_code == 200

        def failed() -> dict[str, Any] | None:
            sends = teacher.get(f"/sections/{section_id}/lti/score-sends").json()
            return next((s for s in sends if s["session_id"] == session_id and s["status"] == "failed"), None)

        send = wait_for(failed, what="the refused send")
        assert send["label"].startswith("failed: ") and "400" in send["label"]
        resent = teacher.post(f"/lti/score-sends/{send['id']}/resend")
        assert resent.status_code == 200 and resent.json()["status"] == "waiting"
        wait_for(lambda: [s for s in lms.scores if s["userId"] == "learner-refused"], what="the resent score")
        assert student.post(f"/lti/score-sends/{send['id']}/resend").status_code == 403
        with server.client("teacher@example.com") as another_teacher:
            assert another_teacher.get(f"/sections/{section_id}/lti/score-sends").status_code == 404
            refused = another_teacher.post(f"/lti/score-sends/{send['id']}/resend")
            assert refused.status_code == 404 and "was not found" in refused.json()["detail"]


class TestReleasedLater:
    def test_a_score_held_for_review_goes_to_the_lms_only_once_released(
            self, world: tuple[ApiServer, FakeLms], course: dict[str, Any]) -> None:
        server, lms = world
        teacher, section_id = course["teacher"], course["section_id"]
        assignment = teacher.post(f"/sections/{section_id}/assignments", json={
            "client_id": course["client_id"], "title": "Reviewed interview", "instructions": "",
            "feedback_release": "after_review", "min_turns": 1}).json()
        with httpx.Client() as browser:
            response = lms.launch(browser, lms.queue_launch(
                "learner-reviewed", "Learner", resource_link="link-reviewed",
                custom={"assignment_id": str(assignment["id"])}))
        student, _, _ = signed_in(server, response)
        session_id = student.post("/sessions", json={"assignment_id": assignment["id"]}).json()["id"]
        assert student.post(f"/sessions/{session_id}/messages", json={"content": "How are you feeling?"}
                            ).status_code == 201
        assert student.post(f"/sessions/{session_id}/submit").status_code == 200
        evaluation_when_ready(teacher, session_id)
        time.sleep(1.5)  # several rounds of the sender: nothing leaves before the teacher releases
        assert not [s for s in lms.scores if s["userId"] == "learner-reviewed"]
        released = teacher.patch(f"/sessions/{session_id}/evaluation", json={"released": True})
        assert released.status_code == 200, released.text
        (score,) = wait_for(lambda: [s for s in lms.scores if s["userId"] == "learner-reviewed"],
                            what="the released score")
        assert score["scoreGiven"] == pytest.approx(released.json()["total_score"], abs=0.01)
