"""A teacher's first week in the teacher app (AppTest against a real API, offline provider): the traps that lost
work or misled — the editor saving over the wrong client, assignments that could not be fixed, and the rest."""

from __future__ import annotations

import re
import uuid
from datetime import UTC, date, datetime, timedelta

from streamlit.testing.v1 import AppTest

from backend.services.checks.probes import PROBES
from mvp import state
from mvp.client.api_client import ApiClient
from mvp.widgets.assignment_editor import edit_keys
from tests.support.apptest import (
    STUDENT_PASSWORD,
    app,
    as_user,
    assert_clean,
    click,
    errors,
    metric,
    new_student,
    open_page,
    sign_in,
    texts,
)


def _draft(api_url: str, name: str) -> int:
    teacher = as_user("teacher@example.com", api_url)
    return teacher.create_client({"name": f"{name} {uuid.uuid4().hex[:4]}", "age": 40,
                                  "personality_traits": ["quiet", "kind"], "student_brief": f"{name}, 40."}).id


class TestClientEditor:
    def test_new_client_after_editing_one_opens_a_blank_form_and_creates_a_new_client(self, api_url: str) -> None:
        dale = _draft(api_url, "Dale")
        at = sign_in(app("teacher_test"), "teacher@example.com")
        at = at.button(key=f"edit_{dale}").click().run()
        assert "Editing Dale" in at.subheader[0].value
        at = open_page(at, "clients")
        at = click(at, "New client")
        assert_clean(at)
        assert at.subheader[0].value == "New client"
        assert at.selectbox(key="editor_choice").value is None
        assert at.text_input(key="persona_0_0_name").value == ""

        name = f"Fresh Start {uuid.uuid4().hex[:4]}"
        at.text_input(key="persona_0_0_name").set_value(name)
        at.multiselect(key="persona_0_0_traits").set_value(["guarded", "warm"])
        at = click(at, "Create client")
        assert_clean(at)
        assert f"Created {name}." in [s.value for s in at.success]
        clients = {c.id: c.name for c in as_user("teacher@example.com", api_url).list_clients()}
        assert clients[dale].startswith("Dale"), "the client edited before is untouched"
        assert name in clients.values()

    def test_choosing_the_blank_form_in_the_box_stays_on_it(self, api_url: str) -> None:
        dale = _draft(api_url, "Dale")
        at = sign_in(app("teacher_test"), "teacher@example.com")
        at = at.button(key=f"edit_{dale}").click().run()
        at = at.selectbox(key="editor_choice").set_value(None).run()
        assert_clean(at)
        assert at.subheader[0].value == "New client"
        at = at.run()
        assert at.subheader[0].value == "New client", "the choice does not snap back to the last client"
        assert "Create client" in [b.label for b in at.button]
        assert "Editing" not in texts(at)


def _section_with_assignments_tab(api_url: str, *, assignments: int = 0) -> tuple[AppTest, ApiClient, int, int]:
    """Signed in as the teacher on a fresh section's Assignments tab; the teacher's API client, section and Kwame."""
    teacher_api = as_user("teacher@example.com", api_url)
    section = teacher_api.create_section(name=f"SWK 610 — Week one {uuid.uuid4().hex[:4]}")
    kwame = next(c.id for c in teacher_api.list_clients() if c.name == "Kwame Mensah")
    for number in range(assignments):
        teacher_api.create_assignment(section.id, {
            "client_id": kwame, "title": f"Interview {number + 1}", "instructions": "Open questions.",
            "due_at": (datetime.now(UTC) + timedelta(days=7)).isoformat()})
    at = sign_in(app("teacher_test"), "teacher@example.com")
    at.session_state[state.section_choice.key] = section.id
    at.session_state[state.SECTION_TAB] = "Assignments"
    at = open_page(at, "sections")
    assert_clean(at)
    return at, teacher_api, section.id, kwame


