"""Teacher: create student accounts and see the ones that exist."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from mvp import state
from mvp.logic.validation import MIN_PASSWORD, student_account_problems
from mvp.widgets.api_calls import api_call
from mvp.widgets.flash import flash, show_flash
from mvp.widgets.timezone import when_column


def _create_student(name: str, email: str, password: str) -> None:
    problems = student_account_problems(name, email, password)
    if problems:
        st.error(" ".join(problems))
        return
    user = api_call(state.api().create_user, email=email, display_name=name, password=password, role="student")
    if user is None:
        return
    flash(f"Created an account for {user.display_name} ({user.email}).")
    st.rerun()


def students_page() -> None:
    st.title("Students", anchor=False)
    st.caption("Create accounts for your students. They sign in to the student app with these details.")
    show_flash()
    with st.form("new_student", clear_on_submit=False):
        st.markdown("#### New student account")
        cols = st.columns(2)
        name = cols[0].text_input("Display name", placeholder="Alex Rivera")
        email = cols[1].text_input("Email", placeholder="alex@school.edu")
        password = st.text_input("Temporary password", type="password",
                                 help=f"At least {MIN_PASSWORD} characters. Share it with the student privately.")
        submitted = st.form_submit_button("Create student", type="primary", icon=":material/person_add:")
    if submitted:
        _create_student(name.strip(), email.strip(), password)
    users = api_call(state.api().list_users)
    if users is None:
        return
    students = [u for u in users if u.role == "student"]
    st.markdown("#### Student accounts")
    if not students:
        st.info("No students yet — create the first account above.")
        return
    st.dataframe(pd.DataFrame([{
        "Name": u.display_name, "Email": u.email, "Active": u.is_active, "Created": u.created_at,
    } for u in students]), hide_index=True, column_config={
        "Created": when_column(with_time=False),
    })
