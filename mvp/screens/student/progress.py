"""Student: My progress, the MITI metrics of each evaluated conversation over time."""

from __future__ import annotations

import altair as alt
import pandas as pd
import streamlit as st

from mvp import state
from mvp.logic.feedback import APPROXIMATE_NOTE, long_series, progress_rows
from mvp.navigation import open_page
from mvp.widgets.api_calls import api_call, has_items
from mvp.widgets.chart_text import chart_alternative, trend_summary
from mvp.widgets.timezone import when_column

PERCENT_SERIES = ["Open questions (%)", "Complex reflections (%)"]
RATIO_SERIES = ["Reflections per question"]


def _chart(rows: list[dict[str, object]], series: list[str], title: str, fair_good: list[float]) -> alt.LayerChart:
    """One line per metric with a point per conversation (a single conversation still shows), and the MITI
    fair and good levels as dashed rules."""
    points = pd.DataFrame(long_series(rows, series))
    legend = alt.Legend(orient="bottom")  # colour, point shape and dash all tell the metrics apart
    lines = alt.Chart(points).mark_line(point=alt.OverlayMarkDef(size=80)).encode(
        x=alt.X("#:O", title="Conversation", axis=alt.Axis(labelAngle=0)),
        y=alt.Y("Value:Q", title=title), color=alt.Color("Metric:N", legend=legend),
        shape=alt.Shape("Metric:N", legend=legend), strokeDash=alt.StrokeDash("Metric:N", legend=legend),
        tooltip=["#", "Client", "Metric", "Value"])
    rules = alt.Chart(pd.DataFrame({"level": fair_good})).mark_rule(strokeDash=[4, 4], color="gray").encode(y="level:Q")
    return alt.layer(rules, lines).properties(description=f"Line chart by conversation. {trend_summary(rows, series)}")


def progress_page() -> None:
    st.title("My progress", anchor=False)
    st.caption("How your interviewing changes from one conversation to the next. The dashed lines are MITI's "
               "bands: 50 % open questions and 40 % complex reflections are fair, 70 % and 50 % good; one "
               "reflection per question is fair, two good.")
    evaluations = api_call(state.api().list_evaluations, status="ready")
    if not has_items(evaluations, empty="Nothing to chart yet: end a conversation and open its feedback."):
        if st.button("See my transcripts"):
            open_page("history")
        return
    rows = progress_rows(evaluations)
    left, right = st.columns(2)
    with left:
        st.subheader("Questions and reflections", anchor=False)
        st.altair_chart(_chart(rows, PERCENT_SERIES, "%", [40, 50, 70]), width="stretch")
        chart_alternative(trend_summary(rows, PERCENT_SERIES))
    with right:
        st.subheader("Reflections per question", anchor=False)
        st.altair_chart(_chart(rows, RATIO_SERIES, "Reflections per question", [1, 2]), width="stretch")
        chart_alternative(trend_summary(rows, RATIO_SERIES))
    frame = pd.DataFrame(rows)
    if frame["Approximate"].any():
        st.caption(APPROXIMATE_NOTE)
    st.dataframe(frame, hide_index=True, column_config={
        "Conversation": when_column(),
        "Approximate": st.column_config.CheckboxColumn(help="Scored by rules rather than an AI reader"),
    })