class TestAssignments:
    def test_a_due_date_in_the_past_is_refused_with_why(self, api_url: str) -> None:
        at, teacher_api, section_id, _ = _section_with_assignments_tab(api_url)
        at.text_input(key="assignment_title").set_value("Backdated")
        at.date_input(key="assignment_due_date").set_value(date.today() - timedelta(days=6))
        at = click(at, "Assign")
        assert_clean(at)
        [refusal] = errors(at)
        assert "has already passed" in refusal and "“Missed” at once" in refusal
        assert teacher_api.section_assignments(section_id) == [], "nothing was assigned"
        assert at.text_input(key="assignment_title").value == "Backdated", "the form keeps what was typed"

    def test_a_missing_title_and_a_bad_window_are_listed_together(self, api_url: str) -> None:
        at, _, _, _ = _section_with_assignments_tab(api_url)
        at.checkbox(key="assignment_has_open").check()
        at.date_input(key="assignment_open_date").set_value(date.today() + timedelta(days=30))
        at = click(at, "Assign")
        [refusal] = errors(at)
        assert "Give the assignment a title" in refusal and "must come after the opening time" in refusal
        at.text_input(key="assignment_title").set_value("Now titled")
        at = click(at, "Assign")
        [refusal] = errors(at)
        assert "title" not in refusal, "a fixed problem is no longer listed"

    def test_a_fixed_title_leaves_only_the_attempts_problem(self, api_url: str) -> None:
        at, teacher_api, section_id, _ = _section_with_assignments_tab(api_url)
        at = click(at, "Assign")
        assert "Give the assignment a title" in errors(at)[0]
        at.text_input(key="assignment_title").set_value("Titled now")
        at.number_input(key="assignment_max_attempts").set_value(500)
        at = click(at, "Assign")
        [refusal] = errors(at)
        assert "Attempts allowed must be between 1 and 100, or 0 for unlimited (500 was entered)" in refusal
        assert "title" not in refusal
        assert teacher_api.section_assignments(section_id) == []

    def test_assign_clears_the_form(self, api_url: str) -> None:
        at, teacher_api, section_id, _ = _section_with_assignments_tab(api_url)
        at.text_input(key="assignment_title").set_value("Engagement")
        at.text_area(key="assignment_instructions").set_value("Open questions only.")
        at = click(at, "Assign")
        assert_clean(at)
        assert any("as “Engagement”" in s.value for s in at.success)
        # The next round's widgets are new ones (keys ending in the round), so a browser draws them blank too.
        assert at.text_input(key="assignment_title_1").value == ""
        assert at.text_area(key="assignment_instructions_1").value == ""
        assert [a.title for a in teacher_api.section_assignments(section_id)] == ["Engagement"]

    def test_the_teacher_changes_an_assignments_title_and_due_date(self, api_url: str) -> None:
        at, teacher_api, section_id, _ = _section_with_assignments_tab(api_url, assignments=2)
        [first, second] = teacher_api.section_assignments(section_id)
        at = at.selectbox(key=state.assignment_choice.key).set_value(second.id).run()
        keys = dict(zip(state.ASSIGNMENT_FORM_FIELDS, edit_keys(second.id), strict=True))
        assert at.text_input(key=keys["assignment_title"]).value == second.title
        at.text_input(key=keys["assignment_title"]).set_value("Interview 2 (longer)")
        later = date.today() + timedelta(days=14)
        at.date_input(key=keys["assignment_due_date"]).set_value(later)
        at = click(at, "Save changes")
        assert_clean(at)
        assert "Saved “Interview 2 (longer)”." in [s.value for s in at.success]
        changed = teacher_api.get_assignment(second.id)
        assert changed.title == "Interview 2 (longer)" and changed.due_at is not None
        assert changed.due_at.astimezone(UTC).date() == later
        assert teacher_api.get_assignment(first.id).title == first.title
        table = at.table[0].value
        assert "Interview 2 (longer)" in list(table["Title"])

    def test_an_edit_moving_the_due_date_into_the_past_is_refused(self, api_url: str) -> None:
        at, teacher_api, section_id, _ = _section_with_assignments_tab(api_url, assignments=1)
        [given] = teacher_api.section_assignments(section_id)
        at = at.selectbox(key=state.assignment_choice.key).set_value(given.id).run()
        keys = dict(zip(state.ASSIGNMENT_FORM_FIELDS, edit_keys(given.id), strict=True))
        at.date_input(key=keys["assignment_due_date"]).set_value(date.today() - timedelta(days=2))
        at = click(at, "Save changes")
        assert any("has already passed" in e for e in errors(at))
        assert teacher_api.get_assignment(given.id).due_at == given.due_at

    def test_deleting_an_assignment_asks_first(self, api_url: str) -> None:
        at, teacher_api, section_id, _ = _section_with_assignments_tab(api_url, assignments=1)
        [given] = teacher_api.section_assignments(section_id)
        at = at.selectbox(key=state.assignment_choice.key).set_value(given.id).run()
        at = at.button(key=f"delete_assignment_{given.id}").click().run()
        assert any(f"Delete **{given.title}**?" in w.value for w in at.warning)
        assert len(teacher_api.section_assignments(section_id)) == 1, "nothing deleted before the confirmation"
        at = at.button(key=f"confirm_delete_assignment_{given.id}").click().run()
        assert_clean(at)
        assert f"Deleted “{given.title}”." in [s.value for s in at.success]
        assert teacher_api.section_assignments(section_id) == []

    def test_the_table_says_what_each_student_may_do_not_whats_left(self, api_url: str) -> None:
        at, _, _, _ = _section_with_assignments_tab(api_url, assignments=1)
        table = at.table[0].value
        assert list(table["Attempts allowed"]) == ["Unlimited"]
        assert "attempts left" not in " ".join(map(str, table.to_numpy().ravel()))


