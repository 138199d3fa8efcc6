"""The sidebar's account box: who is signed in, and the sign-out button."""

from __future__ import annotations

import streamlit as st

from mvp import state
from mvp.widgets import remembered_sign_in


def sidebar_account() -> None:
    user = state.user.get()
    if user is None:
        return
    with st.sidebar:
        st.caption(f"Signed in as **{user.display_name}**  \n{user.email}")
        st.button("Sign out", icon=":material/logout:", on_click=remembered_sign_in.sign_out, args=(user.role,),
                  key=state.SIGN_OUT)
