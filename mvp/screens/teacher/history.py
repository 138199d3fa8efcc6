"""Teacher: every conversation with their clients (tests and student practice), one transcript open, and its rating."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from mvp import state
from mvp.client.models import Session
from mvp.logic.sessions import client_names, filter_sessions
from mvp.navigation import open_page
from mvp.widgets.api_calls import api_call, api_succeeded, has_items
from mvp.widgets.avatars import Speakers
from mvp.widgets.chat import TEACHER_OFFLINE_NOTICE, provider_notices, render_metrics, render_transcript
from mvp.widgets.choices import pick
from mvp.widgets.flash import flash, show_flash
from mvp.widgets.formatting import money, session_label
from mvp.widgets.timezone import viewer_zone, when_column

KINDS: dict[str, bool | None] = {"All": None, "Student practice": False, "My tests": True}  # label -> tests only?
STATUSES = ("All", "Active", "Ended")


def _sessions_table(sessions: list[Session]) -> None:
    frame = pd.DataFrame([{
        "Session": s.id, "Client": s.client_name, "Who": s.user_display_name,
        "Kind": "Test" if s.mode == "test" else "Assignment attempt" if s.assignment_id else "Student practice",
        "Status": s.status.capitalize(), "Started": s.started_at, "Messages": s.message_count, "Tokens": s.total_tokens,
        "Cost": money(s.cost_usd), "Rating": f"{s.feedback_rating:.1f} ★" if s.feedback_rating else "—",
    } for s in sessions])
    st.dataframe(frame, hide_index=True, column_config={
        "Started": when_column(),
    })


def _rating_form(session: Session) -> None:
    """A rating, a comment the student reads with the transcript, and a note only staff ever see."""
    with st.form(f"rate_{session.id}"):
        st.markdown("#### Rate this conversation")
        if session.feedback_rating:
            st.caption(f"Current rating: {session.feedback_rating:.1f} ★. Saving again replaces yours.")
        rating = st.radio("Rating", [1, 2, 3, 4, 5], index=None, horizontal=True,
                          format_func=lambda n: "★" * n, key=f"rating_{session.id}")
        comment = st.text_area("Comment to the student", key=f"comment_{session.id}",
                               placeholder="What went well, what to practise next…",
                               help="The student reads this with the transcript.")
        note = st.text_area("Private note", key=f"note_{session.id}", placeholder="For your records only",
                            help="Only you and administrators see it; never the student.")
        if not st.form_submit_button("Save rating", type="primary"):
            return
    if rating is None:
        st.warning("Choose a rating from one to five stars before saving.")
        return
    if not api_succeeded(state.api().rate_session, session.id, int(rating), comment, note):
        return
    flash(f"Saved your {rating}-star rating for conversation #{session.id}.")
    st.rerun()


def _filtered(sessions: list[Session]) -> list[Session]:
    """The three filters above the table (client, kind, status) and the conversations they keep."""
    cols = st.columns(3)
    names = client_names(sessions)
    client = pick("Client", names, state.history_client, none_label="All clients", where=cols[0])
    kind = cols[1].selectbox("Kind", list(KINDS))
    status = cols[2].selectbox("Status", STATUSES)
    return filter_sessions(sessions, client_id=client, tests=KINDS[kind],
                           status=None if status == "All" else status.lower())


def history_page() -> None:
    st.title("Conversations", anchor=False)
    st.caption("Your own test chats and every student conversation with your clients.")
    show_flash()
    sessions = api_call(state.api().list_sessions, limit=500)
    if not has_items(sessions, empty="No conversations yet. Publish a client so students can practise, or start a "
                                     "test chat."):
        return
    shown = _filtered(sessions)
    if not has_items(shown, empty="No conversations match these filters."):
        return
    _sessions_table(shown)
    by_id = {s.id: s for s in shown}
    chosen_id = pick("Open a transcript", {s.id: session_label(s, viewer_zone()) for s in shown}, state.history_choice)
    if chosen_id is None:
        return
    chosen = by_id[chosen_id]
    messages = api_call(state.api().list_messages, chosen.id)
    if messages is None:
        return
    st.subheader(f"{chosen.client_name} with {chosen.user_display_name}", anchor=False)
    render_metrics(st.empty(), chosen)
    if chosen.trust:
        st.caption(f":material/psychology: The client's trust at the end: **{chosen.trust}** · hidden facts that "
                   f"came out: {chosen.facts_disclosed or 0} of {chosen.facts_total or 0}. Under each reply: how the "
                   "student's message moved trust, and what the client could and did let out.")
    provider_notices(chosen, messages, live=False, offline_text=TEACHER_OFFLINE_NOTICE)
    if chosen.mode == "practice" and not chosen.is_active and st.button(
            "Review feedback", icon=":material/grading:", help="Open this conversation in the review queue"):
        state.review_choice.set(chosen.id)
        open_page("review")
    render_transcript(messages, empty_text="No messages in this conversation.", speakers=Speakers.of(chosen),
                      show_trust=True)
    _rating_form(chosen)
