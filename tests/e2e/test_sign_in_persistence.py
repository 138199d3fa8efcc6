"""A sign-in survives a reload and an app restart, returns to the page it was on, and ends in every tab at sign-out."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.support.apps import VIEWPORT, Stack
from tests.support.browser import expect, settle, sign_in, snap

pytestmark = pytest.mark.e2e

STUDENT = ("student1@example.com", "student-demo-123")
SIGN_IN_FORM = ".st-key-sign_in_email"


def _signed_in_on(page: Any, title: str) -> None:
    settle(page)
    expect(page.locator(SIGN_IN_FORM)).to_have_count(0)
    expect(page.get_by_role("heading", name=title)).to_be_visible()


def test_a_reload_and_a_restart_keep_the_student_on_their_page(
    stack: Stack, browser: Any, screenshots: Path
) -> None:
    context = browser.new_context(viewport=VIEWPORT)
    try:
        page = context.new_page()
        sign_in(page, stack.urls["student"], *STUDENT)
        page.goto(stack.urls["student"] + "/transcripts")
        _signed_in_on(page, "My transcripts")

        page.reload()
        _signed_in_on(page, "My transcripts")
        assert "Page not found" not in page.content()

        stack.restart("student")
        page.goto(stack.urls["student"] + "/transcripts")
        _signed_in_on(page, "My transcripts")
        assert "Page not found" not in page.content()  # a fresh server's first run is the risky one
        snap(page, screenshots, "sign_in_kept_after_restart")

        cookies = {c["name"]: c for c in context.cookies()}
        kept = cookies["vc_student_sign_in"]
        assert kept["sameSite"] == "Strict"
        assert not kept["value"].startswith("eyJ"), "the browser must hold an opaque id, never the API token"
        assert "vc_teacher_sign_in" not in cookies, "each app keeps its own sign-in"
    finally:
        context.close()


def test_signing_out_in_one_tab_ends_the_sign_in_in_the_others(stack: Stack, browser: Any) -> None:
    context = browser.new_context(viewport=VIEWPORT)
    try:
        first = context.new_page()
        sign_in(first, stack.urls["student"], *STUDENT)
        second = context.new_page()
        second.goto(stack.urls["student"] + "/transcripts")
        _signed_in_on(second, "My transcripts")

        first.get_by_role("button", name="Sign out").click()
        settle(first)
        expect(first.locator(SIGN_IN_FORM)).to_have_count(1)

        second.get_by_role("link", name="Practice clients").click()  # the other tab's next action
        settle(second)
        expect(second.locator(SIGN_IN_FORM)).to_have_count(1)
        second.reload()
        settle(second)
        expect(second.locator(SIGN_IN_FORM)).to_have_count(1)
    finally:
        context.close()


def test_an_expired_sign_in_on_a_sub_page_asks_to_sign_in_and_lands_back_there(stack: Stack, browser: Any) -> None:
    context = browser.new_context(viewport=VIEWPORT)
    try:
        page = context.new_page()
        page.goto(stack.urls["student"] + "/transcripts")
        settle(page)
        assert "Page not found" not in page.content()
        page.locator(".st-key-sign_in_email input").fill(STUDENT[0])
        page.locator(".st-key-sign_in_password input").fill(STUDENT[1])
        page.locator(".st-key-sign_in_submit button").click()
        _signed_in_on(page, "My transcripts")
        assert page.url.endswith("/transcripts")
    finally:
        context.close()


def test_no_deploy_button_or_developer_menu_for_users(stack: Stack, new_page: Any) -> None:
    page = new_page()
    sign_in(page, stack.urls["teacher"], "teacher@example.com", "teacher-demo-123")
    expect(page.get_by_role("button", name="Deploy")).to_have_count(0)
    expect(page.get_by_text("Server:")).to_have_count(0)
