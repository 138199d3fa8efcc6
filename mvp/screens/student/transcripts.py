"""Student: My transcripts, past conversations to reread, with the teacher's rating and a way to the feedback."""

from __future__ import annotations

import streamlit as st

from mvp import state
from mvp.navigation import open_page
from mvp.widgets.api_calls import api_call, has_items
from mvp.widgets.avatars import Speakers
from mvp.widgets.chat import provider_notices, render_transcript
from mvp.widgets.flash import show_flash
from mvp.widgets.formatting import local_time, transcript_label
from mvp.widgets.timezone import viewer_zone


def history_page() -> None:
    st.title("My transcripts", anchor=False)
    st.caption("Your past conversations, to reread before class or supervision.")
    show_flash()
    sessions = api_call(state.api().list_sessions, limit=500)
    if not has_items(sessions, empty="No conversations yet — start one from **Practice clients**."):
        return
    by_id = {s.id: s for s in sessions}
    state.history_choice.keep_valid(list(by_id))
    chosen = by_id[st.selectbox("Conversation", list(by_id), format_func=lambda sid: transcript_label(by_id[sid]),
                                key=state.history_choice.key)]
    if chosen.is_active and st.button("Continue this conversation", icon=":material/play_arrow:"):
        state.practice_session_id.set(chosen.id)
        open_page("conversation")
    if not chosen.is_active and st.button("See feedback", icon=":material/grading:", type="primary"):
        state.feedback_choice.set(chosen.id)
        open_page("feedback")
    if chosen.feedback_rating:
        st.success(f"Your teacher rated this conversation {chosen.feedback_rating:.0f} out of 5.",
                   icon=":material/star:")
        for feedback in api_call(state.api().session_feedback, chosen.id) or []:
            if feedback.comment:
                st.info(f"**Your teacher's comment:** {feedback.comment}", icon=":material/comment:")
    messages = api_call(state.api().list_messages, chosen.id)
    if messages is None:
        return
    st.subheader(f"{chosen.client_name}", anchor=False)
    ended = f" · ended {local_time(chosen.ended_at, viewer_zone())}" if chosen.ended_at else ""
    st.caption(f"Started {local_time(chosen.started_at, viewer_zone())}{ended}")
    provider_notices(chosen, messages, live=False)
    render_transcript(messages, show_usage=False, empty_text="No messages in this conversation.",
                      speakers=Speakers.of(chosen))
