"""A course in a real browser: the teacher sets up a section and an assignment, a student does it and submits it,
and the teacher's progress grid shows it submitted."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

import pytest

from mvp.client.api_client import ApiClient
from tests.support.apps import Stack
from tests.support.browser import expect, send, settle, sign_in, snap, watch_reply

pytestmark = pytest.mark.e2e

PASSWORD = "e2e-student-pass"


def open_tab(page: Any, name: str) -> None:
    page.get_by_role("tab", name=name).click()
    settle(page)


def test_teacher_runs_a_section_and_sees_a_students_submission(stack: Stack, new_page: Any,
                                                                screenshots: Path) -> None:
    suffix = uuid.uuid4().hex[:4]
    section_name, title = f"SWK 601 — Crisis Work {suffix}", f"Crisis check-in {suffix}"
    admin_api = ApiClient(stack.api.base_url)
    admin_api.login("admin@example.com", "admin-demo-123")
    students = {"Ana Flores": f"ana.{suffix}@example.edu", "Bo Lindqvist": f"bo.{suffix}@example.edu"}
    for name, email in students.items():
        admin_api.create_user(email=email, display_name=f"{name} {suffix}", password=PASSWORD)

    # The teacher creates the section.
    teacher = new_page(timezone_id="America/Chicago")  # dates show in the viewer's own zone
    sign_in(teacher, stack.urls["teacher"], "teacher@example.com", "teacher-demo-123")
    teacher.get_by_test_id("stSidebarNavLink").filter(has_text="Sections").click()
    expect(teacher.get_by_role("heading", name="Sections")).to_be_visible()
    settle(teacher)
    teacher.get_by_text("New section").click()
    teacher.locator(".st-key-section_name input").fill(section_name)
    teacher.locator(".st-key-section_code input").fill("SWK 601")
    teacher.locator(".st-key-section_term input").fill("Spring 2027")
    snap(teacher, screenshots, "20-teacher-new-section")
    teacher.get_by_role("button", name="Create section").click()
    expect(teacher.get_by_text(f"Created {section_name}.")).to_be_visible()

    # ...enrolls the two students by pasting their addresses...
    open_tab(teacher, "Students")
    teacher.locator(".st-key-enroll_emails textarea").fill("\n".join(students.values()))
    teacher.get_by_role("button", name="Enroll", exact=True).click()
    expect(teacher.get_by_text("Enrolled 2:")).to_be_visible()
    snap(teacher, screenshots, "21-teacher-enrolled")

    # ...and assigns Kwame Mensah, due in a week, submittable after one message.
    open_tab(teacher, "Assignments")
    teacher.locator(".st-key-assignment_client").click()
    teacher.get_by_role("option", name="Kwame Mensah, 52").click()
    teacher.locator(".st-key-assignment_title input").fill(title)
    teacher.locator(".st-key-assignment_instructions textarea").fill("Ask how he is coping this week.")
    teacher.locator(".st-key-assignment_min_turns input").fill("1")
    snap(teacher, screenshots, "22-teacher-assignment-form")
    teacher.get_by_role("button", name="Assign", exact=True).click()
    expect(teacher.get_by_text(f"as “{title}”")).to_be_visible()
    teacher_api = ApiClient(stack.api.base_url)
    teacher_api.login("teacher@example.com", "teacher-demo-123")
    section_id = next(s.id for s in teacher_api.list_sections() if s.name == section_name)
    [given] = teacher_api.section_assignments(section_id)

    # A student finds it on their landing page, talks with the client and submits.
    student = new_page(timezone_id="Asia/Taipei")
    sign_in(student, stack.urls["student"], students["Ana Flores"], PASSWORD)
    card = student.locator(f".st-key-assignment_{given.id}")
    expect(card).to_contain_text(title)
    expect(card).to_contain_text("Not started")
    expect(card).to_contain_text("2 of 2 attempts left")
    expect(card).to_contain_text(" CST")  # due 17:00 Chicago time, shown in Taipei's zone
    snap(student, screenshots, "23-student-my-assignments")
    student.locator(f".st-key-start_assignment_{given.id} button").click()
    expect(student.get_by_role("heading", name="Conversation with Kwame Mensah")).to_be_visible()
    settle(student)
    send(student, "Hi Kwame, I'm Ana. How have you been coping this week?")
    watch_reply(student, index=1)
    settle(student)
    snap(student, screenshots, "24-student-assignment-conversation")
    student.locator(".st-key-submit_attempt button").click()
    expect(student.get_by_text(f"Submitted “{title}” (attempt 1)")).to_be_visible()
    expect(student.get_by_role("heading", name="Feedback", exact=True)).to_be_visible()  # the attempt's feedback
    student.get_by_test_id("stSidebarNavLink").filter(has_text="My assignments").click()
    expect(card).to_contain_text("Submitted")
    snap(student, screenshots, "25-student-submitted")

    # Bo starts too (through the API), so the grid has two transcripts to choose between.
    bo = ApiClient(stack.api.base_url)
    bo.login(students["Bo Lindqvist"], PASSWORD)
    bo.send_message(bo.start_assignment(given.id).id, "Hello Kwame, I'm Bo. Where would you like to begin?")

    # The teacher's grid shows it submitted; the transcript opens below it.
    open_tab(teacher, "Progress")
    grid = teacher.get_by_test_id("stDataFrame").first
    expect(grid).to_be_visible()
    expect(teacher.locator(".st-key-grid_session input")).to_have_value(f"Ana Flores {suffix} · {title} · Submitted")
    expect(teacher.get_by_text("How have you been coping this week?")).to_be_visible()
    snap(teacher, screenshots, "26-teacher-progress-grid")

    # Clicking Bo's cell opens his attempt.
    box = grid.bounding_box()
    grid.click(position={"x": box["width"] * 0.6, "y": 35 + 35 + 17})
    settle(teacher)
    chosen = teacher.locator(".st-key-grid_session input")
    expect(chosen).to_have_value(f"Bo Lindqvist {suffix} · {title} · In progress")
    expect(teacher.get_by_text("Where would you like to begin?")).to_be_visible()
    snap(teacher, screenshots, "27-teacher-grid-click-through")
