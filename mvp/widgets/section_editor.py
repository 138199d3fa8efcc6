"""Changing a section's name, code, term and description, or deleting the section (after a confirmation)."""

from __future__ import annotations

import streamlit as st

from mvp import state
from mvp.client.course_models import Section
from mvp.widgets.api_calls import api_call, api_succeeded
from mvp.widgets.confirm import confirm_row
from mvp.widgets.flash import flash


def _edit(section: Section) -> None:
    with st.form(f"edit_section_{section.id}"):
        cols = st.columns([3, 1, 1])
        name = cols[0].text_input("Section name", section.name, key=f"edit_section_{section.id}_name")
        code = cols[1].text_input("Course code", section.course_code, key=f"edit_section_{section.id}_code")
        term = cols[2].text_input("Term", section.term, key=f"edit_section_{section.id}_term")
        description = st.text_area("Description (optional)", section.description, height=80,
                                   key=f"edit_section_{section.id}_description")
        if not st.form_submit_button("Save section", type="primary", icon=":material/save:"):
            return
    if not name.strip():
        st.error("Give the section a name.")
        return
    wanted = {"name": name.strip(), "course_code": code.strip(), "term": term.strip(),
              "description": description.strip()}
    changes = {field: value for field, value in wanted.items() if value != getattr(section, field)}
    if not changes:
        st.info("Nothing changed.")
        return
    saved = api_call(state.api().update_section, section.id, changes)
    if saved is not None:
        flash(f"Saved {saved.name}.")
        st.rerun()


def _delete(section: Section) -> None:
    if state.confirm_delete_section.get() != section.id:
        if st.button("Delete section", icon=":material/delete:", key=f"delete_section_{section.id}"):
            state.confirm_delete_section.set(section.id)
            st.rerun()
        return
    def archive() -> bool:
        if not api_succeeded(state.api().archive_section, section.id):
            return False
        state.section_choice.set(None)
        return True

    confirm_row(state.confirm_delete_section,
                f"Delete **{section.name}**? It leaves your sections and your students' assignment lists. "
                "Conversations already held stay readable.",
                yes="Yes, delete", key=f"delete_section_{section.id}", done=f"Deleted {section.name}.", act=archive)


def section_editor(section: Section) -> None:
    with st.expander("Edit or delete this section", icon=":material/edit:",
                     expanded=state.confirm_delete_section.get() == section.id):
        _edit(section)
        _delete(section)
