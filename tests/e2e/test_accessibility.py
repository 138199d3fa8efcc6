"""WCAG 2.1 AA in a real browser: axe-core on every page of the three apps, signed out and signed in."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from mvp.client.api_client import ApiClient
from tests.support.accessibility import blocking_violations, describe, horizontal_overflow
from tests.support.apps import Stack
from tests.support.browser import expect, settle, sign_in

pytestmark = pytest.mark.e2e

ACCOUNTS = {"teacher": ("teacher@example.com", "teacher-demo-123"),
            "student": ("student1@example.com", "student-demo-123"),
            "admin": ("admin@example.com", "admin-demo-123")}
# Every page in each app's sidebar, by its link text (the admin app has one page and no page list).
PAGES = {
    "teacher": ["My clients", "Client editor", "Prompt preview", "Check a client", "Test conversation",
                "Conversations", "Sections", "Review queue", "Class averages", "Rubrics", "Students"],
    "student": ["My assignments", "Practice clients", "Conversation", "My transcripts", "Feedback", "My progress"],
    "admin": [],
}


@pytest.fixture(scope="module")
def demo_conversations(stack: Stack) -> None:
    """The demo student has one finished conversation (feedback, transcripts, progress) and one still open."""
    student = ApiClient(stack.api.base_url)
    student.login(*ACCOUNTS["student"])
    kwame = next(card for card in student.list_client_cards() if card.name == "Kwame Mensah")
    finished = student.start_session(kwame.id)
    for line in ["Hi Kwame, what brings you in today?", "It sounds like the lay-off shook you."]:
        student.send_message(finished.id, line)
    student.end_session(finished.id)
    student.evaluate(finished.id)  # feedback, progress and the class averages have something to draw
    ongoing = student.start_session(kwame.id)
    student.send_message(ongoing.id, "Hello again, how have the last few days been?")


def audit_app(page: Any, stack: Stack, app: str) -> list[str]:
    """Sign in to one app and run axe on the sign-in form and on every page of its sidebar."""
    found: list[str] = []
    page.goto(stack.urls[app])
    settle(page)
    found += describe(f"{app} sign-in", blocking_violations(page))
    sign_in(page, stack.urls[app], *ACCOUNTS[app])
    found += describe(f"{app} first page", blocking_violations(page))
    found += missing_chart_text(page, app, "first page")
    for title in PAGES[app]:
        page.get_by_test_id("stSidebarNavLink").filter(has_text=title).first.click()
        settle(page)
        found += describe(f"{app} · {title}", blocking_violations(page))
        found += missing_chart_text(page, app, title)
    return found


def missing_chart_text(page: Any, app: str, title: str) -> list[str]:
    """Every chart drawn comes with its sentence in words ("In words: ..."); a finding like axe's if not."""
    charts = page.get_by_test_id("stVegaLiteChart").count()
    said = page.get_by_text("In words:").count()
    return [f"{app} · {title}: {charts} chart(s) but {said} text alternative(s)"] if said < charts else []


@pytest.mark.parametrize("app", list(PAGES))
def test_no_page_breaks_a_serious_wcag_rule(app: str, stack: Stack, demo_conversations: None, new_page: Any
                                            ) -> None:
    found = audit_app(new_page(), stack, app)
    assert not found, "axe-core found serious or critical WCAG 2.1 A/AA violations:\n" + "\n".join(found)


# Narrow and zoomed: 320 CSS px (WCAG 1.4.10 reflow), and a 1280 px window at 200 % zoom (1.4.4 resize text),
# which is 640 CSS px drawn at twice the size.
SIZES = {"320px": {"viewport": {"width": 320, "height": 720}},
         "zoom200": {"viewport": {"width": 640, "height": 400}, "device_scale_factor": 2}}
# By address ("" is the app's first page).
NARROW_PAGES = {"student": ["", "conversation", "feedback", "progress"], "teacher": ["", "review"]}


def whole_page(page: Any, path: Path) -> None:
    """A screenshot of the whole page at this width (Streamlit scrolls inside its main area, so grow the window)."""
    size = page.viewport_size
    height = page.evaluate("() => document.querySelector('main')?.scrollHeight ?? 0")
    page.set_viewport_size({"width": size["width"], "height": min(max(height, size["height"]), 5000)})
    page.wait_for_timeout(300)
    page.screenshot(path=str(path))
    page.set_viewport_size(size)


@pytest.mark.parametrize("size", list(SIZES))
def test_pages_reflow_without_sideways_scrolling_and_stay_valid(
        size: str, stack: Stack, demo_conversations: None, new_page: Any, screenshots: Path) -> None:
    problems: list[str] = []
    for app, paths in NARROW_PAGES.items():
        page = new_page(**SIZES[size])
        sign_in(page, stack.urls[app], *ACCOUNTS[app])
        for path in paths:
            page.goto(f"{stack.urls[app]}/{path}")
            settle(page)
            expect(page.get_by_role("heading", level=1)).to_be_visible()
            if overflow := horizontal_overflow(page):
                problems.append(f"{app}/{path}: {overflow} px too wide")
            problems += describe(f"{app}/{path} at {size}", blocking_violations(page))
            whole_page(page, screenshots / f"a11y-{size}-{app}-{path or 'home'}.png")
    assert not problems, problems