class TestSections:
    def test_the_teacher_renames_a_section(self, api_url: str) -> None:
        at, teacher_api, section_id, _ = _section_with_assignments_tab(api_url)
        at.text_input(key=f"edit_section_{section_id}_name").set_value("SWK 610 — Renamed")
        at.text_input(key=f"edit_section_{section_id}_term").set_value("Fall 2027")
        at = click(at, "Save section")
        assert_clean(at)
        assert "Saved SWK 610 — Renamed." in [s.value for s in at.success]
        renamed = next(s for s in teacher_api.list_sections() if s.id == section_id)
        assert (renamed.name, renamed.term) == ("SWK 610 — Renamed", "Fall 2027")

    def test_deleting_a_section_asks_first(self, api_url: str) -> None:
        at, teacher_api, section_id, _ = _section_with_assignments_tab(api_url)
        name = next(s.name for s in teacher_api.list_sections() if s.id == section_id)
        at = at.button(key=f"delete_section_{section_id}").click().run()
        assert any(f"Delete **{name}**?" in w.value for w in at.warning)
        assert any(s.id == section_id for s in teacher_api.list_sections())
        at = at.button(key=f"confirm_delete_section_{section_id}").click().run()
        assert_clean(at)
        assert f"Deleted {name}." in [s.value for s in at.success]
        assert all(s.id != section_id for s in teacher_api.list_sections())


class TestCheckingAClient:
    def test_a_multi_turn_probes_card_shows_every_turn(self, api_url: str) -> None:
        draft = _draft(api_url, "Checked")
        at = sign_in(app("teacher_test"), "teacher@example.com")
        at = at.button(key=f"check_{draft}").click().run()
        assert_clean(at)
        opening = [line for probe in PROBES if probe.key == "warm_opening" for line in probe.lines]
        shown = [m.value for m in at.markdown if all(line in m.value for line in opening)]
        assert shown, "the five turns of the warm opening are on its card, without opening anything"
        assert shown[0].count("**Client:**") == 5
        assert not any(e.label.startswith("The whole conversation") for e in at.expander)

    def test_a_published_client_never_checked_is_not_told_to_check_before_publishing(self, api_url: str) -> None:
        teacher = as_user("teacher@example.com", api_url)
        published = teacher.create_client({"name": f"Live {uuid.uuid4().hex[:4]}", "age": 30, "is_published": True,
                                           "personality_traits": ["calm", "dry"], "student_brief": "Live, 30."})
        at = sign_in(app("teacher_test"), "teacher@example.com")
        at.session_state[state.check_choice.key] = published.id
        at = open_page(at, "check")
        assert_clean(at)
        [notice] = [i.value for i in at.info]
        assert "has not been checked yet" in notice and "before publishing" not in notice
        assert "Students can already meet this client" in notice


