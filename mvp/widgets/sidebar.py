"""The sidebar's account box: who is signed in, the sign-out button and the password form."""

from __future__ import annotations

import streamlit as st

from mvp import state
from mvp.widgets import remembered_sign_in
from mvp.widgets.password_form import password_form


def sidebar_account() -> None:
    user = state.user.get()
    if user is None:
        return
    with st.sidebar:
        st.caption(f"Signed in as **{user.display_name}**  \n{user.email}")
        st.button("Sign out", icon=":material/logout:", on_click=remembered_sign_in.sign_out, args=(user.role,),
                  key=state.SIGN_OUT)
        with st.expander("Change password", icon=":material/key:"):
            password_form(app=user.role)
