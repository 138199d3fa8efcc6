"""Teacher: a test conversation with one of their clients, the way a student would hold it."""

from __future__ import annotations

import streamlit as st

from mvp import state
from mvp.client.models import Session
from mvp.logic.sessions import owned_by
from mvp.navigation import open_page
from mvp.widgets.api_calls import api_call, api_succeeded, has_items
from mvp.widgets.avatars import Speakers
from mvp.widgets.chat import (
    TEACHER_OFFLINE_NOTICE,
    message_box,
    provider_notices,
    render_metrics,
    render_transcript,
    send_and_stream,
    start_for,
    unsent_notice,
)
from mvp.widgets.client_picker import pick_client
from mvp.widgets.flash import flash
from mvp.widgets.formatting import cost


def _my_active_test(client_id: int) -> Session | None:
    """The teacher's own unfinished test with this client, so a reload picks up where it stopped."""
    me = state.user.get()
    found = api_call(state.api().list_sessions, status="active", client_id=client_id) or []
    return owned_by(found, me.id if me else None)


def _end_test(session: Session, open_tests: dict[int, int], client_id: int) -> None:
    if not api_succeeded(state.api().end_session, session.id):
        return
    open_tests.pop(client_id, None)
    state.history_client.set(session.client_id)
    state.history_choice.set(session.id)
    spent = cost(session.cost_usd, session.provider)
    flash(f"Test with {session.client_name} ended and saved ({spent}). Review it below.")
    open_page("history")


def test_chat_page() -> None:
    st.title("Test conversation", anchor=False)
    st.caption("Talk to your client the way a student would. Test chats are saved with your conversations.")
    clients = api_call(state.api().list_clients)
    if not has_items(clients, empty="No clients yet — create your first one, then test it here."):
        return
    client_id = pick_client("Client", clients, state.test_client_choice)
    open_tests = state.test_sessions.setdefault({})
    if client_id not in open_tests and (active := _my_active_test(client_id)):
        open_tests[client_id] = active.id
    session_id = open_tests.get(client_id)

    metrics_slot = st.empty()
    session = api_call(state.api().get_session, session_id) if session_id else None
    if session_id and (session is None or not session.is_active):
        open_tests.pop(client_id, None)
        session = None
    messages = (api_call(state.api().list_messages, session.id) or []) if session else []
    if session:
        render_metrics(metrics_slot, session)
        if st.button("End this test", icon=":material/stop_circle:"):
            _end_test(session, open_tests, client_id)
        provider_notices(session, messages, offline_text=TEACHER_OFFLINE_NOTICE)
    else:
        metrics_slot.caption("Send a message to start a new test conversation.")
    me = state.user.get()
    names = {c.id: c.name for c in clients}
    speakers = Speakers(client=names.get(client_id, ""), interviewer=me.display_name if me else "")
    prompt = message_box("Write what the student would say…")  # before unsent_notice, which forgets the text
    render_transcript(messages, speakers=speakers, show_trust=True)
    unsent_notice()
    if not prompt:
        return
    started_now = session is None
    if session is None:
        session = start_for(prompt, client_id)  # refused: the text goes back in the box, with why
        open_tests[client_id] = session.id
    turn = send_and_stream(session.id, prompt, speakers=speakers)
    if turn and started_now:
        st.rerun()  # redraw with this test's controls (end button, notices) now that it exists
    if turn:
        render_metrics(metrics_slot, turn.session)
