"""Student: My transcripts, past conversations to reread, with the teacher's rating and a way to the feedback."""

from __future__ import annotations

import streamlit as st

from mvp import state
from mvp.widgets.api_calls import api_call, has_items
from mvp.widgets.avatars import Speakers
from mvp.widgets.chat import provider_notices, render_transcript
from mvp.widgets.choices import pick
from mvp.widgets.flash import show_flash
from mvp.widgets.formatting import local_time, transcript_label
from mvp.widgets.student_steps import open_conversation, open_feedback
from mvp.widgets.timezone import viewer_zone


def history_page() -> None:
    st.title("My transcripts", anchor=False)
    st.caption("Your past conversations, to reread before class or supervision.")
    show_flash()
    sessions = api_call(state.api().list_sessions, limit=500)
    if not has_items(sessions, empty="No conversations yet — start one from **Practice clients**."):
        return
    by_id = {s.id: s for s in sessions}
    chosen_id = pick("Conversation", {s.id: transcript_label(s, viewer_zone()) for s in sessions}, state.history_choice)
    if chosen_id is None:
        return
    chosen = by_id[chosen_id]
    if chosen.is_active and st.button("Continue this conversation", icon=":material/play_arrow:"):
        open_conversation(chosen.id)
    if not chosen.is_active and st.button("See feedback", icon=":material/grading:", type="primary"):
        open_feedback(chosen.id)
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
