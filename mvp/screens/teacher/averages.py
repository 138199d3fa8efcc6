"""Teacher: averages per criterion and per MITI metric, over every evaluated conversation and per client."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from mvp import state
from mvp.logic.review import average_rows, metric_text
from mvp.widgets.api_calls import api_call, has_items
from mvp.widgets.chart_text import chart_alternative


def averages_page() -> None:
    st.title("Class averages", anchor=False)
    st.caption("Final scores (your overrides included) and MITI metrics, averaged over the evaluated conversations "
               "with your clients: where the class is strong, and what to teach next.")
    groups = api_call(state.api().evaluation_averages)
    if not has_items([g for g in groups or [] if g.evaluations],
                     empty="No evaluated conversations yet. Evaluations appear once students end conversations "
                           "and open their feedback (or you evaluate them from the review queue)."):
        return
    assert groups is not None
    overall = groups[0]
    cols = st.columns(4)
    cols[0].metric("Conversations evaluated", overall.evaluations, border=True)
    cols[1].metric("Average total", "—" if overall.total_score is None else f"{overall.total_score:.1f} / 100",
                   border=True)
    ratio, open_share = overall.metrics.get("reflection_to_question_ratio"), overall.metrics.get(
        "percent_open_questions")
    cols[2].metric("Reflections per question", metric_text("reflection_to_question_ratio", ratio), border=True,
                   help="MITI: fair 1, good 2")
    cols[3].metric("Open questions", metric_text("percent_open_questions", open_share), border=True,
                   help="MITI: fair 50 %, good 70 %")
    criteria, metrics = average_rows(groups)
    st.subheader("Rubric criteria", anchor=False)
    st.dataframe(pd.DataFrame(criteria), hide_index=True)
    chart = pd.DataFrame([{"Criterion": item.title, "Group": group.label, "Share of top level":
                           item.average / item.max_score if item.max_score else 0}
                          for group in groups[1:] for item in group.criteria if item.average is not None])
    if not chart.empty:
        st.bar_chart(chart, x="Criterion", y="Share of top level", color="Group", stack=False, horizontal=True,
                     height=60 + 40 * len(chart))
        table = chart.pivot_table(index="Criterion", columns="Group", values="Share of top level", sort=False)
        chart_alternative("each criterion's average as a share of its top level, one bar per client; the table "
                          "below gives the same numbers as percentages.",
                          table.map(lambda share: "—" if pd.isna(share) else f"{share * 100:.0f} %"))
    st.subheader("MITI metrics", anchor=False)
    st.dataframe(pd.DataFrame(metrics), hide_index=True)