def _student_in_conversation(api_url: str) -> tuple[AppTest, ApiClient, int]:
    email = new_student(api_url)
    student = as_user(email, api_url, STUDENT_PASSWORD)
    session = student.start_session(student.list_client_cards()[0].id)
    at = open_page(sign_in(app("student_practice"), email), "clients")
    at = click(at, "Continue where you left off")
    assert_clean(at)
    return at, student, session.id


class TestTheMessageBox:
    def test_a_paste_over_the_limit_comes_back_whole_with_how_much_to_cut(self, api_url: str) -> None:
        at, student, session_id = _student_in_conversation(api_url)
        pasted = ("I have been thinking about this a lot. " * 130)[:5000]
        at = at.chat_input[0].set_value(pasted).run()
        assert_clean(at)
        [refusal] = errors(at)
        assert "5,000 characters; the limit is 4,000" in refusal and "Shorten it by 1,000" in refusal
        assert at.chat_input[0].value == pasted, "the whole paste is back in the box"
        assert "Your message was not sent" not in texts(at), "one notice, not two"
        assert student.list_messages(session_id) == []
        assert "up to 4,000 characters" in at.chat_input[0].placeholder

    def test_a_spaces_only_message_gets_one_notice(self, api_url: str) -> None:
        at, student, session_id = _student_in_conversation(api_url)
        at = at.chat_input[0].set_value("     ").run()
        assert_clean(at)
        assert "Type a message first: an empty message is not sent." in [i.value for i in at.info]
        assert errors(at) == [] and "back in the box" not in texts(at)
        assert student.list_messages(session_id) == []


class TestEnrolling:
    def test_a_paste_with_no_address_names_what_it_could_not_read(self, api_url: str) -> None:
        at, teacher_api, section_id, _ = _section_with_assignments_tab(api_url)
        at.session_state[state.SECTION_TAB] = "Students"
        at = at.run()
        at.text_area(key=state.ENROLL_EMAILS).set_value("not-an-email\nstill not one")
        at = click(at, "Enroll")
        [refusal] = errors(at)
        assert "not addresses: not-an-email, still not one" in refusal
        assert teacher_api.roster(section_id) == []


def _evaluated_conversation(api_url: str) -> tuple[int, ApiClient]:
    """A new student's ended, evaluated conversation with Kwame; the teacher's API client."""
    student = as_user(new_student(api_url), api_url, STUDENT_PASSWORD)
    kwame = next(card for card in student.list_client_cards() if card.name == "Kwame Mensah")
    session = student.start_session(kwame.id)
    for text in ("Hi, thanks for coming in. What brings you here today?", "You should tell your partner.",
                 "It sounds like you're carrying this alone and it feels heavy."):
        student.send_message(session.id, text)
    student.end_session(session.id)
    student.evaluate(session.id)
    return session.id, as_user("teacher@example.com", api_url)


