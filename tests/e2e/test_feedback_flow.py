"""Feedback in a real browser: a student finishes a conversation and reads their feedback; the teacher reviews it."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

import pytest

from mvp import state
from mvp.client.api_client import ApiClient
from tests.support.apps import Stack
from tests.support.browser import expect, say, settle, sign_in, snap

pytestmark = pytest.mark.e2e

PASSWORD = "e2e-feedback-pass"
LINES = [
    "Hi Kwame, thanks for coming in today. What has been happening with work lately?",
    "Do you feel angry about the job?",
    "You should apply for another position straight away.",
    "It sounds like losing the work has shaken how you see yourself as a provider.",
]


def test_a_student_finishes_a_conversation_and_reads_feedback_the_teacher_then_reviews(
    stack: Stack, new_page: Any, screenshots: Path
) -> None:
    suffix = uuid.uuid4().hex[:4]
    name, email = f"Alex Feedback {suffix}", f"alex.{suffix}@example.com"
    admin = ApiClient(stack.api.base_url)
    admin.login("admin@example.com", "admin-demo-123")
    admin.create_user(email=email, display_name=name, password=PASSWORD)
    student_api = ApiClient(stack.api.base_url)
    student_api.login(email, PASSWORD)
    kwame = next(card for card in student_api.list_client_cards() if card.name == "Kwame Mensah")

    student = new_page()
    sign_in(student, stack.urls["student"], email, PASSWORD)
    student.get_by_test_id("stSidebarNavLink").filter(has_text="Practice clients").click()
    student.locator(f".st-key-start_{kwame.id} button").click()
    expect(student.get_by_role("heading", name="Conversation with")).to_be_visible()
    settle(student)
    for count, line in enumerate(LINES):
        say(student, line, count)
    student.get_by_role("button", name="End conversation").click()
    settle(student)  # a click during the rerun that draws the confirmation would be lost
    student.get_by_role("button", name="Yes, end and save").click()

    # The feedback page opens by itself: bands, the coded lines, the next step with a rewritten line.
    expect(student.get_by_role("heading", name="Feedback", exact=True)).to_be_visible(timeout=30_000)
    expect(student.get_by_text("Here is your feedback.")).to_be_visible()
    expect(student.get_by_test_id("stMetric").filter(has_text="Open questions")).to_contain_text("50 %")
    expect(student.get_by_test_id("stMetric").filter(has_text="Reflections per question")).to_be_visible()
    expect(student.get_by_text("Next time: ask before advising")).to_be_visible()
    expect(student.get_by_text("Would it be okay if I shared an idea? You could apply for another position")
           ).to_be_visible()
    expect(student.get_by_text("What went well")).to_be_visible()
    lines = student.get_by_test_id("stChatMessage")
    expect(lines).to_have_count(2 * len(LINES))
    expect(lines.nth(0)).to_contain_text("Open question")
    expect(lines.nth(2)).to_contain_text("Closed question")
    expect(lines.nth(4)).to_contain_text("Advice without permission")
    expect(lines.nth(6)).to_contain_text("Complex reflection")
    expect(student.get_by_text("Approximate: scored by rules, not by an AI reader")).to_be_visible()
    snap(student, screenshots, "40-student-feedback")

    student.get_by_test_id("stSidebarNavLink").filter(has_text="My progress").click()
    expect(student.get_by_role("heading", name="My progress")).to_be_visible()
    snap(student, screenshots, "41-student-progress")

    # The teacher finds it in the review queue, raises one score, holds the scores back, then releases them.
    teacher = new_page()
    sign_in(teacher, stack.urls["teacher"], "teacher@example.com", "teacher-demo-123")
    teacher.get_by_test_id("stSidebarNavLink").filter(has_text="Review queue").click()
    expect(teacher.get_by_role("heading", name="Review queue")).to_be_visible()
    expect(teacher.get_by_test_id("stDataFrame")).to_be_visible()
    settle(teacher)
    expect(teacher.get_by_text(f"{name} with Kwame Mensah")).to_be_visible()
    [session] = student_api.list_sessions()
    teacher_api = ApiClient(stack.api.base_url)
    teacher_api.login("teacher@example.com", "teacher-demo-123")
    form = state.review_widgets(session.id, teacher_api.evaluation(session.id))
    teacher.locator(f".st-key-{form}_overall textarea").fill("Warm start. Ask before you advise.")
    snap(teacher, screenshots, "42-teacher-review")
    teacher.get_by_role("button", name="Save review").click()
    expect(teacher.get_by_text("Saved your review")).to_be_visible()
    expect(teacher.get_by_text(f"{name} with Kwame Mensah")).to_be_visible()  # still open after saving
    snap(teacher, screenshots, "43-teacher-review-saved")
    teacher.get_by_test_id("stSidebarNavLink").filter(has_text="Class averages").click()
    expect(teacher.get_by_role("heading", name="Class averages")).to_be_visible()
    snap(teacher, screenshots, "44-teacher-averages")
    teacher.get_by_test_id("stSidebarNavLink").filter(has_text="Rubrics").click()
    expect(teacher.get_by_role("heading", name="Rubrics")).to_be_visible()
    teacher.get_by_text("Interviewing fundamentals · default").click()
    snap(teacher, screenshots, "46-teacher-rubrics")

    student.get_by_test_id("stSidebarNavLink").filter(has_text="Feedback").click()
    expect(student.get_by_text("Your teacher: Warm start. Ask before you advise.")).to_be_visible()
    snap(student, screenshots, "45-student-feedback-released")
