"""Student: the conversation in progress, written to as it streams, and ending it to file the transcript."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import streamlit as st

from mvp import state
from mvp.client.models import Session
from mvp.logic.sessions import most_recent
from mvp.navigation import open_page
from mvp.widgets.api_calls import api_call, api_succeeded
from mvp.widgets.avatars import Speakers
from mvp.widgets.chat import message_box, provider_notices, render_transcript, send_and_stream, unsent_notice
from mvp.widgets.flash import flash, show_flash
from mvp.widgets.formatting import local_time
from mvp.widgets.student_steps import open_feedback, submit_attempt
from mvp.widgets.timezone import viewer_zone


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
    flash(f"Your conversation with {session.client_name} was saved. Here is your feedback.")
    open_feedback(session.id)


def _turns_progress(slot: Any, sent: int, needed: int) -> None:
    """How many of the messages the assignment asks for are sent; a placeholder, so a new turn can update it."""
    if needed:
        slot.progress(min(1.0, sent / needed), text=f"{min(sent, needed)} of {needed} messages needed to submit"
                      + (" — ready to submit" if sent >= needed else ""))
    else:
        slot.caption("You can submit whenever you are ready.")


def _assignment_panel(session: Session) -> Callable[[int], None] | None:
    """For an attempt at an assignment: what to practise, how far along the student is, and Submit. Returns what
    updates the count after a turn."""
    assignment = api_call(state.api().get_assignment, session.assignment_id) if session.assignment_id else None
    if assignment is None:
        return None
    with st.container(border=True):
        st.markdown(f"**Assignment: {assignment.title}** · attempt {session.attempt_number}")
        if assignment.instructions:
            st.caption(assignment.instructions)
        slot = st.empty()
        _turns_progress(slot, session.student_turns, assignment.min_turns)
        if st.button("Submit for your teacher", type="primary", icon=":material/task_alt:", key=state.SUBMIT_ATTEMPT):
            submit_attempt(session.id, assignment.title, show_feedback=True)
    return lambda sent: _turns_progress(slot, sent, assignment.min_turns)


def _end_controls(session: Session) -> None:
    if not state.confirm_end.get():
        label = "End without submitting" if session.assignment_id else "End conversation"
        if st.button(label, icon=":material/stop_circle:"):
            state.confirm_end.set(True)
            st.rerun()
        return
    attempt_note = " The attempt still counts towards those allowed." if session.assignment_id else ""
    st.warning(f"End this conversation? You can read it afterwards but not add to it.{attempt_note}")
    yes, no, _ = st.columns([1, 1, 3])
    if no.button("Keep talking"):
        state.confirm_end.pop()
        st.rerun()
    if yes.button("Yes, end and save", type="primary", key="vc_focus_confirm_end"):  # focus lands here
        _end(session)


def conversation_page() -> None:
    show_flash()
    session = _current_session()
    if session is None:
        st.title("Conversation", anchor=False)
        st.info("You have no conversation in progress. Start one from your assignments, or choose a client to "
                "practise with.", icon=":material/forum:")
        cols = st.columns([1, 1, 3])
        if cols[0].button("My assignments", type="primary"):
            open_page("assignments")
        if cols[1].button("Choose a client"):
            open_page("clients")
        return
    st.title(f"Conversation with {session.client_name}", anchor=False)
    st.caption(f"Started {local_time(session.started_at, viewer_zone())}. Everything you write is saved as you go; "
               "end the conversation when you are done to file the transcript.")
    messages = api_call(state.api().list_messages, session.id)
    if messages is None:
        return
    provider_notices(session, messages)
    update_progress = _assignment_panel(session)
    _end_controls(session)
    prompt = message_box(f"Write to {session.client_name.split()[0]}…")
    speakers = Speakers.of(session)
    render_transcript(messages, show_usage=False, speakers=speakers, empty_text="" if prompt else
                      "Say hello to begin. Open questions and reflections help the client trust you.")
    unsent_notice()
    if prompt:
        turn = send_and_stream(session.id, prompt, show_usage=False, speakers=speakers)
        if turn is not None and update_progress is not None:
            update_progress(turn.session.student_turns)
