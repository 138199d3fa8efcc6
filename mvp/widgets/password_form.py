"""Choosing a new password: from the sidebar at any time, and first of all after signing in with a temporary one."""

from __future__ import annotations

import streamlit as st

from mvp import state
from mvp.widgets import remembered_sign_in
from mvp.widgets.api_calls import api_call
from mvp.widgets.flash import flash

MIN_LENGTH = 10


def password_form(*, app: str, current_label: str = "Current password") -> None:
    """Change the password; the API ends every other sign-in and hands this tab a new token, kept as before."""
    with st.form("change_password", clear_on_submit=False):
        current = st.text_input(current_label, type="password", key=state.PASSWORD_CURRENT)
        new = st.text_input(f"New password (at least {MIN_LENGTH} characters)", type="password",
                            key=state.PASSWORD_NEW)
        again = st.text_input("New password again", type="password", key=state.PASSWORD_CONFIRM)
        submitted = st.form_submit_button("Change password", type="primary", key=state.PASSWORD_SUBMIT)
    if not submitted:
        return
    if not current or len(new) < MIN_LENGTH:
        st.warning(f"Enter your current password and a new one of at least {MIN_LENGTH} characters.")
        return
    if new != again:
        st.warning("The two new passwords differ: type the same one twice.")
        return
    result = api_call(state.api().change_password, current, new)
    if result is None:
        return
    state.user.set(result.user)
    remembered_sign_in.remember(app, result)
    state.reset_widgets((state.PASSWORD_CURRENT, state.PASSWORD_NEW, state.PASSWORD_CONFIRM))
    flash("Your password is changed. Every other device you were signed in on has been signed out.")
    st.rerun()


def choose_password_screen(*, app: str) -> None:
    """After a sign-in with a temporary password: nothing else opens until the person picks their own."""
    st.title("Choose your password", anchor=False)
    st.caption("You signed in with a temporary password from your teacher. Choose your own to continue; the "
               "temporary one stops working.")
    left, _ = st.columns([2, 3])
    with left:
        password_form(app=app, current_label="Temporary password")
