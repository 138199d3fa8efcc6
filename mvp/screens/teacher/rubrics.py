"""Teacher: the rubrics conversations are scored on (the shared default and their own), and writing a new one."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from mvp import state
from mvp.client.feedback_models import Rubric
from mvp.logic.rubrics import LEVEL_COLUMNS, rubric_body, rubric_rows
from mvp.widgets.api_calls import api_call, api_succeeded
from mvp.widgets.flash import flash, show_flash


def _shown(rubric: Rubric, mine: bool) -> None:
    label = rubric.title + (" · default" if rubric.is_default else "")
    with st.expander(label, expanded=False):
        if rubric.description:
            st.caption(rubric.description)
        st.dataframe(pd.DataFrame(rubric_rows(rubric)), hide_index=True)
        deleting = mine and st.button("Delete this rubric", key=f"delete_rubric_{rubric.id}",
                                      icon=":material/delete:",
                                      help="Only a rubric no assignment or evaluation uses can be deleted.")
        if deleting and api_succeeded(state.api().delete_rubric, rubric.id):
            flash(f"Deleted the rubric “{rubric.title}”.")
            st.rerun()


def _new_rubric(start: Rubric | None) -> None:
    with st.form("new_rubric"):
        st.markdown("#### New rubric")
        st.caption("Start from the default and change what you need: one row per criterion, weights in percent "
                   "adding up to 100, and what each level (1 to 4) looks like. Empty levels are left out.")
        title = st.text_input("Title", placeholder="Week 3: reflective listening", key=state.RUBRIC_TITLE)
        description = st.text_input("Description (optional)", key=state.RUBRIC_DESCRIPTION)
        rows = st.data_editor(pd.DataFrame(rubric_rows(start)), num_rows="dynamic", hide_index=True,
                              key=state.RUBRIC_ROWS, column_config={
                                  "Weight (%)": st.column_config.NumberColumn(min_value=0, max_value=100, step=1),
                                  **{column: st.column_config.TextColumn(width="medium") for column in LEVEL_COLUMNS},
                              })
        if not st.form_submit_button("Create rubric", type="primary", icon=":material/add:"):
            return
    if not title.strip():
        st.error("Give the rubric a title.")
        return
    made = api_call(state.api().create_rubric, rubric_body(title, description, rows.to_dict("records")))
    if made is not None:
        state.reset_widgets((state.RUBRIC_TITLE, state.RUBRIC_DESCRIPTION, state.RUBRIC_ROWS))
        flash(f"Created the rubric “{made.title}”; choose it when you give an assignment.")
        st.rerun()


def rubrics_page() -> None:
    st.title("Rubrics", anchor=False)
    st.caption("What submitted conversations are scored on. Free practice and assignments without a rubric of "
               "their own use the default; choose another when you give an assignment.")
    show_flash()
    rubrics = api_call(state.api().list_rubrics)
    if rubrics is None:
        return
    me = state.user.get()
    for rubric in rubrics:
        _shown(rubric, mine=me is not None and rubric.owner_id == me.id)
    _new_rubric(next((r for r in rubrics if r.is_default), None))
