"""A course in the apps (AppTest against a real API): a teacher creates a section, enrolls two students and assigns
a client; a student sees it, chats and submits; the teacher's grid shows it submitted."""

from __future__ import annotations

import uuid

from mvp import state
from mvp.logic.courses import MAX_ENROLL_BATCH
from tests.support.api import PERSONA
from tests.support.apptest import (
    STUDENT_PASSWORD,
    app,
    as_user,
    assert_clean,
    click,
    errors,
    new_student,
    open_page,
    sign_in,
    texts,
)


def test_a_section_from_creation_to_a_submitted_assignment(api_url: str) -> None:
    suffix = uuid.uuid4().hex[:4]
    section_name = f"SWK 601 — Crisis Work {suffix}"
    emails = [f"ana.flores@{suffix}.example.edu", f"bo.lindqvist@{suffix}.example.edu"]

    # The teacher creates the section.
    teacher = open_page(sign_in(app("teacher_test"), "teacher@example.com"), "sections")
    assert_clean(teacher)
    assert teacher.title[0].value == "Sections"
    teacher.text_input(key="section_name").set_value(section_name)
    teacher.text_input(key="section_code").set_value("SWK 601")
    teacher.text_input(key="section_term").set_value("Spring 2027")
    teacher = click(teacher, "Create section")
    assert_clean(teacher)
    assert any(f"Created {section_name}." in s.value for s in teacher.success)
    section_id = teacher.session_state[state.section_choice.key]
    assert teacher.selectbox(key=state.section_choice.key).value == section_id

    # ...enrolls two students who have no account yet, and sees their temporary passwords once.
    teacher.session_state[state.SECTION_TAB] = "Students"
    teacher = teacher.run()
    teacher.text_area(key=state.ENROLL_EMAILS).set_value(f"Ana Flores <{emails[0]}>\n{emails[1]}, not-an-address")
    teacher = click(teacher, "Enroll")
    assert_clean(teacher)
    assert any("Enrolled 2" in s.value for s in teacher.success)
    created = next(d.value for d in teacher.dataframe if "Temporary password" in d.value.columns)
    passwords = dict(zip(created["Email"], created["Temporary password"], strict=True))
    assert set(passwords) == set(emails)
    invalid = next(d.value for d in teacher.dataframe if "Why" in d.value.columns)
    assert list(invalid["Address"]) == ["not-an-address"], "the stray word is reported, not dropped silently"
    assert "not an email address" in invalid["Why"][0]

    # ...and assigns Kwame Mensah, due in a week, submittable after one message.
    teacher.session_state[state.SECTION_TAB] = "Assignments"
    teacher = teacher.run()
    teacher_api = as_user("teacher@example.com", api_url)
    kwame = next(c for c in teacher_api.list_clients() if c.name == "Kwame Mensah")
    teacher.selectbox(key="assignment_client").set_value(kwame.id)
    teacher.text_input(key="assignment_title").set_value(f"Crisis check-in {suffix}")
    teacher.text_area(key="assignment_instructions").set_value("Ask how he is coping this week.")
    teacher.number_input(key="assignment_min_turns").set_value(1)
    teacher = click(teacher, "Assign")
    assert_clean(teacher)
    assert any(f"as “Crisis check-in {suffix}”" in s.value for s in teacher.success)
    [given] = teacher_api.section_assignments(section_id)
    assert given.due_at is not None and given.max_attempts == 2

    # A student signs in with the temporary password, must choose their own first, then finds the assignment on
    # their landing page.
    student = sign_in(app("student_practice"), emails[0], passwords[emails[0]])
    assert_clean(student)
    assert student.title[0].value == "Choose your password"
    student.text_input(key=state.PASSWORD_CURRENT).set_value(passwords[emails[0]])
    student.text_input(key=state.PASSWORD_NEW).set_value("ana-chose-this-one")
    student.text_input(key=state.PASSWORD_CONFIRM).set_value("ana-chose-this-one")
    student = student.button(key=state.PASSWORD_SUBMIT).click().run()
    assert_clean(student)
    assert student.title[0].value == "My assignments"
    assert f"### Crisis check-in {suffix}" in texts(student)
    assert "Ask how he is coping this week." in texts(student)
    assert "2 of 2 attempts left" in texts(student)
    student = student.button(key=f"start_assignment_{given.id}").click().run()
    assert_clean(student)
    assert student.title[0].value == "Conversation with Kwame Mensah"
    assert f"Assignment: Crisis check-in {suffix}" in texts(student)
    student = student.chat_input[0].set_value("Hi Kwame, I'm Ana. How have you been coping this week?").run()
    assert_clean(student)
    assert [b.name for b in student.chat_message] == ["user", "assistant"]
    student = student.button(key="submit_attempt").click().run()
    assert_clean(student)
    assert student.title[0].value == "Feedback", "submitting opens the attempt's feedback"
    assert any(f"Submitted “Crisis check-in {suffix}” (attempt 1)" in s.value for s in student.success)
    student = open_page(student, "assignments")
    assert "See feedback" in [b.label for b in student.button]
    assert "Submitted on time" not in texts(student) and "after the due date" not in texts(student)
    assert "Submitted " in texts(student), "the card says when it was submitted"

    # The teacher's grid shows it submitted, and the transcript opens from it.
    teacher = open_page(sign_in(app("teacher_test"), "teacher@example.com"), "sections")
    teacher.selectbox(key=state.section_choice.key).set_value(section_id).run()
    assert_clean(teacher)
    assert not errors(teacher)
    grid = next(d.value for d in teacher.dataframe if "Student" in d.value.columns)
    rows = {row["Student"]: row for _, row in grid.iterrows()}
    assert rows["Ana Flores"][f"Crisis check-in {suffix}"].startswith("Submitted")
    assert rows["Bo Lindqvist"][f"Crisis check-in {suffix}"] == "Not started"
    assert "How have you been coping this week?" in texts(teacher)


