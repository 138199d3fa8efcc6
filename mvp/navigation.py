"""The frame every app runs in: page settings, the sign-in gate, the page list, and opening one page from another."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Literal

import streamlit as st
from streamlit.navigation.page import StreamlitPage

from mvp import state
from mvp.client.models import User
from mvp.widgets import lti_sign_in, remembered_sign_in
from mvp.widgets.accessibility import accessible_page
from mvp.widgets.password_form import choose_password_screen
from mvp.widgets.sidebar import sidebar_account
from mvp.widgets.sign_in import sign_in_screen

# The names pages use to open each other (the keys of an app's page table).
PageName = Literal["clients", "editor", "preview", "checks", "test", "history", "students", "sections",
                   "conversation", "assignments", "feedback", "progress", "review", "averages"]


def setup_page(title: str, icon: str) -> None:
    st.set_page_config(page_title=f"{title} · Virtual Client", page_icon=icon, layout="wide")
    accessible_page()


def require_sign_in(*, role: str, title: str, intro: str, pages: Mapping[str, StreamlitPage]) -> User:
    """The sign-in gate: the signed-in user (kept across reloads), or the sign-in form and the end of this run.

    While nobody is signed in, every page's address shows the form, so a reload on a sub-page whose sign-in
    has expired asks to sign in and then lands back on that page instead of "Page not found".
    """
    user = lti_sign_in.from_launch(role) or state.user.get()
    if user is not None and not remembered_sign_in.still_valid(role):
        state.clear_all()  # signed out in another tab of this browser
        state.signed_out.set(True)
        user = None
    if user is None:
        user = remembered_sign_in.restore(role)
    if user is None:
        remembered_sign_in.drop_cookie_after_sign_out(role)

        def sign_in() -> None:
            sign_in_screen(role=role, title=title, intro=intro)

        gate = [st.Page(sign_in, title="Sign in", icon=":material/login:", default=True)]
        gate += [st.Page(sign_in, title="Sign in", url_path=page.url_path) for page in pages.values()
                 if page.url_path]
        st.navigation(gate, position="hidden").run()
        st.stop()
    remembered_sign_in.keep_cookie(role)
    if user.temporary_sign_in:
        st.navigation([st.Page(lambda: choose_password_screen(app=role), title="Choose your password",
                               icon=":material/key:", default=True)], position="hidden").run()
        st.stop()
    return user


def run_pages(pages: Mapping[str, StreamlitPage],
              layout: Sequence[StreamlitPage] | Mapping[str, Sequence[StreamlitPage]]) -> None:
    """Show the app's page list (`layout`: the pages, or sections of them) and account box, then the open page."""
    state.pages.set(dict(pages))
    navigation = st.navigation(layout)
    sidebar_account()
    navigation.run()


def open_page(name: PageName) -> None:
    """Open another page of this app (buttons such as 'Edit' or 'Test chat'); set what it should show first."""
    pages = state.pages.get() or {}
    st.switch_page(pages[name])
