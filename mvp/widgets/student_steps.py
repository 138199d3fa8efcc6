"""The student's steps between pages: open a conversation, open its feedback, submit an attempt."""

from __future__ import annotations

import streamlit as st

from mvp import state
from mvp.navigation import open_page
from mvp.widgets.api_calls import api_call
from mvp.widgets.flash import flash


def open_conversation(session_id: int) -> None:
    """Continue this conversation on the Conversation page."""
    state.practice_session_id.set(session_id)
    open_page("conversation")


def open_feedback(session_id: int) -> None:
    """Show this conversation's feedback on the Feedback page."""
    state.feedback_choice.set(session_id)
    open_page("feedback")


def submit_attempt(session_id: int, title: str, *, show_feedback: bool) -> None:
    """Submit an attempt at the assignment `title` for the teacher; then either open its feedback or rerun the
    page (with a message saying so either way). Nothing happens but the error shown when the API refuses."""
    submitted = api_call(state.api().submit_session, session_id)
    if submitted is None:
        return
    if state.practice_session_id.get() == session_id:
        state.practice_session_id.pop()  # submitting ends it: this tab has no conversation in progress now
    done = f"Submitted “{title}” (attempt {submitted.attempt_number}). Your teacher can read it now"
    if not show_feedback:
        flash(f"{done}.")
        st.rerun()
    flash(f"{done}; here is your feedback.")
    open_feedback(session_id)
