"""The chat by keyboard alone, as a screen-reader user meets it: sign in, open an assignment, talk, end, feedback."""

from __future__ import annotations

from typing import Any

import pytest

from mvp.client.api_client import ApiClient
from tests.support.accessibility import (
    announcements,
    blocking_violations,
    describe,
    focus_ring,
    focused,
    record_announcements,
    tab_until,
)
from tests.support.apps import Stack
from tests.support.browser import expect, send, settle, sign_in

pytestmark = pytest.mark.e2e

STUDENT = ("student2@example.com", "student-demo-123")
LINES = ["Hello Mei-Ling, thank you for coming in. What would you like to talk about?",
         "It sounds like the last few months have been very heavy for you.",
         "What has helped you get through the hardest days?"]
MESSAGE_BOX = "textbox: Write to Mei-Ling… (up to 4,000 characters)"


def wait_for_reply(page: Any, count: int) -> None:
    """Until the live region has announced `count` finished replies and the run is over."""
    page.wait_for_function(f"() => (window.vcHeard || []).length >= {count}", timeout=30_000)
    settle(page)


def test_a_student_talks_and_reads_feedback_without_the_mouse(stack: Stack, new_page: Any) -> None:
    page = new_page()
    page.goto(stack.urls["student"])
    settle(page)
    # The form's fields arrive with the first run; a Tab pressed while they are still being drawn skips them.
    expect(page.locator(".st-key-sign_in_email input")).to_be_editable()
    expect(page.locator(".st-key-sign_in_submit button")).to_be_enabled()
    settle(page)
    # Signing in: focus starts on the page's heading, the form follows, Enter submits.
    assert focused(page) == "heading: Virtual Client · Practice"
    assert tab_until(page, "textbox: Email") == ["textbox: Email"]
    page.keyboard.type(STUDENT[0])
    page.keyboard.press("Tab")
    assert focused(page) == "textbox: Password"
    page.keyboard.type(STUDENT[1])
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="My assignments")).to_be_visible()
    settle(page)
    assert focused(page) == "heading: My assignments"

    # From the heading, Tab walks the assignment cards (their heading anchors) to the open one's Start button.
    assert tab_until(page, "button: Start") == ["link: Link to heading", "link: Link to heading", "button: Start"]
    assert focus_ring(page), "the focused Start button shows a focus ring"
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Conversation with Mei-Ling Chen")).to_be_visible()
    settle(page)
    assert focused(page) == MESSAGE_BOX
    record_announcements(page)

    for count, line in enumerate(LINES, start=1):
        page.keyboard.type(line)
        if count == 2:  # the send button is the next stop after the box, and Space presses it
            assert tab_until(page, "button: Send message") == ["button: Send message"]
            assert focus_ring(page), "the send button shows a focus ring"
            page.keyboard.press("Space")
        else:
            page.keyboard.press("Enter")
        wait_for_reply(page, count)
        assert focused(page) == MESSAGE_BOX, f"focus after reply {count}"
    assert focus_ring(page), "the message box shows a focus ring"
    heard = announcements(page)
    replies = page.get_by_test_id("stChatMessage").filter(has=page.locator(".vc-said", has_text="Mei-Ling said"))
    expect(replies).to_have_count(3)
    texts = [replies.nth(i).get_by_test_id("stMarkdownContainer").first.inner_text().strip() for i in range(3)]
    assert heard == [f"Mei-Ling said: {text}" for text in texts], "each reply announced once, whole"
    expect(page.locator(".vc-said", has_text="You said")).to_have_count(3)

    # Ending: back from the message box to 'End without submitting', Space presses it, focus lands on the confirmation.
    stops = tab_until(page, "button: End without submitting", backwards=True)
    assert "button: Submit for your teacher" not in stops
    page.keyboard.press("Space")
    settle(page)
    assert focused(page) == "button: Yes, end and save"
    assert focus_ring(page), "the confirmation shows a focus ring"
    assert not describe("conversation, confirming the end", blocking_violations(page))
    page.keyboard.press("Enter")

    # The feedback page opens by itself, focus on its heading; its controls come next in Tab order.
    expect(page.get_by_role("heading", name="Feedback", exact=True)).to_be_visible(timeout=30_000)
    settle(page)
    assert focused(page) == "heading: Feedback"
    expect(page.get_by_role("heading", name="Your conversation with Mei-Ling Chen")).to_be_visible()
    settle(page)
    assert focused(page) == "heading: Feedback", "focus stays on the heading while the page finishes drawing"
    assert tab_until(page, "combobox: Conversation") == ["combobox: Conversation"]
    assert focus_ring(page), "the conversation chooser shows a focus ring"


def test_with_reduced_motion_a_reply_appears_whole_instead_of_word_by_word(stack: Stack, new_page: Any) -> None:
    student = ApiClient(stack.api.base_url)
    student.login("student1@example.com", "student-demo-123")
    kwame = next(card for card in student.list_client_cards() if card.name == "Kwame Mensah")
    page = new_page(reduced_motion="reduce")
    sign_in(page, stack.urls["student"], "student1@example.com", "student-demo-123")
    page.get_by_test_id("stSidebarNavLink").filter(has_text="Practice clients").click()
    page.locator(f".st-key-start_{kwame.id} button").click()
    expect(page.get_by_role("heading", name="Conversation with Kwame Mensah")).to_be_visible()
    settle(page)
    send(page, "Hi Kwame, what brings you in today?")
    streaming = page.locator("[class*='st-key-vc_streaming_reply']")
    page.wait_for_function("() => document.querySelector('[class*=st-key-vc_streaming_reply]')?.textContent.trim()")
    assert streaming.evaluate("el => getComputedStyle(el).visibility") == "hidden", "words hidden while they stream"
    expect(page.get_by_text("Offline simulator")).to_have_count(1, timeout=30_000)
    settle(page)
    assert streaming.evaluate("el => getComputedStyle(el).visibility") == "visible"
    expect(page.get_by_test_id("stChatMessage").last).to_contain_text("Kwame said:")
