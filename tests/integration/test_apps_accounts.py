"""The apps' side of issue 20 (AppTest against a real API): signing out ends the token on the server, a password
is changed from the sidebar, and a message is shown as the text it is, never as Markdown or HTML."""

from __future__ import annotations

import re

import httpx

from mvp import state
from tests.support.apptest import STUDENT_PASSWORD, app, as_user, assert_clean, new_student, open_page, sign_in

HOSTILE = "![tracker](http://evil.example/pixel.png) <img src=x onerror=alert(1)> **shout**"


def token_of(at) -> str:  # type: ignore[no-untyped-def]
    return at.session_state[state.api_client.key].token


def test_sign_out_ends_the_token_on_the_server(api_url: str) -> None:
    email = new_student(api_url)
    at = sign_in(app("student_practice"), email)
    assert_clean(at)
    token = token_of(at)
    me = f"{api_url}/api/v1/auth/me"
    assert httpx.get(me, headers={"Authorization": f"Bearer {token}"}).status_code == 200
    at = at.sidebar.button(key=state.SIGN_OUT).click().run()
    assert "Sign in" in [s.value for s in at.subheader]
    assert httpx.get(me, headers={"Authorization": f"Bearer {token}"}).status_code == 401


def test_a_password_is_changed_from_the_sidebar_and_the_old_one_stops_working(api_url: str) -> None:
    email = new_student(api_url)
    at = sign_in(app("student_practice"), email)
    at.sidebar.text_input(key=state.PASSWORD_CURRENT).set_value(STUDENT_PASSWORD)
    at.sidebar.text_input(key=state.PASSWORD_NEW).set_value("a-fresh-password-9")
    at.sidebar.text_input(key=state.PASSWORD_CONFIRM).set_value("a-fresh-password-9")
    at = at.sidebar.button(key=state.PASSWORD_SUBMIT).click().run()
    assert_clean(at)
    assert any("password is changed" in s.value for s in at.success)
    assert at.title[0].value == "My assignments", "this tab carries on with its new token"
    login = f"{api_url}/api/v1/auth/login"
    assert httpx.post(login, json={"email": email, "password": STUDENT_PASSWORD}).status_code == 401
    assert httpx.post(login, json={"email": email, "password": "a-fresh-password-9"}).status_code == 200


def test_a_message_is_shown_as_text_never_as_markdown(api_url: str) -> None:
    email = new_student(api_url)
    card = as_user(email, api_url, STUDENT_PASSWORD).list_client_cards()[0]
    at = open_page(sign_in(app("student_practice"), email), "clients")
    at = at.button(key=f"start_{card.id}").click().run()
    at = at.chat_input[0].set_value(HOSTILE).run()
    assert_clean(at)
    shown = at.chat_message[0].markdown[0].value
    assert not re.search(r"(?<!\\)[!\[<>*]", shown), f"an unescaped Markdown character in {shown!r}"
    assert shown.replace("\\", "") == HOSTILE, "every character is there, escaped"
