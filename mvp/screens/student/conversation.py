"""Student: the conversation in progress, written to as it streams, and ending it to file the transcript."""

from __future__ import annotations

import streamlit as st

from mvp import state
from mvp.client.models import Session
from mvp.logic.sessions import most_recent
from mvp.navigation import open_page
from mvp.widgets.api_calls import api_call, api_succeeded
from mvp.widgets.avatars import Speakers
from mvp.widgets.chat import message_box, provider_notices, render_transcript, send_and_stream, unsent_notice
from mvp.widgets.flash import flash, show_flash
from mvp.widgets.formatting import utc_time


def _current_session() -> Session | None:
    """The conversation in this tab, or the most recent unfinished one (so a reload resumes it)."""
    session_id = state.practice_session_id.get()
    if session_id is None:
        active = api_call(state.api().list_sessions, status="active") or []
        if not active:
            return None
        session_id = most_recent(active).id
        state.practice_session_id.set(session_id)
    session = api_call(state.api().get_session, session_id)
    if session is None or not session.is_active:
        state.practice_session_id.pop()
        return None
    return session


def _end(session: Session) -> None:
    state.confirm_end.pop()
    if not api_succeeded(state.api().end_session, session.id):
        return
    state.practice_session_id.pop()
    state.history_choice.set(session.id)
    state.feedback_choice.set(session.id)
    flash(f"Your conversation with {session.client_name} was saved. Here is your feedback.")
    open_page("feedback")


def _end_controls(session: Session) -> None:
    if not state.confirm_end.get():
        if st.button("End conversation", icon=":material/stop_circle:"):
            state.confirm_end.set(True)
            st.rerun()
        return
    st.warning("End this conversation? You can read it afterwards but not add to it.")
    yes, no, _ = st.columns([1, 1, 3])
    if no.button("Keep talking"):
        state.confirm_end.pop()
        st.rerun()
    if yes.button("Yes, end and save", type="primary"):
        _end(session)


def conversation_page() -> None:
    show_flash()
    session = _current_session()
    if session is None:
        st.title("Conversation", anchor=False)
        st.info("You have no conversation in progress. Choose a client to start one.", icon=":material/forum:")
        if st.button("Choose a client", type="primary"):
            open_page("clients")
        return
    st.title(f"Conversation with {session.client_name}", anchor=False)
    st.caption(f"Started {utc_time(session.started_at)}. Everything you write is saved as you go; end the "
               "conversation when you are done to file the transcript.")
    messages = api_call(state.api().list_messages, session.id)
    if messages is None:
        return
    provider_notices(session, messages)
    _end_controls(session)
    prompt = message_box(f"Write to {session.client_name.split()[0]}…")
    speakers = Speakers.of(session)
    render_transcript(messages, show_usage=False, speakers=speakers, empty_text="" if prompt else
                      "Say hello to begin. Open questions and reflections help the client trust you.")
    unsent_notice()
    if prompt:
        send_and_stream(session.id, prompt, show_usage=False, speakers=speakers)