class TestReviewQueue:
    def test_a_released_conversation_leaves_not_reviewed_yet_at_once_and_stays_open(self, api_url: str) -> None:
        session_id, teacher = _evaluated_conversation(api_url)
        at = open_page(sign_in(app("teacher_test"), "teacher@example.com"), "review")
        at.selectbox(key="review_choice").set_value(session_id)
        at = at.run()
        assert session_id in list(at.dataframe[0].value["Session"])
        form = state.review_widgets(session_id, teacher.evaluation(session_id))
        at.checkbox(key=f"{form}_released").check()
        at = at.button(key=f"{form}_save").click().run()
        assert_clean(at)
        assert any("released the scores" in s.value for s in at.success)
        listed = at.dataframe[0].value["Session"] if at.dataframe else []
        assert session_id not in list(listed), "gone from “Not reviewed yet” without a reload"
        assert at.selectbox(key="review_choice").value == session_id, "the review just saved stays open"
        assert "has left “Not reviewed yet”" in texts(at)

    def test_the_total_follows_an_override_before_saving(self, api_url: str) -> None:
        session_id, teacher = _evaluated_conversation(api_url)
        evaluation = teacher.evaluation(session_id)
        at = open_page(sign_in(app("teacher_test"), "teacher@example.com"), "review")
        at.selectbox(key="review_choice").set_value(session_id)
        at = at.run()
        before = metric(at, "Total")
        criterion = next(c for c in evaluation.criteria or [] if c.score is not None and c.score != c.max_score)
        form = state.review_widgets(session_id, evaluation)
        at = at.selectbox(key=f"{form}_{criterion.key}").set_value(float(criterion.max_score)).run()
        assert_clean(at)
        assessed = sum(c.weight for c in evaluation.criteria or [] if c.score is not None)  # not assessed: no weight
        raised = evaluation.total_score + criterion.weight * (criterion.max_score - criterion.score) \
            / criterion.max_score * 100 / assessed
        assert metric(at, "Total") != before
        assert metric(at, "Total") == f"{round(raised, 1):g} / 100"
        assert not teacher.evaluation(session_id).teacher_review, "nothing saved yet"

    def test_the_review_screen_speaks_about_the_student_not_to_them(self, api_url: str) -> None:
        session_id, _ = _evaluated_conversation(api_url)
        at = open_page(sign_in(app("teacher_test"), "teacher@example.com"), "review")
        at.selectbox(key="review_choice").set_value(session_id)
        at = at.run()
        assert_clean(at)
        shown = texts(at)
        assert "Student line 1" in shown and "Your line" not in shown
        labels = [m.label for m in at.metric]
        assert "Student messages" in labels and "Student's share of the talk" in labels
        assert not any(label.startswith("Your") for label in labels)
        notes = [c.value for c in at.caption if c.value.startswith(("Open question", "Complex reflection",
                                                                     "Simple reflection", "Persuading", "Evaluator:"))]
        assert notes and not any(re.search(r"\byou(?:r)?\b", note, re.I) for note in notes), notes


class TestReleasedFeedback:
    def test_the_teachers_score_and_word_lead_and_the_evaluators_reason_is_superseded(self, api_url: str) -> None:
        email = new_student(api_url)
        student = as_user(email, api_url, STUDENT_PASSWORD)
        kwame = next(card for card in student.list_client_cards() if card.name == "Kwame Mensah")
        session = student.start_session(kwame.id)
        student.send_message(session.id, "Hi, what brings you here today?")
        student.end_session(session.id)
        teacher = as_user("teacher@example.com", api_url)
        evaluation = teacher.evaluate(session.id)
        item = next(c for c in evaluation.criteria or [] if c.score > c.min_score)
        teacher.review_evaluation(session.id, released=True, criteria=[
            {"key": item.key, "score": item.min_score, "comment": "Risk cues were missed: ask about safety."}])
        at = open_page(sign_in(app("student_practice"), email), "feedback")
        assert_clean(at)
        shown = texts(at)
        assert "**Your teacher:** Risk cues were missed: ask about safety." in shown
        superseded = [c.value for c in at.caption if "the evaluator had given" in c.value]
        assert superseded and f"had given {item.score:g}" in superseded[0] and "~~" in superseded[0]
        assert item.rationale.strip() not in [m.value for m in at.markdown], "the old reason is not the verdict"


