"""The sidebar's account box: who is signed in, the sign-out button and which server the app talks to."""

from __future__ import annotations

import streamlit as st

from mvp import state


def sidebar_account() -> None:
    user = state.user.get()
    if user is None:
        return
    with st.sidebar:
        st.caption(f"Signed in as **{user.display_name}**  \n{user.email}")
        st.button("Sign out", icon=":material/logout:", on_click=state.clear_all, key=state.SIGN_OUT)
        st.caption(f"Server: {state.api().base_url}")
