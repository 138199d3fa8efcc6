"""A teacher's first week in a real browser: the traps that lost work (the editor, assignments that could not be
fixed), seen the way a teacher sees them, with screenshots of each changed screen."""

from __future__ import annotations

import uuid
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from mvp.client.api_client import ApiClient
from tests.support.apps import Stack
from tests.support.browser import add_tags, expect, settle, sign_in, snap

pytestmark = pytest.mark.e2e

TEACHER = ("teacher@example.com", "teacher-demo-123")


def teacher_api(stack: Stack) -> ApiClient:
    api = ApiClient(stack.api.base_url)
    api.login(*TEACHER)
    return api


def new_student_api(stack: Stack, prefix: str, display_name: str) -> tuple[str, ApiClient]:
    """A fresh student made by the admin, signed in over the API; returns their email and client."""
    admin = ApiClient(stack.api.base_url)
    admin.login("admin@example.com", "admin-demo-123")
    email = f"{prefix}.{uuid.uuid4().hex[:6]}@example.edu"
    admin.create_user(email=email, display_name=display_name, password="e2e-student-pass")
    student = ApiClient(stack.api.base_url)
    student.login(email, "e2e-student-pass")
    return email, student


def open_sidebar_page(page: Any, name: str) -> None:
    page.get_by_test_id("stSidebarNavLink").filter(has_text=name).click()
    settle(page)


def open_assignments_tab(page: Any, section_name: str) -> None:
    """Sections page, the named section chosen, its Assignments tab open."""
    open_sidebar_page(page, "Sections")
    page.locator(".st-key-section_choice").click()
    page.get_by_role("option", name=section_name).click()
    settle(page)
    page.get_by_role("tab", name="Assignments").click()
    settle(page)


def set_year(page: Any, date_box: str, year: str) -> None:
    """Type a year into a date picker's year segment, as a teacher tabbing through it would."""
    page.locator(date_box).get_by_role("spinbutton", name="year").click()
    page.keyboard.type(year)
    page.keyboard.press("Tab")


def test_assignments_are_given_changed_and_deleted(stack: Stack, new_page: Any, screenshots: Path) -> None:
    api = teacher_api(stack)
    section = api.create_section(name=f"SWK 620 — First week {uuid.uuid4().hex[:4]}")
    page = new_page(timezone_id="America/Chicago")
    sign_in(page, stack.urls["teacher"], *TEACHER)
    open_assignments_tab(page, section.name)

    # A due date six days ago is refused, with why, and the typed title stays.
    page.locator(".st-key-assignment_title input").fill("Backdated")
    set_year(page, ".st-key-assignment_due_date", "2020")
    page.get_by_role("button", name="Assign", exact=True).click()
    expect(page.get_by_text("has already passed")).to_be_visible()
    expect(page.locator(".st-key-assignment_title input")).to_have_value("Backdated")
    snap(page, screenshots, "teacher-week-assignment-past-due")
    assert api.section_assignments(section.id) == []

    # A good one is given, and the form is blank again.
    page.locator(".st-key-assignment_title input").fill("Engagement")
    set_year(page, ".st-key-assignment_due_date", str(date.today().year + 1))
    page.get_by_role("button", name="Assign", exact=True).click()
    expect(page.get_by_text("as “Engagement”")).to_be_visible()
    settle(page)
    expect(page.locator("[class*='st-key-assignment_title'] input")).to_have_value("")
    [given] = api.section_assignments(section.id)

    # It can be changed...
    page.get_by_text("Change or delete an assignment").click()
    settle(page)
    title = page.locator(f".st-key-edit_{given.id}_assignment_title input")
    expect(title).to_have_value("Engagement")
    title.fill("Engagement (longer)")
    snap(page, screenshots, "teacher-week-assignment-edit")
    page.get_by_role("button", name="Save changes").click()
    expect(page.get_by_text("Saved “Engagement (longer)”.")).to_be_visible()
    assert api.get_assignment(given.id).title == "Engagement (longer)"

    # ...and deleted, after a confirmation (the box stays open on the assignment just saved).
    page.locator(f".st-key-delete_assignment_{given.id} button").click()
    expect(page.get_by_text("Delete Engagement (longer)?")).to_be_visible()
    snap(page, screenshots, "teacher-week-assignment-delete-confirm")
    page.locator(f".st-key-confirm_delete_assignment_{given.id} button").click()
    expect(page.get_by_text("Deleted “Engagement (longer)”.")).to_be_visible()
    assert api.section_assignments(section.id) == []

    # A reload comes back to the same section and tab (they live in the address).
    api.create_section(name="SWK 000 — Listed before the one open")
    page.reload()
    settle(page)
    expect(page.locator(".st-key-section_choice input")).to_have_value(section.name)
    expect(page.get_by_role("tab", name="Assignments")).to_have_attribute("aria-selected", "true")
    expect(page.get_by_role("heading", name="Give an assignment")).to_be_visible()