class TestAdminMonitor:
    def test_an_assignment_attempt_is_not_labelled_practice(self, api_url: str) -> None:
        email = new_student(api_url)
        teacher = as_user("teacher@example.com", api_url)
        section = teacher.create_section(name=f"SWK 630 — Monitor {uuid.uuid4().hex[:4]}")
        teacher.enroll(section.id, [email], create_missing=False)
        kwame = next(c.id for c in teacher.list_clients() if c.name == "Kwame Mensah")
        given = teacher.create_assignment(section.id, {"client_id": kwame, "title": "Monitored", "instructions": ""})
        student = as_user(email, api_url, STUDENT_PASSWORD)
        attempt = student.start_assignment(given.id)
        practice = student.start_session(kwame)
        at = sign_in(app("admin_monitor"), "admin@example.com")
        assert_clean(at)
        active = next(t.value for t in at.table if "Kind" in t.value)
        kinds = dict(zip(active["Session"], active["Kind"], strict=True))
        assert kinds[f"#{attempt.id}"] == "Assignment attempt"
        assert kinds[f"#{practice.id}"] == "Practice"

    def test_an_error_with_no_session_shows_a_dash_not_none(self) -> None:
        def panel() -> None:
            from mvp.client.models import ErrorEvent
            from mvp.widgets.admin_panels import errors_panel

            common = {"context": {}, "user_id": None, "created_at": "2026-12-01T10:00:00Z"}
            errors_panel([ErrorEvent(id=1, source="api", kind="rate_limited", message="Too many messages",
                                     session_id=None, **common),
                          ErrorEvent(id=2, source="llm", kind="timeout", message="No reply", session_id=42, **common)])

        at = AppTest.from_function(panel).run()
        assert_clean(at)
        assert list(at.dataframe[0].value["Session"]) == ["—", "#42"]


class TestOneWayToWriteATime:
    def test_a_past_due_cards_refusal_writes_the_due_date_as_the_card_does(self, api_url: str) -> None:
        email = new_student(api_url)
        teacher = as_user("teacher@example.com", api_url)
        section = teacher.create_section(name=f"SWK 640 — Times {uuid.uuid4().hex[:4]}")
        teacher.enroll(section.id, [email], create_missing=False)
        kwame = next(c.id for c in teacher.list_clients() if c.name == "Kwame Mensah")
        due = datetime(2026, 12, 4, 23, 59, tzinfo=UTC)
        given = teacher.create_assignment(section.id, {"client_id": kwame, "title": "Long gone", "instructions": "",
                                                       "opens_at": (due - timedelta(days=7)).isoformat(),
                                                       "due_at": due.isoformat()})
        at = sign_in(app("student_practice"), email)
        assert_clean(at)
        card = [c.value for c in at.caption if "Long gone" in c.value or "was due on" in c.value or
                "Due " in c.value]
        assert any("Due Fri 4 Dec 2026, 23:59 UTC" in line for line in card), card
        assert any("was due on Fri 4 Dec 2026, 23:59 UTC" in line for line in card), card
        assert not any("04 Dec 2026" in line for line in card)
        assert given.id


class TestRoster:
    def test_removing_a_student_starts_with_nobody_chosen_and_asks_first(self, api_url: str) -> None:
        at, teacher_api, section_id, _ = _section_with_assignments_tab(api_url)
        first, second = new_student(api_url), new_student(api_url)
        teacher_api.enroll(section_id, [first, second], create_missing=False)
        at.session_state[state.SECTION_TAB] = "Students"
        at = at.run()
        box = at.selectbox(key=f"{state.REMOVE_CHOICE}_{section_id}")
        assert box.value is None, "nobody is preselected"
        assert at.button(key=f"{state.REMOVE_STUDENT}_{section_id}").disabled
        leaving = next(r for r in teacher_api.roster(section_id) if r.email == second)
        at = box.set_value(leaving.student_id).run()
        at = at.button(key=f"{state.REMOVE_STUDENT}_{section_id}").click().run()
        assert any(f"Remove **{leaving.display_name}" in w.value for w in at.warning)
        assert len(teacher_api.roster(section_id)) == 2, "nothing happens before the confirmation"
        at = at.button(key=f"confirm_remove_{section_id}").click().run()
        assert_clean(at)
        assert any(f"Removed {leaving.display_name}" in s.value for s in at.success)
        assert [r.email for r in teacher_api.roster(section_id) if r.is_active] == [first]


