"""A section's LMS side, under its progress grid: the roster from the LMS, and each score on its way there."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from mvp import state
from mvp.client.course_models import SectionProgress
from mvp.client.lti import ScoreSend
from mvp.widgets.api_calls import api_call, api_succeeded
from mvp.widgets.flash import flash


def _resend(section_id: int, sends: list[ScoreSend], names: dict[int, str], titles: dict[int, str]) -> None:
    unsent = {s.id: f"{names.get(s.student_id, s.student_id)} · {titles.get(s.assignment_id, s.assignment_id)}"
              for s in sends if s.status != "sent"}
    if not unsent:
        return
    cols = st.columns([3, 1], vertical_alignment="bottom")
    chosen = cols[0].selectbox("Send a score again", list(unsent), format_func=unsent.__getitem__,
                               key=f"{state.LMS_RESEND_CHOICE}_{section_id}")
    if cols[1].button("Resend", key=f"{state.LMS_RESEND}_{section_id}", icon=":material/send:") and \
            api_succeeded(state.api().resend_score, chosen):
        flash(f"The score of {unsent[chosen]} is on its way to the LMS again.")
        st.rerun()


def lms_panel(section_id: int, progress: SectionProgress, sends: list[ScoreSend]) -> None:
    with st.expander("LMS: roster and grades", expanded=bool(sends)):
        if st.button("Sync roster from the LMS", key=f"{state.LMS_ROSTER_SYNC}_{section_id}",
                     icon=":material/sync:", help="Enroll the LMS course's learners; those who left are removed "
                                                  "here (their work is kept)."):
            result = api_call(state.api().roster_sync, section_id)
            if result is not None:
                flash(f"Roster synced: {result.added} added, {result.already} already enrolled, {result.removed} "
                      f"removed, {result.skipped} skipped (not learners).")
                st.rerun()
        if not sends:
            st.caption("No scores have gone to the LMS yet: they are sent when an attempt's score becomes final.")
            return
        names = {s.id: s.display_name for s in progress.students}
        titles = {a.id: a.title for a in progress.assignments}
        st.dataframe(pd.DataFrame([{"Student": names.get(s.student_id, str(s.student_id)),
                                    "Assignment": titles.get(s.assignment_id, str(s.assignment_id)),
                                    "Score": f"{s.score:g}", "At the LMS": s.label} for s in sends]),
                     hide_index=True)
        _resend(section_id, sends, names, titles)