def test_new_client_after_editing_one_never_saves_over_it(stack: Stack, new_page: Any, screenshots: Path) -> None:
    api = teacher_api(stack)
    dale = api.create_client({"name": f"Dale Kowalski {uuid.uuid4().hex[:4]}", "age": 58,
                              "personality_traits": ["proud", "guarded"], "student_brief": "Dale, 58."})
    page = new_page()
    sign_in(page, stack.urls["teacher"], *TEACHER)
    page.locator(f".st-key-edit_{dale.id} button").click()
    expect(page.get_by_role("heading", name=f"Editing {dale.name}")).to_be_visible()
    open_sidebar_page(page, "My clients")
    page.get_by_role("button", name="New client").click()
    expect(page.get_by_role("heading", name="New client", exact=True)).to_be_visible()
    settle(page)
    expect(page.locator(".st-key-persona_0_0_name input")).to_have_value("")
    snap(page, screenshots, "teacher-week-editor-new-client")

    # Saving creates a new client; the one edited before is untouched.
    name = f"Nadia Fresh {uuid.uuid4().hex[:4]}"
    page.locator(".st-key-persona_0_0_name input").fill(name)
    add_tags(page, "persona_0_0_traits", ["wary", "warm"])
    page.get_by_role("button", name="Create client").click()
    expect(page.get_by_text(f"Created {name}.")).to_be_visible()
    assert api.get_client(dale.id).name == dale.name
    assert name in [c.name for c in api.list_clients()]


def test_a_checks_multi_turn_card_shows_every_turn(stack: Stack, new_page: Any, screenshots: Path) -> None:
    api = teacher_api(stack)
    draft = api.create_client({"name": f"Rae Check {uuid.uuid4().hex[:4]}", "age": 44, "difficulty": 3,
                               "personality_traits": ["wary", "kind"], "student_brief": "Rae, 44.",
                               "presenting_problem": "Rae was evicted last month."})
    page = new_page()
    sign_in(page, stack.urls["teacher"], *TEACHER)
    page.locator(f".st-key-client_card_{draft.id}").get_by_role("button", name="Check this client").click()
    card = page.locator(".st-key-probe_warm_opening")
    expect(card).to_contain_text("What matters most to you in all of this?", timeout=60_000)
    expect(card).to_contain_text("How has all of this been for you, day to day?")
    expect(card.get_by_text("Client:")).to_have_count(5)
    snap(page, screenshots, "teacher-week-check-card")


def test_a_long_paste_is_kept_whole_with_how_much_to_cut(stack: Stack, new_page: Any, screenshots: Path) -> None:
    email, student = new_student_api(stack, "paste", "Pat Paste")
    session = student.start_session(student.list_client_cards()[0].id)
    page = new_page()
    sign_in(page, stack.urls["student"], email, "e2e-student-pass")
    open_sidebar_page(page, "Conversation")
    pasted = ("I have been thinking about this a lot. " * 130)[:5000]
    box = page.get_by_test_id("stChatInputTextArea")
    box.fill(pasted)
    box.press("Enter")
    expect(page.get_by_text("Your message is 5,000 characters; the limit is 4,000.")).to_be_visible()
    expect(box).to_have_value(pasted)
    snap(page, screenshots, "teacher-week-student-long-paste")
    assert student.list_messages(session.id) == []


