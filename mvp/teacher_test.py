"""Teacher app: write and publish simulated clients, test them, read and rate conversations, add students."""

from __future__ import annotations

import sys
from pathlib import Path

import streamlit as st

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # `streamlit run mvp/...` puts only mvp/ on the path

from mvp.teacher_clients import clients_page, editor_page, preview_page
from mvp.teacher_sessions import history_page, students_page, test_chat_page
from mvp.ui_common import current_user, register_pages, setup_page, sidebar_account, sign_in_screen


def sign_in() -> None:
    sign_in_screen(role="teacher", title="Virtual Client · Teacher",
                   intro="Write simulated clients for your students to interview, test them yourself, and review "
                         "your students' practice conversations.")


setup_page("Teacher", ":material/school:")
user = current_user()
if user is None:
    st.navigation([st.Page(sign_in, title="Sign in", icon=":material/login:")], position="hidden").run()
    st.stop()

pages = {
    "clients": st.Page(clients_page, title="My clients", icon=":material/groups:", url_path="clients", default=True),
    "editor": st.Page(editor_page, title="Client editor", icon=":material/edit:", url_path="editor"),
    "preview": st.Page(preview_page, title="Prompt preview", icon=":material/description:", url_path="preview"),
    "test": st.Page(test_chat_page, title="Test conversation", icon=":material/chat:", url_path="test"),
    "history": st.Page(history_page, title="Conversations", icon=":material/history:", url_path="conversations"),
    "students": st.Page(students_page, title="Students", icon=":material/person_add:", url_path="students"),
}
register_pages(pages)
navigation = st.navigation({"Clients": list(pages.values())[:4], "Classroom": list(pages.values())[4:]})
sidebar_account(user)
navigation.run()