def test_more_addresses_than_one_enrollment_takes_are_refused_in_the_form(api_url: str) -> None:
    suffix = uuid.uuid4().hex[:4]
    section = as_user("teacher@example.com", api_url).create_section(name=f"Large lecture {suffix}", course_code="",
                                                                       term="", description="")
    teacher = sign_in(app("teacher_test"), "teacher@example.com")
    teacher.session_state[state.section_choice.key] = section.id
    teacher.session_state[state.SECTION_TAB] = "Students"
    teacher = open_page(teacher, "sections")
    pasted = "\n".join(f"Student {n} <s{n}@{suffix}.example.edu>" for n in range(MAX_ENROLL_BATCH + 1))
    teacher.text_area(key=state.ENROLL_EMAILS).set_value(pasted)
    teacher = click(teacher, "Enroll")
    assert any(f"{MAX_ENROLL_BATCH + 1} addresses found: at most {MAX_ENROLL_BATCH}" in e for e in errors(teacher))
    assert as_user("teacher@example.com", api_url).roster(section.id) == [], "nothing was sent"


def test_a_student_of_another_teacher_accepts_one_invitation_and_declines_another(api_url: str) -> None:
    """The student sees each pending invitation on their landing page with Accept and Decline; only the accepted
    section's assignment appears, and the inviting teacher sees who is still pending on the Students tab."""
    suffix = uuid.uuid4().hex[:4]
    demo_teacher = as_user("teacher@example.com", api_url)
    first = demo_teacher.create_section(name=f"First teacher's class {suffix}")
    email = new_student(api_url)
    demo_teacher.enroll(first.id, [email], create_missing=False)
    other_email = f"other.teacher.{suffix}@example.com"
    as_user("admin@example.com", api_url).create_user(email=other_email, display_name="Olu Other",
                                                       password="other-teacher-123", role="teacher")
    other = as_user(other_email, api_url, "other-teacher-123")
    client = other.create_client({**PERSONA, "is_published": True})
    joined, refused = (other.create_section(name=f"{name} {suffix}") for name in ("Joined class", "Refused class"))
    for section in (joined, refused):
        assert [s.email for s in other.enroll(section.id, [email], create_missing=False).invited] == [email]
        other.create_assignment(section.id, {"client_id": client.id, "title": f"Task in {section.name}",
                                             "instructions": ""})

    student = sign_in(app("student_practice"), email)
    assert_clean(student)
    assert student.title[0].value == "My assignments"
    assert "Invitations (2)" in texts(student) and "Olu Other invited you" in texts(student)
    assert f"Task in {joined.name}" not in texts(student), "nothing of the section before accepting"
    invitations = {i.section_id: i.id for i in as_user(email, api_url, STUDENT_PASSWORD).my_invitations()}
    student = student.button(key=f"accept_invitation_{invitations[joined.id]}").click().run()
    assert_clean(student)
    assert any(f"You joined {joined.name}" in s.value for s in student.success)
    student = student.button(key=f"decline_invitation_{invitations[refused.id]}").click().run()
    assert_clean(student)
    assert any(f"You declined the invitation to {refused.name}" in s.value for s in student.success)
    assert "Invitations (" not in texts(student)
    assert f"### Task in {joined.name}" in texts(student) and f"Task in {refused.name}" not in texts(student)

    # The inviting teacher sees the pending one as pending before the answer (asked again here).
    other.enroll(refused.id, [email], create_missing=False)
    teacher = open_page(sign_in(app("teacher_test"), other_email, "other-teacher-123"), "sections")
    teacher.selectbox(key=state.section_choice.key).set_value(refused.id).run()
    teacher.session_state[state.SECTION_TAB] = "Students"
    teacher = teacher.run()
    assert_clean(teacher)
    assert "Pending (1)" in texts(teacher)
    pending = next(d.value for d in teacher.dataframe if "Status" in d.value.columns)
    assert list(pending["Email"]) == [email] and list(pending["Status"]) == ["Pending"]
