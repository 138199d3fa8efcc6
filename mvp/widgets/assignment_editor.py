"""Changing or deleting one of a section's assignments: the same fields as giving one, filled in, and a delete
that asks first."""

from __future__ import annotations

from datetime import datetime, tzinfo

import streamlit as st

from mvp import state
from mvp.client.course_models import Assignment
from mvp.client.models import Client
from mvp.logic.assignments import assignment_problems, changes_from
from mvp.widgets.api_calls import api_call, api_succeeded
from mvp.widgets.assignment_fields import assignment_fields
from mvp.widgets.assignment_form import rubric_choices
from mvp.widgets.choices import pick
from mvp.widgets.confirm import confirm_row
from mvp.widgets.flash import flash


def edit_keys(assignment_id: int) -> tuple[str, ...]:
    """The edit form's widget keys: the new-assignment form's, per assignment (so each starts from its own values)."""
    return tuple(f"edit_{assignment_id}_{key}" for key in state.ASSIGNMENT_FORM_FIELDS)


def _save(given: Assignment, clients: list[Client], zone: tzinfo, zone_name: str) -> None:
    rubrics, default_rubric = rubric_choices()
    if not rubrics:
        return
    with st.form(f"edit_assignment_{given.id}"):
        body = assignment_fields(edit_keys(given.id), clients, rubrics, zone, zone_name, given=given,
                                 default_rubric=default_rubric)
        if not st.form_submit_button("Save changes", type="primary", icon=":material/save:"):
            return
    changes = changes_from(given, body, default_rubric_id=default_rubric)
    if not changes:
        st.info("Nothing changed.")
        return
    problems = assignment_problems(body, now=datetime.now(zone), zone=zone, due_changed="due_at" in changes)
    if problems:
        st.error("Not saved yet:\n\n" + "\n".join(f"- {problem}" for problem in problems), icon=":material/error:")
        return
    saved = api_call(state.api().update_assignment, given.id, changes)
    if saved is None:
        return
    state.reset_widgets(edit_keys(given.id))
    flash(f"Saved “{saved.title}”.")
    st.rerun()


def _delete(given: Assignment) -> None:
    if state.confirm_delete_assignment.get() != given.id:
        if st.button("Delete assignment", icon=":material/delete:", key=f"delete_assignment_{given.id}"):
            state.confirm_delete_assignment.set(given.id)
            st.rerun()
        return
    confirm_row(state.confirm_delete_assignment,
                f"Delete **{given.title}**? Students no longer see it, and it leaves the progress grid and the "
                "gradebook. Conversations already held for it stay readable.",
                yes="Yes, delete", key=f"delete_assignment_{given.id}", done=f"Deleted “{given.title}”.",
                act=lambda: api_succeeded(state.api().delete_assignment, given.id))


def assignment_editor(given: list[Assignment], clients: list[Client], zone: tzinfo, zone_name: str) -> None:
    """Pick one of the section's assignments, then change it or delete it."""
    chosen = pick("Assignment to change", {a.id: a.title for a in given}, state.assignment_choice)
    assignment = next((a for a in given if a.id == chosen), None)
    if assignment is None:
        return
    _save(assignment, clients, zone, zone_name)
    _delete(assignment)
