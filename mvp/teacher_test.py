"""Teacher app: write and test simulated clients, run sections with assignments, review and release feedback."""

from __future__ import annotations

import streamlit as st

from mvp.navigation import require_sign_in, run_pages, setup_page
from mvp.screens.teacher.averages import averages_page
from mvp.screens.teacher.checks import checks_page
from mvp.screens.teacher.clients import clients_page
from mvp.screens.teacher.editor import editor_page
from mvp.screens.teacher.history import history_page
from mvp.screens.teacher.preview import preview_page
from mvp.screens.teacher.review import review_page
from mvp.screens.teacher.rubrics import rubrics_page
from mvp.screens.teacher.sections import sections_page
from mvp.screens.teacher.students import students_page
from mvp.screens.teacher.test_chat import test_chat_page

setup_page("Teacher", ":material/school:")
pages = {
    "clients": st.Page(clients_page, title="My clients", icon=":material/groups:", url_path="clients", default=True),
    "editor": st.Page(editor_page, title="Client editor", icon=":material/edit:", url_path="editor"),
    "preview": st.Page(preview_page, title="Prompt preview", icon=":material/description:", url_path="preview"),
    "checks": st.Page(checks_page, title="Check a client", icon=":material/fact_check:", url_path="check"),
    "test": st.Page(test_chat_page, title="Test conversation", icon=":material/chat:", url_path="test"),
    "history": st.Page(history_page, title="Conversations", icon=":material/history:", url_path="conversations"),
    "sections": st.Page(sections_page, title="Sections", icon=":material/school:", url_path="sections"),
    "review": st.Page(review_page, title="Review queue", icon=":material/grading:", url_path="review"),
    "averages": st.Page(averages_page, title="Class averages", icon=":material/bar_chart:", url_path="averages"),
    "rubrics": st.Page(rubrics_page, title="Rubrics", icon=":material/checklist:", url_path="rubrics"),
    "students": st.Page(students_page, title="Students", icon=":material/person_add:", url_path="students"),
}
require_sign_in(role="teacher", title="Virtual Client · Teacher",
               intro="Write simulated clients for your students to interview, test them yourself, and review "
                     "your students' practice conversations.", pages=pages)
run_pages(pages, {"Clients": list(pages.values())[:5], "Classroom": list(pages.values())[5:]})
