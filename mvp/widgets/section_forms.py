"""The teacher's section forms: a new section, and enrolling students by pasted emails or a CSV, with the outcome
for each address (and the temporary passwords of accounts just created, shown this once)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from mvp import state
from mvp.client.course_models import EnrollmentResult, InvalidEntry, Section
from mvp.logic.courses import (
    MAX_ENROLL_BATCH,
    NOT_AN_ADDRESS,
    RosterError,
    emails_from,
    pasted_non_addresses,
    too_many_to_enroll,
)
from mvp.widgets.api_calls import api_call
from mvp.widgets.flash import flash


def new_section_form() -> None:
    name_key, code_key, term_key, description_key = state.section_form_round.keys(state.SECTION_FORM_FIELDS)
    with st.form("new_section"):
        cols = st.columns([3, 1, 1])
        name = cols[0].text_input("Section name", placeholder="SWK 501 — Interviewing Skills", key=name_key)
        code = cols[1].text_input("Course code", placeholder="SWK 501", key=code_key)
        term = cols[2].text_input("Term", placeholder="Spring 2027", key=term_key)
        description = st.text_area("Description (optional)", key=description_key, height=80)
        if not st.form_submit_button("Create section", type="primary", icon=":material/add:"):
            return
    if not name.strip():
        st.error("Give the section a name.")
        return
    section = api_call(state.api().create_section, name=name.strip(), course_code=code.strip(), term=term.strip(),
                       description=description.strip())
    if section is None:
        return
    state.section_choice.set(section.id)
    state.section_form_round.advance(state.SECTION_FORM_FIELDS)
    state.section_tab.set("Students")  # the next step: enroll students
    flash(f"Created {section.name}. Next: enroll your students and give them an assignment.")
    st.rerun()


def enroll_form(section: Section) -> None:
    """The form, and below it (once, after the rerun that refreshes the counts) what the last enrollment did."""
    shown = state.enrollment_outcome.pop()
    with st.form(f"enroll_{section.id}"):
        st.markdown("#### Enroll students")
        emails_key, file_key = state.enroll_form_round.keys([state.ENROLL_EMAILS, state.ENROLL_FILE])
        text = st.text_area("Email addresses", key=emails_key, height=120,
                            placeholder="one per line, or separated by commas:\nana.flores@uni.edu\ndiego@uni.edu",
                            help=f"Names in the form 'Ana Flores <ana@uni.edu>' work too. At most {MAX_ENROLL_BATCH} "
                                 "addresses at once.")
        upload = st.file_uploader("…or upload a CSV (a roster export from your LMS works: every column with an "
                                  "email is read)", type=["csv", "txt"], key=file_key)
        create = st.checkbox("Create accounts for addresses that have none", value=True, key=state.ENROLL_CREATE,
                             help="New students get a temporary password, shown once below.")
        sent = st.form_submit_button("Enroll", type="primary", icon=":material/group_add:", key=state.ENROLL_SUBMIT)
    if shown is not None:
        enrollment_outcome(shown)
    if not sent:
        return
    try:
        emails = emails_from(text, upload.getvalue() if upload is not None else None)
    except RosterError as error:
        st.error(str(error), icon=":material/error:")
        return
    strays = pasted_non_addresses(text)
    if not emails:
        listed = f" (not addresses: {', '.join(strays)})" if strays else ""
        st.error(f"No email addresses found{listed}: paste them one per line, or upload a CSV that contains them.")
        return
    if (refusal := too_many_to_enroll(emails)) is not None:
        st.error(refusal, icon=":material/error:")
        return
    outcome = api_call(state.api().enroll, section.id, emails, create_missing=create)
    if outcome is not None:
        outcome.invalid += [InvalidEntry(email=stray, reason=NOT_AN_ADDRESS) for stray in strays]
        state.enrollment_outcome.set(outcome)
        state.enroll_form_round.advance([state.ENROLL_EMAILS, state.ENROLL_FILE])
        st.rerun()


def enrollment_outcome(outcome: EnrollmentResult) -> None:
    """What happened to each address; new accounts' passwords are shown here once and never again."""
    if outcome.enrolled:
        st.success(f"Enrolled {len(outcome.enrolled)}: " + ", ".join(s.display_name for s in outcome.enrolled),
                   icon=":material/check_circle:")
    if outcome.already_enrolled:
        st.info("Already enrolled: " + ", ".join(s.display_name for s in outcome.already_enrolled))
    if outcome.invited:
        st.info(f"Invited {len(outcome.invited)} (they study with another teacher, so they join once they accept): "
                + ", ".join(s.display_name for s in outcome.invited), icon=":material/mail:")
    if outcome.created:
        st.warning("New accounts were created. Copy these temporary passwords now and give them to the students: "
                   "they are shown only this once.", icon=":material/key:")
        st.dataframe(pd.DataFrame([{"Name": c.display_name, "Email": c.email,
                                    "Temporary password": c.temporary_password} for c in outcome.created]),
                     hide_index=True, key=state.CREATED_ACCOUNTS)
    if outcome.invalid:
        st.error(f"{len(outcome.invalid)} address{'es were' if len(outcome.invalid) != 1 else ' was'} not enrolled:",
                 icon=":material/error:")
        st.dataframe(pd.DataFrame([{"Address": i.email, "Why": i.reason} for i in outcome.invalid]),
                     hide_index=True, key=state.INVALID_ADDRESSES)