def test_a_fixed_title_leaves_no_stale_error_beside_bad_attempts(stack: Stack, new_page: Any,
                                                                 screenshots: Path) -> None:
    api = teacher_api(stack)
    section = api.create_section(name=f"SWK 621 — Stale {uuid.uuid4().hex[:4]}")
    page = new_page()
    sign_in(page, stack.urls["teacher"], *TEACHER)
    open_assignments_tab(page, section.name)
    page.get_by_role("button", name="Assign", exact=True).click()
    expect(page.get_by_text("Give the assignment a title")).to_be_visible()
    page.locator(".st-key-assignment_title input").fill("Titled now")
    attempts = page.locator(".st-key-assignment_max_attempts input")
    attempts.fill("500")
    page.get_by_role("button", name="Assign", exact=True).click()
    settle(page)
    expect(page.get_by_text("Attempts allowed must be between 1 and 100, or 0 for unlimited")).to_be_visible()
    expect(page.get_by_text("Give the assignment a title")).to_have_count(0)
    snap(page, screenshots, "teacher-week-assignment-bad-attempts")
    assert api.section_assignments(section.id) == []


def test_the_small_things_read_right(stack: Stack, new_page: Any, screenshots: Path) -> None:
    page = new_page()
    page.goto(stack.urls["teacher"])
    settle(page)
    assert page.locator(".st-key-sign_in_password input").get_attribute("autocomplete") == "current-password"
    sign_in(page, stack.urls["teacher"], *TEACHER)

    # The roster upload says the real limit.
    api = teacher_api(stack)
    section = api.create_section(name=f"SWK 622 — Small things {uuid.uuid4().hex[:4]}")
    open_sidebar_page(page, "Sections")
    page.locator(".st-key-section_choice").click()
    page.get_by_role("option", name=section.name).click()
    settle(page)
    page.get_by_role("tab", name="Students").click()
    settle(page)
    expect(page.get_by_text("1MB per file")).to_be_visible()
    expect(page.get_by_text("200MB per file")).to_have_count(0)

    # A hidden fact's Remove button shows its whole word.
    draft = api.create_client({"name": f"Facts {uuid.uuid4().hex[:4]}", "age": 30, "personality_traits": ["a", "b"],
                               "hidden_facts": [{"fact": "She sleeps in her car.", "unlock": "patience"}]})
    open_sidebar_page(page, "My clients")
    page.locator(f".st-key-edit_{draft.id} button").click()
    remove = page.locator(f".st-key-persona_0_{draft.id}_remove_fact_0").get_by_role("button", name="Remove")
    expect(remove).to_be_visible()
    label = remove.locator("p").first
    assert label.evaluate("node => node.scrollWidth <= node.clientWidth + 1"), "the word is not cut off"
    snap(page, screenshots, "teacher-week-editor-hidden-facts")


def test_released_feedback_leads_with_the_teachers_word(stack: Stack, new_page: Any, screenshots: Path) -> None:
    email, student = new_student_api(stack, "released", "Rae Released")
    kwame = next(card for card in student.list_client_cards() if card.name == "Kwame Mensah")
    session = student.start_session(kwame.id)
    student.send_message(session.id, "Hi Kwame, what brings you in today?")
    student.end_session(session.id)
    api = teacher_api(stack)
    evaluation = api.evaluate(session.id)
    item = next(c for c in evaluation.criteria or [] if c.score > c.min_score)
    api.review_evaluation(session.id, released=True, criteria=[
        {"key": item.key, "score": item.min_score, "comment": "Ask how he is sleeping: the risk cues were there."}])
    page = new_page()
    sign_in(page, stack.urls["student"], email, "e2e-student-pass")
    open_sidebar_page(page, "Feedback")
    card = page.locator(f".st-key-criterion_{item.key}")
    expect(card).to_contain_text("Your teacher: Ask how he is sleeping")
    expect(card).to_contain_text(f"the evaluator had given {item.score:g}")
    assert card.locator("del, s").count() >= 1, "the evaluator's reason is struck through as superseded"
    card.scroll_into_view_if_needed()
    card.screenshot(path=str(screenshots / "teacher-week-released-override.png"))
