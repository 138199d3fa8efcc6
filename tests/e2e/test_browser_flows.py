"""One class day in a real browser: a teacher publishes a client, a student talks to it, the admin sees the cost."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

import pytest

from mvp.client.api_client import ApiClient
from mvp.widgets.formatting import money
from tests.support.apps import Stack
from tests.support.browser import add_tags, expect, send, settle, sign_in, snap, watch_reply

pytestmark = pytest.mark.e2e

STUDENT_PASSWORD = "e2e-student-pass"


def test_teacher_publishes_a_client_a_student_practises_and_the_admin_sees_the_cost(
    stack: Stack, new_page: Any, screenshots: Path
) -> None:
    suffix = uuid.uuid4().hex[:4]
    client_name, student_name = f"Sam Okafor {suffix}", f"Robin Student {suffix}"
    student_email = f"robin.{suffix}@example.com"
    admin_api = ApiClient(stack.api.base_url)
    admin_api.login("admin@example.com", "admin-demo-123")
    admin_api.create_user(email=student_email, display_name=student_name, password=STUDENT_PASSWORD)

    # The teacher writes a client and publishes it.
    teacher = new_page()
    teacher.goto(stack.urls["teacher"])
    settle(teacher)
    snap(teacher, screenshots, "01-teacher-sign-in")
    sign_in(teacher, stack.urls["teacher"], "teacher@example.com", "teacher-demo-123")
    expect(teacher.get_by_role("heading", name="My clients")).to_be_visible()
    snap(teacher, screenshots, "02-teacher-clients")
    teacher.get_by_role("button", name="New client").click()
    expect(teacher.get_by_role("heading", name="Client editor")).to_be_visible()
    settle(teacher)
    teacher.locator(".st-key-persona_0_0_name input").fill(client_name)
    teacher.locator(".st-key-persona_0_0_age input").fill("31")
    teacher.locator(".st-key-persona_0_0_student_brief textarea").fill(
        "Sam, 31, was referred by the food bank after asking for help three weeks running.")
    add_tags(teacher, "persona_0_0_issues", ["financial stress"])
    add_tags(teacher, "persona_0_0_traits", ["proud", "wry"])
    teacher.locator(".st-key-persona_0_0_presenting_problem textarea").fill("Lost shifts at the warehouse.")
    teacher.locator(".st-key-persona_0_0_published label").click()
    snap(teacher, screenshots, "03-teacher-client-form")
    teacher.get_by_role("button", name="Create client").click()
    expect(teacher.get_by_text(f"Created {client_name}.")).to_be_visible()
    teacher_api = ApiClient(stack.api.base_url)
    teacher_api.login("teacher@example.com", "teacher-demo-123")
    client_id = next(c.id for c in teacher_api.list_clients() if c.name == client_name)
    card = teacher.locator(f".st-key-client_card_{client_id}")
    expect(card).to_contain_text(f"{client_name}, 31")
    expect(card).to_contain_text("Published")
    snap(teacher, screenshots, "04-teacher-client-published")
    teacher.locator(f".st-key-preview_{client_id} button").click()
    expect(teacher.get_by_role("heading", name="Prompt preview")).to_be_visible()
    expect(teacher.get_by_test_id("stCode").filter(has_text=f"You are {client_name}")).to_be_visible()
    expect(teacher.get_by_test_id("stMetric").filter(has_text="Per reply in a class")).to_be_visible()
    snap(teacher, screenshots, "05-teacher-prompt-preview")

    # A student finds the client, talks to them and watches the reply arrive in pieces.
    student = new_page()
    sign_in(student, stack.urls["student"], student_email, STUDENT_PASSWORD)
    expect(student.get_by_role("heading", name="My assignments")).to_be_visible()
    student.get_by_test_id("stSidebarNavLink").filter(has_text="Practice clients").click()
    expect(student.get_by_role("heading", name=client_name)).to_be_visible()
    snap(student, screenshots, "06-student-clients")
    student.locator(f".st-key-start_{client_id} button").click()
    expect(student.get_by_role("heading", name=f"Conversation with {client_name}")).to_be_visible()
    expect(student.get_by_text("Practice mode: replies come from the offline simulator, not Claude")).to_be_visible()
    settle(student)
    send(student, "Hi Sam, I'm Robin. What would you like to talk about today?")
    seen = watch_reply(student, index=1)
    assert len(seen) >= 3, f"the reply should stream in pieces, saw {seen}"
    assert len(seen[0]) < len(seen[-2]), seen
    expect(student.get_by_test_id("stChatMessage")).to_have_count(2)
    snap(student, screenshots, "07-student-conversation")

    # The admin sees the conversation while it is active.
    admin = new_page()
    sign_in(admin, stack.urls["admin"], "admin@example.com", "admin-demo-123")
    expect(admin.get_by_role("heading", name="Platform monitor")).to_be_visible()
    expect(admin.get_by_text("Offline mode", exact=False).first).to_be_visible()
    row = admin.get_by_test_id("stTable").locator("tr", has_text=student_name)
    expect(row).to_contain_text("Active")
    expect(row).to_contain_text(client_name)
    snap(admin, screenshots, "08-admin-active-session")

    # The student ends and saves the conversation, then rereads it.
    student.get_by_role("button", name="End conversation").click()
    settle(student)  # a click during the rerun that draws the confirmation would be lost
    student.get_by_role("button", name="Yes, end and save").click()
    expect(student.get_by_role("heading", name="Feedback", exact=True)).to_be_visible(timeout=30_000)
    expect(student.get_by_text(f"Your conversation with {client_name} was saved.")).to_be_visible()
    expect(student.get_by_test_id("stChatMessage").first).to_contain_text("What would you like to talk about today?")
    student.get_by_test_id("stSidebarNavLink").filter(has_text="My transcripts").click()
    expect(student.get_by_role("heading", name="My transcripts")).to_be_visible()
    expect(student.get_by_text("What would you like to talk about today?")).to_be_visible()
    snap(student, screenshots, "09-student-transcript")

    # The admin's next refresh shows it ended, with what it cost.
    session = next(s for s in admin_api.list_sessions(status="ended") if s.user_display_name == student_name)
    assert session.message_count == 2
    admin.get_by_role("button", name="Refresh now").click()
    expect(row).to_contain_text("Ended")
    expect(row).to_contain_text(money(session.cost_usd))
    expect(row).to_contain_text(f"#{session.id}")
    snap(admin, screenshots, "10-admin-ended-session")


def test_teacher_tests_a_client_and_reviews_conversations(stack: Stack, new_page: Any, screenshots: Path) -> None:
    teacher = new_page()
    sign_in(teacher, stack.urls["teacher"], "teacher@example.com", "teacher-demo-123")
    teacher_api = ApiClient(stack.api.base_url)
    teacher_api.login("teacher@example.com", "teacher-demo-123")
    kwame = next(c for c in teacher_api.list_clients() if c.name == "Kwame Mensah")

    teacher.locator(f".st-key-test_{kwame.id} button").click()
    expect(teacher.get_by_role("heading", name="Test conversation")).to_be_visible()
    settle(teacher)
    before = teacher.get_by_test_id("stChatMessage").count()
    send(teacher, "Hello Kwame, thanks for coming in. Where would you like to start?")
    reply = watch_reply(teacher, index=before + 1)
    assert len(reply) >= 2, reply
    settle(teacher)
    expect(teacher.get_by_test_id("stMetric").filter(has_text="Cost")).to_contain_text("$")
    expect(teacher.get_by_test_id("stChatMessage").last).to_contain_text(" in · ")  # per-message tokens and cost
    snap(teacher, screenshots, "11-teacher-test-chat")

    teacher.get_by_role("button", name="End this test").click()
    expect(teacher.get_by_role("heading", name="Conversations")).to_be_visible()
    expect(teacher.get_by_text("Where would you like to start?")).to_be_visible()
    expect(teacher.get_by_text("The client's trust at the end:", exact=False)).to_be_visible()
    expect(teacher.get_by_test_id("stChatMessage").last).to_contain_text("Trust ")  # the trajectory line
    snap(teacher, screenshots, "12-teacher-conversations")

    teacher.get_by_test_id("stSidebarNavLink").filter(has_text="My clients").click()
    expect(teacher.get_by_role("heading", name="My clients")).to_be_visible()
    teacher.locator(f".st-key-check_{kwame.id} button").first.click()
    expect(teacher.get_by_role("heading", name="Check a client")).to_be_visible()
    expect(teacher.get_by_text("Every probe passed", exact=False)).to_be_visible(timeout=60_000)
    expect(teacher.locator(".st-key-probe_warm_opening")).to_contain_text("A warm, skilled five-turn opening")
    snap(teacher, screenshots, "14-teacher-check")

    teacher.get_by_test_id("stSidebarNavLink").filter(has_text="Students").click()
    expect(teacher.get_by_role("heading", name="Students")).to_be_visible()
    snap(teacher, screenshots, "13-teacher-students")
