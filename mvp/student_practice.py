"""Student app: practise interviews with published simulated clients and reread past transcripts."""

from __future__ import annotations

import sys
from pathlib import Path

import streamlit as st

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # `streamlit run mvp/...` puts only mvp/ on the path

from mvp.student_pages import clients_page, conversation_page, history_page
from mvp.ui_common import current_user, register_pages, setup_page, sidebar_account, sign_in_screen


def sign_in() -> None:
    sign_in_screen(role="student", title="Virtual Client · Practice",
                   intro="Practise interviewing simulated clients before you meet real ones. Sign in with the "
                         "account your teacher gave you.")


setup_page("Practice", ":material/forum:")
user = current_user()
if user is None:
    st.navigation([st.Page(sign_in, title="Sign in", icon=":material/login:")], position="hidden").run()
    st.stop()

pages = {
    "clients": st.Page(clients_page, title="Practice clients", icon=":material/groups:", url_path="clients",
                       default=True),
    "conversation": st.Page(conversation_page, title="Conversation", icon=":material/forum:",
                            url_path="conversation"),
    "history": st.Page(history_page, title="My transcripts", icon=":material/history:", url_path="transcripts"),
}
register_pages(pages)
navigation = st.navigation(list(pages.values()))
sidebar_account(user)
navigation.run()
