"""The frame every app runs in: page settings, the sign-in gate, the page list, and opening one page from another."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Literal

import streamlit as st
from streamlit.navigation.page import StreamlitPage

from mvp import state
from mvp.client.models import User
from mvp.widgets.sidebar import sidebar_account
from mvp.widgets.sign_in import sign_in_screen

# The names pages use to open each other (the keys of an app's page table).
PageName = Literal["clients", "editor", "preview", "test", "history", "students", "sections", "conversation",
                   "assignments"]


def setup_page(title: str, icon: str) -> None:
    st.set_page_config(page_title=f"{title} · Virtual Client", page_icon=icon, layout="wide")


def require_sign_in(*, role: str, title: str, intro: str) -> User:
    """The sign-in gate: the signed-in user, or (nobody signed in) the sign-in page and the end of this run."""
    user = state.user.get()
    if user is None:
        def sign_in() -> None:  # the page's URL path comes from this name
            sign_in_screen(role=role, title=title, intro=intro)

        st.navigation([st.Page(sign_in, title="Sign in", icon=":material/login:")], position="hidden").run()
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
