"""The LTI rules that need no server: roles, the AGS and NRPS addresses, retry waits, the apps' LTI helpers."""

from __future__ import annotations

from datetime import timedelta

import httpx
import pytest

from backend.core.config import Settings
from backend.models.user import UserRole
from backend.services.lti import tool_config
from backend.services.lti.claims import platform_role
from backend.services.lti.contexts import _custom_assignment_id
from backend.services.lti.errors import LaunchRefused
from backend.services.lti.platform_client import next_page
from backend.services.lti.scores import _backoff, scores_url
from mvp.client.course_models import SectionProgress
from mvp.client.lti import ScoreSend
from mvp.logic.courses import grid_table
from mvp.logic.lti import lms_labels, platform_body

MEMBERSHIP = "http://purl.imsglobal.org/vocab/lis/v2/membership#"
INSTITUTION = "http://purl.imsglobal.org/vocab/lis/v2/institution/person#"


class TestRoles:
    @pytest.mark.parametrize(("roles", "expected"), [
        ([MEMBERSHIP + "Instructor"], UserRole.teacher),
        (["http://purl.imsglobal.org/vocab/lis/v2/membership/Instructor#TeachingAssistant"], UserRole.teacher),
        ([INSTITUTION + "Administrator"], UserRole.teacher),  # an LMS admin is never more than a teacher here
        ([MEMBERSHIP + "Learner", INSTITUTION + "Student"], UserRole.student),
        ([MEMBERSHIP + "Learner", MEMBERSHIP + "Instructor"], UserRole.teacher),
        ([MEMBERSHIP + "Mentor"], None),
        ([], None),
        ("Instructor", None),  # not a list: nothing to read
    ])
    def test_lms_roles_map_to_ours(self, roles: object, expected: UserRole | None) -> None:
        assert platform_role(roles) == expected


class TestCustomAssignmentId:
    @pytest.mark.parametrize(("custom", "expected"), [
        ({"assignment_id": "42"}, 42), ({"assignment_id": 42}, 42), ({}, None),
        ({"assignment_id": "$Canvas.assignment.id"}, None),  # a substitution the LMS did not fill in
    ])
    def test_the_custom_parameter_names_the_assignment(self, custom: dict[str, object], expected: int | None
                                                       ) -> None:
        claim = "https://purl.imsglobal.org/spec/lti/claim/custom"
        assert _custom_assignment_id({claim: custom}) == expected

    @pytest.mark.parametrize("bad", ["abc", "0", "99999999999"])
    def test_a_bad_value_is_a_clear_refusal(self, bad: str) -> None:
        with pytest.raises(LaunchRefused):
            _custom_assignment_id({"https://purl.imsglobal.org/spec/lti/claim/custom": {"assignment_id": bad}})


class TestServiceAddresses:
    def test_scores_live_under_the_line_item_before_its_query(self) -> None:
        assert scores_url("https://lms.example/li/7?type_id=3") == "https://lms.example/li/7/scores?type_id=3"
        assert scores_url("https://lms.example/li/7/") == "https://lms.example/li/7/scores"

    def test_the_next_page_comes_from_the_link_header(self) -> None:
        response = httpx.Response(200, headers=[
            ("Link", '<https://lms.example/m?page=1>; rel="first", <https://lms.example/m?page=3>; rel="next"')])
        assert next_page(response) == "https://lms.example/m?page=3"
        assert next_page(httpx.Response(200, headers={"Link": '<https://x/y>; rel="last"'})) is None

    def test_retries_wait_twice_as_long_each_time_up_to_an_hour(self) -> None:
        settings = Settings(VC_LTI_RETRY_BASE_SECONDS=30)
        assert [_backoff(settings, n).total_seconds() for n in (1, 2, 3)] == [30, 60, 120]
        assert _backoff(settings, 20) == timedelta(hours=1)

    def test_canvas_gets_deep_linking_placements_and_every_scope(self) -> None:
        canvas = tool_config.canvas("https://vc.example.edu")
        assert canvas["extensions"][0]["domain"] == "vc.example.edu"
        assert set(canvas["scopes"]) == set(tool_config.SCOPES)
        assert {p["placement"] for p in canvas["extensions"][0]["settings"]["placements"]} >= {
            "assignment_selection", "link_selection"}


class TestAppsHelpers:
    def test_the_register_form_splits_deployment_ids(self) -> None:
        body = platform_body({"name": " Canvas ", "deployment_ids": "1:abc, 2:def,", "link_by_email": True})
        assert body == {"name": "Canvas", "deployment_ids": ["1:abc", "2:def"], "link_by_email": True}

    def test_a_grid_cell_says_where_its_score_stands_at_the_lms(self) -> None:
        sends = [ScoreSend(1, 10, 5, 7, 80, "failed", "failed: 400"),
                 ScoreSend(2, 11, 5, 7, 85, "sent", "sent to LMS")]
        labels = lms_labels(sends)
        assert labels == {(5, 7): "sent to LMS"}  # the newest send of the cell
        section = {"id": 1, "name": "S", "assignment_count": 1, "course_code": "SWK 501", "term": "Fall",
                   "created_at": "2026-12-01T00:00:00Z", "description": "", "student_count": 1, "teacher_id": 2}
        progress = SectionProgress.from_json({"section": section, "assignments": [
            {"id": 7, "section_id": 1, "title": "A", "client_id": 1}], "students": [
            {"id": 5, "display_name": "Ana", "email": "a@x", "cells": [
                {"assignment_id": 7, "status": "submitted", "attempts": 1}]}]})
        _, words, _ = grid_table(progress, labels)
        assert words == [["Ana", "Submitted · 1 attempt · sent to LMS"]]
        long = lms_labels([ScoreSend(3, 12, 6, 7, 70, "failed", "failed: " + "the LMS answered 400 " * 5)])
        assert len(long[(6, 7)]) == 40 and long[(6, 7)].endswith("…")
