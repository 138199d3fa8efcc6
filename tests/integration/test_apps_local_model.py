"""The apps with a private model behind the API: replies labelled by provider, and $0 shown as "not billed"."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from mvp.client.api_client import ApiClient
from mvp.client.models import Message, ReplyDelta, ReplyDone, StreamEvent, StudentMessageStored, Turn
from tests.support.api import openai_env
from tests.support.apptest import (
    STUDENT_PASSWORD,
    app,
    as_user,
    assert_clean,
    click,
    metric,
    new_student,
    open_page,
    sign_in,
    texts,
)
from tests.support.fake_openai import FakeOpenAIServer
from tests.support.server import ApiServer, start_api

MODEL = "llama3.1:8b"


@pytest.fixture(scope="module")
def local_fake() -> Iterator[FakeOpenAIServer]:
    with FakeOpenAIServer(served_model=MODEL) as fake:
        yield fake


@pytest.fixture(scope="module")
def api_server(tmp_path_factory: pytest.TempPathFactory, local_fake: FakeOpenAIServer) -> Iterator[ApiServer]:
    database = tmp_path_factory.mktemp("local-apps") / "apps.db"
    server = start_api(f"sqlite:///{database}", extra_env=openai_env(local_fake, VC_LOGIN_ATTEMPTS="100"))
    yield server
    server.stop()


@pytest.fixture
def api_url(api_server: ApiServer, local_fake: FakeOpenAIServer, monkeypatch: pytest.MonkeyPatch,
            tmp_path: Path) -> str:
    local_fake.reset()
    monkeypatch.setenv("VC_API_URL", api_server.base_url)
    monkeypatch.setenv("VC_APP_SIGN_IN_DB", str(tmp_path / "app_sign_ins.db"))
    return api_server.base_url


def reply_text(at: object) -> str:
    return " ".join(m.value for m in at.chat_message[-1].markdown)  # type: ignore[attr-defined]


class TestTeacherSeesTheLocalModel:
    def test_a_test_reply_is_labelled_local_model_and_not_billed(self, api_url: str) -> None:
        kwame = next(c for c in as_user("teacher@example.com", api_url).list_clients() if c.name == "Kwame Mensah")
        at = sign_in(app("teacher_test"), "teacher@example.com")
        at = at.button(key=f"test_{kwame.id}").click().run()
        at = at.chat_input[0].set_value("Hello Kwame, what brings you in today?").run()
        assert_clean(at)
        shown = reply_text(at)
        assert "Local model" in shown and "Offline simulator" not in shown
        assert any("· not billed ·" in c.value for c in at.caption)
        assert metric(at, "Cost") == "Not billed"
        assert "offline simulator" not in texts(at).lower()

    def test_estimated_usage_is_marked_in_the_reply_caption(self, api_url: str,
                                                            local_fake: FakeOpenAIServer) -> None:
        local_fake.set_default(send_usage=False)
        kwame = next(c for c in as_user("teacher@example.com", api_url).list_clients() if c.name == "Kwame Mensah")
        at = sign_in(app("teacher_test"), "teacher@example.com")
        at = at.button(key=f"test_{kwame.id}").click().run()
        at = at.chat_input[0].set_value("How did you sleep?").run()
        assert_clean(at)
        caption = [c.value for c in at.caption if "not billed" in c.value][-1]  # the newest reply's
        assert caption.startswith("≈") and "tokens estimated" in caption

    def test_the_prompt_preview_says_not_billed(self, api_url: str) -> None:
        kwame = next(c for c in as_user("teacher@example.com", api_url).list_clients() if c.name == "Kwame Mensah")
        at = sign_in(app("teacher_test"), "teacher@example.com")
        at = at.button(key=f"preview_{kwame.id}").click().run()
        assert_clean(at)
        assert metric(at, "Prompt cost per reply") == "Not billed"
        assert any(caption.value == f"Model: **{MODEL}**" for caption in at.caption)


class TestStudentSeesWhoAnswered:
    def test_a_practice_reply_is_labelled_local_model(self, api_url: str) -> None:
        email = new_student(api_url)
        at = open_page(sign_in(app("student_practice"), email), "clients")  # past the assignments landing
        at = click(at, "Start conversation")
        at = at.chat_input[0].set_value("Hi, I'm Sam. What would you like to talk about?").run()
        assert_clean(at)
        assert "Local model" in reply_text(at)
        assert "offline simulator" not in texts(at).lower()

    def test_a_claude_reply_is_labelled_claude(self, api_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
        email = new_student(api_url)
        student = as_user(email, api_url, STUDENT_PASSWORD)
        session = student.start_session(student.list_client_cards()[0].id)

        def claude(self: ApiClient, session_id: int, content: str, key: str | None = None) -> Iterator[StreamEvent]:
            said = Message(id=1, session_id=session_id, sequence=1, role="user", content=content)
            reply = Message(id=2, session_id=session_id, sequence=2, role="assistant", content="Fine, I guess.",
                            provider="anthropic")
            yield StudentMessageStored(said)
            yield ReplyDelta("Fine, I guess.")
            yield ReplyDone(Turn(message=said, reply=reply, provider="anthropic", session=session))

        monkeypatch.setattr(ApiClient, "stream_message", claude)
        at = open_page(sign_in(app("student_practice"), email), "clients")  # past the assignments landing
        at = click(at, "Continue where you left off")
        at = at.chat_input[0].set_value("How are you?").run()
        assert_clean(at)
        assert "Claude" in reply_text(at) and "Local model" not in reply_text(at)


class TestAdminSeesTheProvider:
    def test_the_monitor_names_the_local_model_and_says_it_is_not_billed(self, api_url: str) -> None:
        email = new_student(api_url)
        student = as_user(email, api_url, STUDENT_PASSWORD)
        student.send_message(student.start_session(student.list_client_cards()[0].id).id, "Hello there")
        at = sign_in(app("admin_monitor"), "admin@example.com")
        assert_clean(at)
        shown = texts(at)
        assert f"Provider healthy: local model · {MODEL}" in shown
        assert "Local model, not billed: no price is configured" in shown and "VC_PRICING_JSON" in shown
        cost_today = next(m for m in at.metric if m.label == "Cost today")
        assert (cost_today.value, cost_today.delta) == ("$0.00", "not billed")
        assert "Offline mode" not in shown
        models = next(t.value for t in at.table if "Model" in t.value)
        assert models.set_index("Model").loc[MODEL, "Cost"] == "not billed (local)"
        live = next(t.value for t in at.table if "Who" in t.value)
        assert set(live["Cost"]) == {"not billed"}

