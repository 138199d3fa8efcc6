"""A teacher's first week in the teacher app (AppTest against a real API, offline provider): the traps that lost
work or misled — the editor saving over the wrong client, assignments that could not be fixed, and the rest."""

from __future__ import annotations

import uuid

from tests.support.apptest import app, as_user, assert_clean, click, open_page, sign_in, texts


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
