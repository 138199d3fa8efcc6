"""Student app: do assigned interviews, practise freely with published clients, reread transcripts, read feedback."""

from __future__ import annotations

import streamlit as st

from mvp.navigation import require_sign_in, run_pages, setup_page
from mvp.screens.student.assignments import assignments_page
from mvp.screens.student.clients import clients_page
from mvp.screens.student.conversation import conversation_page
from mvp.screens.student.feedback import feedback_page
from mvp.screens.student.progress import progress_page
from mvp.screens.student.transcripts import history_page

setup_page("Practice", ":material/forum:")
pages = {
    "assignments": st.Page(assignments_page, title="My assignments", icon=":material/assignment:",
                           url_path="assignments", default=True),
    "clients": st.Page(clients_page, title="Practice clients", icon=":material/groups:", url_path="clients"),
    "conversation": st.Page(conversation_page, title="Conversation", icon=":material/forum:",
                            url_path="conversation"),
    "history": st.Page(history_page, title="My transcripts", icon=":material/history:", url_path="transcripts"),
    "feedback": st.Page(feedback_page, title="Feedback", icon=":material/grading:", url_path="feedback"),
    "progress": st.Page(progress_page, title="My progress", icon=":material/trending_up:", url_path="progress"),
}
require_sign_in(role="student", title="Virtual Client · Practice",
               intro="Practise interviewing simulated clients before you meet real ones. Sign in with the "
                     "account your teacher gave you.", pages=pages)
run_pages(pages, list(pages.values()))
