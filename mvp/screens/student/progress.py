"""Student: My progress, the MITI metrics of each evaluated conversation over time."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from mvp import state
from mvp.logic.feedback import APPROXIMATE_NOTE, progress_rows
from mvp.navigation import open_page
from mvp.widgets.api_calls import api_call, has_items

PERCENT_SERIES = ["Open questions (%)", "Complex reflections (%)"]


def progress_page() -> None:
    st.title("My progress", anchor=False)
    st.caption("How your interviewing changes from one conversation to the next. MITI counts 50 % open questions "
               "and 40 % complex reflections as fair, 70 % and 50 % as good; one reflection per question is fair, "
               "two is good.")
    evaluations = api_call(state.api().list_evaluations, status="ready")
    if not has_items(evaluations, empty="Nothing to chart yet: end a conversation and open its feedback."):
        if st.button("See my transcripts"):
            open_page("history")
        return
    frame = pd.DataFrame(progress_rows(evaluations))
    frame["When"] = pd.to_datetime(frame["Conversation"], utc=True)
    left, right = st.columns(2)
    with left:
        st.subheader("Questions and reflections", anchor=False)
        st.line_chart(frame, x="When", y=PERCENT_SERIES, y_label="%", x_label="Conversation", height=280)
    with right:
        st.subheader("Reflections per question", anchor=False)
        st.line_chart(frame, x="When", y="Reflections per question", x_label="Conversation", height=280)
    if frame["Approximate"].any():
        st.caption(APPROXIMATE_NOTE)
    st.dataframe(frame.drop(columns=["When"]), hide_index=True, column_config={
        "Conversation": st.column_config.DatetimeColumn(format="D MMM YYYY, HH:mm"),
        "Approximate": st.column_config.CheckboxColumn(help="Scored by rules rather than an AI reader"),
    })
