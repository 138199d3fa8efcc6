"""Teacher app: write and test simulated clients, run sections with assignments, read and rate conversations."""

from __future__ import annotations

import streamlit as st

from mvp.navigation import require_sign_in, run_pages, setup_page
from mvp.pages.teacher.clients import clients_page
from mvp.pages.teacher.editor import editor_page
from mvp.pages.teacher.history import history_page
from mvp.pages.teacher.preview import preview_page
from mvp.pages.teacher.sections import sections_page
from mvp.pages.teacher.students import students_page
from mvp.pages.teacher.test_chat import test_chat_page

setup_page("Teacher", ":material/school:")
require_sign_in(role="teacher", title="Virtual Client · Teacher",
               intro="Write simulated clients for your students to interview, test them yourself, and review "
                     "your students' practice conversations.")
pages = {
    "clients": st.Page(clients_page, title="My clients", icon=":material/groups:", url_path="clients", default=True),
    "editor": st.Page(editor_page, title="Client editor", icon=":material/edit:", url_path="editor"),
    "preview": st.Page(preview_page, title="Prompt preview", icon=":material/description:", url_path="preview"),
    "test": st.Page(test_chat_page, title="Test conversation", icon=":material/chat:", url_path="test"),
    "history": st.Page(history_page, title="Conversations", icon=":material/history:", url_path="conversations"),
    "sections": st.Page(sections_page, title="Sections", icon=":material/school:", url_path="sections"),
    "students": st.Page(students_page, title="Students", icon=":material/person_add:", url_path="students"),
}
run_pages(pages, {"Clients": list(pages.values())[:4], "Classroom": list(pages.values())[4:]})