class TestReloads:
    def test_a_reload_on_sections_keeps_the_section_and_the_tab(self, api_url: str) -> None:
        at, teacher_api, section_id, _ = _section_with_assignments_tab(api_url)
        teacher_api.create_section(name="SWK 000 — Another section, listed first")
        assert at.query_params["section"] == str(section_id) and at.query_params["tab"] == "Assignments"
        reloaded = app("teacher_test")  # a new browser session on the same address
        for name, value in at.query_params.items():
            reloaded.query_params[name] = value
        reloaded = open_page(sign_in(reloaded, "teacher@example.com"), "sections")
        assert_clean(reloaded)
        assert reloaded.selectbox(key=state.section_choice.key).value == section_id
        assert reloaded.session_state[state.SECTION_TAB] == "Assignments"
        assert "Give an assignment" in texts(reloaded)

    def test_a_reload_keeps_the_admins_refresh_setting(self, api_url: str) -> None:
        at = sign_in(app("admin_monitor"), "admin@example.com")
        at = at.selectbox(key=state.REFRESH).set_value("Paused").run()
        assert at.query_params["refresh"] == "paused"
        reloaded = app("admin_monitor")
        reloaded.query_params["refresh"] = "paused"
        reloaded = sign_in(reloaded, "admin@example.com")
        assert_clean(reloaded)
        assert reloaded.selectbox(key=state.REFRESH).value == "Paused"


class TestCosmetics:
    def test_class_averages_write_metrics_as_the_feedback_pages_do(self, api_url: str) -> None:
        _evaluated_conversation(api_url)
        at = open_page(sign_in(app("teacher_test"), "teacher@example.com"), "averages")
        assert_clean(at)
        metrics = at.dataframe[1].value
        cells = [str(v) for v in metrics.drop(columns=["Group"]).to_numpy().ravel()]
        assert "None" not in cells and "nan" not in cells
        assert all(share.endswith(" %") for share in metrics["Student talk share"])
        assert all(re.fullmatch(r"\d+ %|—", value) for value in metrics["Open questions (%)"])
        assert re.fullmatch(r"\d+ %|—", metric(at, "Open questions"))

    def test_the_review_shows_the_chosen_levels_words_in_full(self, api_url: str) -> None:
        session_id, teacher = _evaluated_conversation(api_url)
        evaluation = teacher.evaluation(session_id)
        at = open_page(sign_in(app("teacher_test"), "teacher@example.com"), "review")
        at.selectbox(key="review_choice").set_value(session_id)
        at = at.run()
        item = (evaluation.criteria or [])[0]
        level = next(level["descriptor"] for level in item.levels if float(level["score"]) == item.score)
        assert f"{item.score:g}: {level}" in [c.value for c in at.caption]


class TestDemoCourse:
    def test_the_demo_submitted_attempt_is_evaluated_in_the_queue(self, api_url: str) -> None:
        at = open_page(sign_in(app("teacher_test"), "teacher@example.com"), "review")
        at = at.radio(key=state.REVIEW_SHOW).set_value("Submitted for assignments").run()
        assert_clean(at)
        queue = at.dataframe[0].value
        demo = queue[queue["Work"].str.startswith("First interview: Kwame Mensah")]
        assert len(demo) == 1
        assert demo["Feedback"].iloc[0] == "Ready · released" and demo["Score"].iloc[0] != "—"
        assert bool(demo["Approximate"].iloc[0])
