"""The teacher's form to give a section an assignment; checked before sending, and blank again once it is given."""

from __future__ import annotations

from datetime import datetime, tzinfo

import streamlit as st

from mvp import state
from mvp.client.course_models import Section
from mvp.client.models import Client
from mvp.logic.assignments import assignment_problems
from mvp.widgets.api_calls import api_call
from mvp.widgets.assignment_fields import assignment_fields
from mvp.widgets.flash import flash


def rubric_choices() -> tuple[dict[int, str], int | None]:
    """The rubrics a teacher can score on (id -> label, the default marked), and the default's id."""
    rubrics = api_call(state.api().list_rubrics) or []
    labels = {rubric.id: rubric.title + (" (default)" if rubric.is_default else "") for rubric in rubrics}
    return labels, next((rubric.id for rubric in rubrics if rubric.is_default), None)


def assignment_form(section: Section, clients: list[Client], zone: tzinfo, zone_name: str) -> None:
    if not clients:
        st.info("Write a client first (My clients → New client): an assignment gives one of your clients to the "
                "section. Drafts are fine: students reach an assigned client only through the assignment.")
        return
    rubrics, default_rubric = rubric_choices()
    if not rubrics:
        return
    keys = state.assignment_form_round.keys(state.ASSIGNMENT_FORM_FIELDS)
    with st.form(f"assign_{section.id}"):
        st.markdown("#### Give an assignment")
        body = assignment_fields(keys, clients, rubrics, zone, zone_name, default_rubric=default_rubric)
        if not st.form_submit_button("Assign", type="primary", icon=":material/assignment_add:"):
            return
    problems = assignment_problems(body, now=datetime.now(zone), zone=zone)
    if problems:
        st.error("Not assigned yet:\n\n" + "\n".join(f"- {problem}" for problem in problems), icon=":material/error:")
        return
    made = api_call(state.api().create_assignment, section.id, body)
    if made is None:
        return
    state.assignment_form_round.advance(state.ASSIGNMENT_FORM_FIELDS)  # blank again: no duplicate one click away
    client = next(c for c in clients if c.id == body["client_id"])
    flash(f"Assigned {client.name} to {section.name} as “{made.title}”.")
    st.rerun()
