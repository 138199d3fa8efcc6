"""The three Streamlit apps, run headless by AppTest against a real API process (offline provider)."""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from backend.demo.data import KWAME_MENSAH
from mvp import state
from mvp.client.api_client import ApiClient, ApiError
from mvp.client.models import (
    Message,
    ReplyDelta,
    ReplyDiscarded,
    ReplyDone,
    Session,
    StreamEvent,
    StudentMessageStored,
    Turn,
)
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
from tests.support.postgres import free_port
from tests.support.server import start_api


class TestSignIn:
    def test_teacher_signs_in_and_sees_their_clients(self, api_url: str) -> None:
        at = sign_in(app("teacher_test"), "teacher@example.com")
        assert_clean(at)
        assert at.title[0].value == "My clients"
        assert "Kwame Mensah" in texts(at)

    def test_a_wrong_password_shows_a_readable_error(self, api_url: str) -> None:
        at = sign_in(app("student_practice"), "student1@example.com", "not-the-password")
        assert_clean(at)
        assert any("do not match" in e for e in errors(at))
        assert at.text_input(key="sign_in_email")  # still on the sign-in form

    def test_the_wrong_role_is_refused_politely(self, api_url: str) -> None:
        at = sign_in(app("teacher_test"), "student1@example.com")
        assert_clean(at)
        assert "This app is for teachers; you signed in as a student." in errors(at)[0]
        at = sign_in(app("admin_monitor"), "teacher@example.com")
        assert "This app is for administrators; you signed in as a teacher." in errors(at)[0]

    def test_an_unreachable_server_shows_a_friendly_error(self, monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.setenv("VC_API_URL", f"http://127.0.0.1:{free_port()}")
        at = sign_in(app("student_practice"), "student1@example.com")
        assert_clean(at)
        assert "Cannot reach the Virtual Client server at" in errors(at)[0]
        assert "Is it running?" in errors(at)[0]


class TestTeacherApp:
    def test_creates_a_client_with_the_form_and_sees_it_listed(self, api_url: str) -> None:
        at = sign_in(app("teacher_test"), "teacher@example.com")
        at = click(at, "New client")
        assert_clean(at)
        assert at.title[0].value == "Client editor"
        name = f"Priya Shah {uuid.uuid4().hex[:4]}"
        at.text_input(key="persona_0_0_name").set_value(name)
        at.number_input(key="persona_0_0_age").set_value(29)
        at.text_area(key="persona_0_0_student_brief").set_value("Priya, 29, was referred by her GP.")
        at.multiselect(key="persona_0_0_issues").set_value(["grief", "caring for a parent"])
        at.multiselect(key="persona_0_0_traits").set_value(["guarded"])
        at = click(at, "Create client")
        assert any("2 to 5 personality traits" in e for e in errors(at)), "one trait is refused before sending"

        at.multiselect(key="persona_0_0_traits").set_value(["guarded", "dry humour"])
        at.select_slider(key="persona_0_0_difficulty").set_value(4)
        at = click(at, "Create client")
        assert_clean(at)
        assert at.title[0].value == "My clients"
        assert f"Created {name}." in [s.value for s in at.success]
        assert f"### {name}, 29" in texts(at)
        stored = next(c for c in as_user("teacher@example.com", api_url).list_clients() if c.name == name)
        assert stored.issues == ["grief", "caring for a parent"]
        assert stored.personality_traits == ["guarded", "dry humour"] and stored.difficulty == 4

    def test_edits_publishes_and_deletes_a_client_after_confirmation(self, api_url: str) -> None:
        teacher = as_user("teacher@example.com", api_url)
        draft = teacher.create_client({"name": f"Lee Draft {uuid.uuid4().hex[:4]}", "age": 40,
                                       "personality_traits": ["quiet", "kind"], "student_brief": "Lee, 40."})
        at = sign_in(app("teacher_test"), "teacher@example.com")
        at = at.button(key=f"edit_{draft.id}").click().run()
        assert at.selectbox(key="editor_choice").value == draft.id
        assert at.text_input(key=f"persona_0_{draft.id}_name").value == draft.name
        at.text_input(key=f"persona_0_{draft.id}_name").set_value(draft.name + " Jr")
        at = click(at, "Save client")
        assert_clean(at)
        assert f"Saved {draft.name} Jr." in [s.value for s in at.success]

        at = at.button(key=f"publish_{draft.id}").click().run()
        assert any("is now published for students" in s.value for s in at.success)
        assert teacher.get_client(draft.id).is_published

        at = at.button(key=f"delete_{draft.id}").click().run()
        assert any("Delete **" in w.value for w in at.warning), "deleting asks first"
        assert any(c.id == draft.id for c in teacher.list_clients())
        at = at.button(key=f"confirm_delete_{draft.id}").click().run()
        assert_clean(at)
        assert any("was deleted" in s.value for s in at.success)
        assert all(c.id != draft.id for c in teacher.list_clients())

    def test_shows_and_edits_the_inner_life_and_conversational_style(self, api_url: str) -> None:
        teacher = as_user("teacher@example.com", api_url)
        draft = teacher.create_client({"name": f"Ines Inner {uuid.uuid4().hex[:4]}", "age": 61,
                                       "personality_traits": ["quiet", "kind"], "student_brief": "Ines, 61.",
                                       "core_belief": "I must not be a bother.", "conversational_style": "reserved",
                                       "coping_strategies": ["gardening"]})
        at = sign_in(app("teacher_test"), "teacher@example.com")
        at = at.button(key=f"edit_{draft.id}").click().run()
        key = f"persona_0_{draft.id}"
        assert at.text_input(key=f"{key}_core_belief").value == "I must not be a bother."
        assert at.selectbox(key=f"{key}_style").value == "reserved"
        assert at.multiselect(key=f"{key}_coping").value == ["gardening"]
        at.text_input(key=f"{key}_automatic_thought").set_value("They'll think I'm silly.")
        at.selectbox(key=f"{key}_style").set_value("tangent")
        at.multiselect(key=f"{key}_coping").set_value(["gardening", "the radio all day"])
        at = click(at, "Save client")
        assert_clean(at)
        stored = teacher.get_client(draft.id)
        assert stored.automatic_thought == "They'll think I'm silly." and stored.conversational_style == "tangent"
        assert stored.coping_strategies == ["gardening", "the radio all day"]
        assert stored.core_belief == "I must not be a bother."

    def test_previews_the_compiled_prompt(self, api_url: str) -> None:
        kwame = next(c for c in as_user("teacher@example.com", api_url).list_clients() if c.name == "Kwame Mensah")
        at = sign_in(app("teacher_test"), "teacher@example.com")
        at = at.button(key=f"preview_{kwame.id}").click().run()
        assert_clean(at)
        assert at.title[0].value == "Prompt preview"
        codes = [code.value for code in at.code]
        assert codes[0].startswith("ROLE-PLAY FOR INTERVIEW TRAINING")  # the platform scaffold
        assert "You are Kwame Mensah" in codes[1]  # this client's block
        secret = KWAME_MENSAH["hidden_facts"][0]["fact"]
        assert secret not in codes[1]
        assert "[Director: trust" in codes[2] and secret in codes[2]
        assert metric(at, "Per reply in a class") == "$0.00"  # the offline simulator costs nothing
        assert "Platform scaffold" in " ".join(e.label for e in at.expander)

    def test_checks_a_draft_before_publishing_it(self, api_url: str) -> None:
        teacher = as_user("teacher@example.com", api_url)
        draft = teacher.create_client({"name": f"Ana Check {uuid.uuid4().hex[:4]}", "age": 38, "difficulty": 3,
                                       "personality_traits": ["wary", "kind"], "student_brief": "Ana, 38.",
                                       "presenting_problem": "Ana was evicted last month and worries about her kids."})
        at = sign_in(app("teacher_test"), "teacher@example.com")
        at = at.button(key=f"check_{draft.id}").click().run()
        assert_clean(at)
        assert at.title[0].value == "Check a client"
        shown = texts(at)
        assert "Every probe passed" in shown and " · 0 warn · 0 fail" in shown
        for title in ("Are you an AI?", "A hostile, judgmental student", "A warm, skilled five-turn opening"):
            assert title in shown
        assert "Student:** Before we start, are you an AI or a real person?" in shown
        assert "Passed the rules: " in shown
        at = at.button(key=state.PUBLISH_CHECKED).click().run()
        assert_clean(at)
        assert any("is now published for students" in s.value for s in at.success)
        assert teacher.get_client(draft.id).is_published

    def test_a_client_never_checked_says_so_and_an_edit_dates_a_check(self, api_url: str) -> None:
        teacher = as_user("teacher@example.com", api_url)
        draft = teacher.create_client({"name": f"Bo Unchecked {uuid.uuid4().hex[:4]}", "age": 50,
                                       "personality_traits": ["blunt", "proud"], "student_brief": "Bo, 50."})
        at = sign_in(app("teacher_test"), "teacher@example.com")
        at.session_state[state.check_choice.key] = draft.id
        at = open_page(at, "check")
        assert_clean(at)
        assert any("has not been checked yet" in i.value for i in at.info)
        teacher.check_client(draft.id)
        teacher.update_client(draft.id, {"goals": "Keep his shop open."})
        at = at.run()
        assert any("since this check. Run it again" in w.value for w in at.warning)
        assert not [b for b in at.button if b.key == state.PUBLISH_CHECKED]

    def test_test_chat_streams_a_reply_and_shows_its_cost(self, api_url: str) -> None:
        kwame = next(c for c in as_user("teacher@example.com", api_url).list_clients() if c.name == "Kwame Mensah")
        at = sign_in(app("teacher_test"), "teacher@example.com")
        at = at.button(key=f"test_{kwame.id}").click().run()
        assert at.title[0].value == "Test conversation"
        at = at.chat_input[0].set_value("Hello Kwame, what brings you in today?").run()
        assert_clean(at)
        bubbles = at.chat_message
        assert [b.name for b in bubbles][-2:] == ["user", "assistant"]
        assert bubbles[-1].markdown[0].value.strip(), "the reply was streamed into the page"
        assert "Offline simulator" in texts(at)
        assert metric(at, "Messages") == "2"
        assert metric(at, "Cost").startswith("$")
        assert int(metric(at, "Tokens").replace(",", "")) > 0

    def test_a_test_that_cannot_start_keeps_the_typed_text(self, api_url: str,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
        kwame = next(c for c in as_user("teacher@example.com", api_url).list_clients() if c.name == "Kwame Mensah")

        def refused(self: ApiClient, client_id: int) -> Session:
            raise ApiError("You have reached today's limit of conversations.", status=429, code="rate_limited")

        monkeypatch.setattr(ApiClient, "list_sessions", lambda self, **_: [])  # no open test: a new one starts
        monkeypatch.setattr(ApiClient, "start_session", refused)
        at = sign_in(app("teacher_test"), "teacher@example.com")
        at = at.button(key=f"test_{kwame.id}").click().run()
        at = at.chat_input[0].set_value("Hello Kwame, what brings you in?").run()
        assert_clean(at)
        assert any("today's limit of conversations" in message for message in errors(at))
        assert "Your message was not sent. It is back in the box" in texts(at)
        assert at.chat_input[0].value == "Hello Kwame, what brings you in?"

    def test_ends_a_test_reads_the_transcript_and_rates_it(self, api_url: str) -> None:
        kwame = next(c for c in as_user("teacher@example.com", api_url).list_clients() if c.name == "Kwame Mensah")
        at = sign_in(app("teacher_test"), "teacher@example.com")
        at = at.button(key=f"test_{kwame.id}").click().run()
        at = at.chat_input[0].set_value("How has the week been?").run()
        at = click(at, "End this test")
        assert_clean(at)
        assert at.title[0].value == "Conversations"
        assert "How has the week been?" in texts(at)
        assert any(m.label == "Cost" for m in at.metric)
        at.radio(key=f"rating_{at.session_state[state.history_choice.key]}").set_value(4)
        at = click(at, "Save rating")
        assert_clean(at)
        assert any("4-star rating" in s.value for s in at.success)

    def test_the_transcript_shows_the_clients_trust_turn_by_turn(self, api_url: str) -> None:
        teacher = as_user("teacher@example.com", api_url)
        jasmine = next(c for c in teacher.list_clients() if c.name == "Jasmine Carter")
        session = teacher.start_session(jasmine.id)
        for line in ("Hi, I'm Alex. What brings you in today?", "It sounds like you've been carrying this alone.",
                     "How are you managing day to day, with meals and everything?"):
            teacher.send_message(session.id, line)
        at = sign_in(app("teacher_test"), "teacher@example.com")
        at.session_state[state.history_choice.key] = session.id
        at = open_page(at, "conversations")
        assert_clean(at)
        lines = [c.value for c in at.caption if "Trust " in c.value]
        assert len(lines) == 3
        assert "student: open question" in lines[0] and "Trust warming" in lines[0]
        assert "student: complex reflection" in lines[1] and "↑" in lines[1]
        assert "could tell" in lines[2] and "skips meals" in lines[2]
        assert any("The client's trust at the end: **open**" in c.value for c in at.caption)

    def test_creates_a_student_account(self, api_url: str) -> None:
        at = open_page(sign_in(app("teacher_test"), "teacher@example.com"), "students")
        assert at.title[0].value == "Students"
        email = f"new.{uuid.uuid4().hex[:6]}@example.com"
        at.text_input[0].set_value("Alex Rivera")
        at.text_input[1].set_value(email)
        at.text_input[2].set_value("short")
        at = click(at, "Create student")
        assert any("at least 10 characters" in e for e in errors(at))
        at.text_input[2].set_value("long-enough-password")
        at = click(at, "Create student")
        assert_clean(at)
        assert any(email in s.value for s in at.success)
        assert email in at.dataframe[0].value["Email"].tolist()


class TestStudentApp:
    def test_practises_ends_the_session_and_reads_the_transcript(self, api_url: str) -> None:
        email = new_student(api_url)
        at = sign_in(app("student_practice"), email)
        assert_clean(at)
        assert at.title[0].value == "My assignments", "assignments are the student's landing page"
        assert "No assignments yet" in texts(at)
        at = open_page(at, "clients")
        assert at.title[0].value == "Practice clients"
        assert "### Kwame Mensah" in texts(at)
        kwame = next(c for c in as_user(email, api_url, STUDENT_PASSWORD).list_client_cards()
                     if c.name == "Kwame Mensah")

        at = at.button(key=f"start_{kwame.id}").click().run()
        assert at.title[0].value == "Conversation with Kwame Mensah"
        assert "Practice mode: replies come from the offline simulator, not Claude" in texts(at)
        at = at.chat_input[0].set_value("Hi Kwame, I'm Sam. What would you like to talk about?").run()
        assert_clean(at)
        assert [b.name for b in at.chat_message] == ["user", "assistant"]
        assert at.chat_message[1].markdown[0].value.strip()

        at = click(at, "End conversation")
        at = click(at, "Yes, end and save")
        assert_clean(at)
        assert at.title[0].value == "Feedback"
        assert "Your conversation with Kwame Mensah was saved. Here is your feedback." in [s.value for s in at.success]
        assert "What would you like to talk about?" in texts(at)
        # the student's opening, coded: inviting the client to set the agenda seeks collaboration (MITI 4.2.1)
        assert ":violet-badge[Seeking collaboration]" in texts(at)
        assert [s.status for s in as_user(email, api_url, STUDENT_PASSWORD).list_sessions()] == ["ended"]

    def test_resumes_an_active_session_after_a_reload(self, api_url: str) -> None:
        email = new_student(api_url)
        student = as_user(email, api_url, STUDENT_PASSWORD)
        card = student.list_client_cards()[0]
        session = student.start_session(card.id)
        student.send_message(session.id, "Earlier message before the reload")

        at = open_page(sign_in(app("student_practice"), email), "clients")  # a fresh AppTest: a reloaded tab
        assert f"You have a conversation in progress with **{card.name}**." in [i.value for i in at.info]
        at = click(at, "Continue where you left off")
        assert_clean(at)
        assert at.title[0].value == f"Conversation with {card.name}"
        assert "Earlier message before the reload" in texts(at)

    def test_a_reply_broken_off_mid_stream_is_replaced_by_a_labelled_fallback(
        self, api_url: str, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        email = new_student(api_url)
        student = as_user(email, api_url, STUDENT_PASSWORD)
        session = student.start_session(student.list_client_cards()[0].id)

        def outage(self: ApiClient, session_id: int, content: str, key: str | None = None) -> Iterator[StreamEvent]:
            said = Message(id=1, session_id=session_id, sequence=1, role="user", content=content)
            fallback = Message(id=2, session_id=session_id, sequence=2, role="assistant", is_fallback=True,
                               content="Sorry, I lost my train of thought.", provider="anthropic")
            yield StudentMessageStored(said)
            yield ReplyDelta("I was saying that my")
            yield ReplyDiscarded("the reply was interrupted")
            yield ReplyDelta("Sorry, I lost my train of thought.")
            yield ReplyDone(Turn(message=said, reply=fallback, provider="anthropic", session=session))

        monkeypatch.setattr(ApiClient, "stream_message", outage)
        at = open_page(sign_in(app("student_practice"), email), "clients")
        at = click(at, "Continue where you left off")
        at = at.chat_input[0].set_value("How are you?").run()
        assert_clean(at)
        reply = at.chat_message[-1]
        shown = " ".join(m.value for m in reply.markdown)
        assert "Sorry, I lost my train of thought." in shown and "I was saying that my" not in shown
        assert "Fallback reply" in shown
        assert any("standby line" in w.value for w in at.warning)

    def test_a_dropped_connection_keeps_the_text_and_a_resend_reuses_its_key(self, api_url: str,
                                                                            monkeypatch: pytest.MonkeyPatch) -> None:
        email = new_student(api_url)
        student = as_user(email, api_url, STUDENT_PASSWORD)
        student.start_session(student.list_client_cards()[0].id)
        keys: list[str | None] = []
        real_stream = ApiClient.stream_message

        def flaky(self: ApiClient, session_id: int, content: str, key: str | None = None) -> Iterator[StreamEvent]:
            keys.append(key)
            if len(keys) == 1:
                raise ApiError("The connection to the Virtual Client server was interrupted. Please try again.",
                               code="connection")
            return real_stream(self, session_id, content, key)

        monkeypatch.setattr(ApiClient, "stream_message", flaky)
        at = open_page(sign_in(app("student_practice"), email), "clients")
        at = click(at, "Continue where you left off")
        at = at.chat_input[0].set_value("How are you today?").run()
        assert_clean(at)
        assert "Your message was not sent. It is back in the box" in texts(at)
        assert any("connection" in message for message in errors(at))
        assert at.chat_input[0].value == "How are you today?"
        at = at.chat_input[0].set_value("How are you today?").run()
        assert_clean(at)
        assert len(keys) == 2 and keys[0] and keys[0] == keys[1]
        assert [m.content for m in student.list_messages(student.list_sessions()[0].id)
                if m.role == "user"] == ["How are you today?"]
        at = at.chat_input[0].set_value("And your week?").run()
        assert len(keys) == 3 and keys[2] != keys[1]

    def test_a_rate_limit_says_when_the_student_can_go_on_and_keeps_the_text(self, tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
        server = start_api(f"sqlite:///{tmp_path / 'limited.db'}", extra_env={"VC_MESSAGES_PER_MINUTE": "1"})
        try:
            monkeypatch.setenv("VC_API_URL", server.base_url)
            at = open_page(sign_in(app("student_practice"), "student1@example.com"), "clients")
            at = click(at, "Start conversation")
            at = at.chat_input[0].set_value("First message").run()
            at = at.chat_input[0].set_value("Second message, too soon").run()
            assert_clean(at)
            message = errors(at)[0]
            assert re.search(r"try again in \d+ seconds\. That is at \d\d:\d\d (UTC|your time)\.$", message), message
            assert "Your message was not sent. It is back in the box" in texts(at)
            assert at.chat_input[0].value == "Second message, too soon"  # nothing typed is lost
        finally:
            server.stop()


class TestAdminApp:
    def test_shows_todays_usage_and_the_active_sessions(self, api_url: str) -> None:
        email = new_student(api_url)
        student = as_user(email, api_url, STUDENT_PASSWORD)
        session = student.start_session(student.list_client_cards()[0].id)
        student.send_message(session.id, "Hello there")

        at = sign_in(app("admin_monitor"), "admin@example.com")
        assert_clean(at)
        assert at.title[0].value == "Platform monitor"
        assert int(metric(at, "LLM calls today")) >= 1
        assert metric(at, "Cost today").startswith("$")
        assert int(metric(at, "Active sessions")) >= 1
        assert "Offline mode" in texts(at)
        tables = [table.value for table in at.table]
        assert any("Who" in t and student.me().display_name in t["Who"].tolist() for t in tables)

    def test_an_expired_sign_in_shows_one_message_not_a_traceback(self, api_url: str) -> None:
        at = sign_in(app("admin_monitor"), "admin@example.com")
        at.session_state[state.api_client.key].token = "expired-or-forged"
        at = at.run()
        assert_clean(at)
        assert any("sign in again" in e.lower() for e in errors(at))
        at = click(at, "Sign in again")
        assert at.text_input(key="sign_in_email"), "back on the sign-in form"
