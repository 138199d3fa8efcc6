"""Student: feedback on a finished conversation, from their own words: metrics, coded lines, a next step, scores."""

from __future__ import annotations

import streamlit as st

from mvp import state
from mvp.client.models import Session
from mvp.logic.feedback import student_line_numbers, wait_for_evaluation
from mvp.navigation import open_page
from mvp.widgets.api_calls import api_call, has_items
from mvp.widgets.avatars import Speakers
from mvp.widgets.choices import pick
from mvp.widgets.feedback_view import (
    coded_transcript,
    evaluation_notices,
    hidden_facts_panel,
    metric_panel,
    next_step_panel,
    scores_panel,
    strengths_panel,
)
from mvp.widgets.flash import show_flash
from mvp.widgets.formatting import local_time, transcript_label
from mvp.widgets.timezone import viewer_zone


def _chosen(sessions: list[Session]) -> Session | None:
    by_id = {s.id: s for s in sessions}
    zone = viewer_zone()
    chosen_id = pick("Conversation", {s.id: transcript_label(s, zone) for s in sessions}, state.feedback_choice)
    return None if chosen_id is None else by_id[chosen_id]


def feedback_page() -> None:
    st.title("Feedback", anchor=False)
    st.caption("What you did in a conversation, in your own words: how your lines were coded, where you stand "
               "against the MITI bands, and one thing to try next time.")
    show_flash()
    sessions = api_call(state.api().list_sessions, status="ended", limit=500)
    if not has_items(sessions, empty="Feedback appears here once you end a conversation. Start one from "
                                     "**Practice clients**."):
        if st.button("Choose a client", type="primary"):
            open_page("clients")
        return
    session = _chosen(sessions)
    if session is None:
        return
    with st.spinner("Reading your conversation…"):
        evaluation = api_call(wait_for_evaluation, state.api(), session.id)
    messages = api_call(state.api().list_messages, session.id)
    if evaluation is None or messages is None:
        return
    st.subheader(f"Your conversation with {session.client_name}", anchor=False)
    st.caption(f"Ended {local_time(session.ended_at, viewer_zone())} · {len(evaluation.utterances)} of your "
               "messages coded with MITI 4.2.1")
    if not evaluation.ready:
        st.info("Your feedback is still being prepared. Reload in a moment.", icon=":material/hourglass_top:")
        return
    evaluation_notices(evaluation)
    metric_panel(evaluation)
    numbers = student_line_numbers(messages)
    left, right = st.columns(2, gap="large")
    with left:
        strengths_panel(evaluation, numbers)
        hidden_facts_panel(evaluation, session.client_name)
    with right:
        next_step_panel(evaluation, numbers)
    scores_panel(evaluation, numbers)
    st.subheader("Your lines, coded", anchor=False)
    coded_transcript(messages, evaluation, Speakers.of(session), show_facts=True)
