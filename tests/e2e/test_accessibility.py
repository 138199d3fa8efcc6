"""WCAG 2.1 AA in a real browser: axe-core on every page of the three apps, signed out and signed in."""

from __future__ import annotations

from typing import Any

import pytest

from mvp.client.api_client import ApiClient
from tests.support.accessibility import blocking_violations, describe
from tests.support.apps import Stack
from tests.support.browser import settle, sign_in

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
    for title in PAGES[app]:
        page.get_by_test_id("stSidebarNavLink").filter(has_text=title).first.click()
        settle(page)
        found += describe(f"{app} · {title}", blocking_violations(page))
    return found


@pytest.mark.parametrize("app", list(PAGES))
def test_no_page_breaks_a_serious_wcag_rule(app: str, stack: Stack, demo_conversations: None, new_page: Any
                                            ) -> None:
    found = audit_app(new_page(), stack, app)
    assert not found, "axe-core found serious or critical WCAG 2.1 A/AA violations:\n" + "\n".join(found)
