"""The sign-in form every app opens with; it refuses politely when the account belongs in another app."""

from __future__ import annotations

import streamlit as st

from mvp import state
from mvp.widgets import remembered_sign_in
from mvp.widgets.api_calls import api_call

ROLE_AUDIENCE = {"teacher": "teachers", "student": "students", "admin": "administrators"}
ROLE_WITH_ARTICLE = {"teacher": "a teacher", "student": "a student", "admin": "an administrator"}


def sign_in_screen(*, role: str, title: str, intro: str) -> None:
    st.title(title, anchor=False)
    st.caption(intro)
    left, _ = st.columns([2, 3])
    with left, st.form("sign_in"):
        st.subheader("Sign in", anchor=False)
        email = st.text_input("Email", placeholder="you@school.edu", key=state.SIGN_IN_EMAIL, autocomplete="username")
        password = st.text_input("Password", type="password", key=state.SIGN_IN_PASSWORD,
                                 autocomplete="current-password")  # a sign-in, not a new password
        submitted = st.form_submit_button("Sign in", type="primary", width="stretch", key=state.SIGN_IN_SUBMIT)
    if not submitted:
        return
    if not email.strip() or not password:
        left.warning("Enter your email and password.")
        return
    with left:
        result = api_call(state.api().login, email.strip(), password)
    if result is None:
        return
    if result.user.role != role:
        state.api().token = None
        left.error(f"This app is for {ROLE_AUDIENCE[role]}; you signed in as {ROLE_WITH_ARTICLE[result.user.role]}. "
                   f"Please use the {result.user.role} app instead.")
        return
    state.user.set(result.user)
    state.signed_out.pop()
    remembered_sign_in.remember(role, result)
    st.rerun()
