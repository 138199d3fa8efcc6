"""Teacher pages about conversations: test chats, reading and rating transcripts, and student accounts."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from mvp.client.api_client import ApiError
from mvp.client.models import Session
from mvp.teacher_clients import client_picker, load_clients
from mvp.ui_chat import (
    TEACHER_OFFLINE_NOTICE,
    provider_notices,
    render_metrics,
    render_transcript,
    send_and_stream,
)
from mvp.ui_common import api, call, current_user, flash, go, money, show_error, show_flash, when

MIN_PASSWORD = 10
ALL_CLIENTS = 0


def _my_active_test(client_id: int) -> Session | None:
    """The teacher's own unfinished test with this client, so a reload picks up where it stopped."""
    me = current_user()
    found = call(api().list_sessions, status="active", client_id=client_id) or []
    return next((s for s in found if me and s.user_id == me.id), None)


def test_chat_page() -> None:
    st.title("Test conversation", anchor=False)
    st.caption("Talk to your client the way a student would. Test chats are saved with your conversations.")
    clients = load_clients()
    if clients is None:
        return
    if not clients:
        st.info("No clients yet — create your first one, then test it here.")
        return
    client_id = client_picker("Client", clients, key="test_client_choice")
    sessions_by_client: dict[int, int] = st.session_state.setdefault("test_sessions", {})
    if client_id not in sessions_by_client and (active := _my_active_test(client_id)):
        sessions_by_client[client_id] = active.id
    session_id = sessions_by_client.get(client_id)

    metrics_slot = st.empty()
    session = call(api().get_session, session_id) if session_id else None
    if session_id and (session is None or not session.is_active):
        sessions_by_client.pop(client_id, None)
        session = None
    messages = (call(api().list_messages, session.id) or []) if session else []
    if session:
        render_metrics(metrics_slot, session)
        if st.button("End this test", icon=":material/stop_circle:"):
            _end_test(session, sessions_by_client, client_id)
        provider_notices(session, messages, offline_text=TEACHER_OFFLINE_NOTICE)
    else:
        metrics_slot.caption("Send a message to start a new test conversation.")
    render_transcript(messages)

    prompt = st.chat_input("Write what the student would say…")
    if not prompt:
        return
    started_now = session is None
    if session is None:
        try:
            session = api().start_session(client_id)
        except ApiError as err:
            show_error(err)
            return
        sessions_by_client[client_id] = session.id
    turn = send_and_stream(session.id, prompt)
    if turn and started_now:
        st.rerun()  # redraw with this test's controls (end button, notices) now that it exists
    if turn:
        render_metrics(metrics_slot, turn.session)


def _end_test(session: Session, sessions_by_client: dict[int, int], client_id: int) -> None:
    try:
        api().end_session(session.id)
    except ApiError as err:
        show_error(err)
        return
    sessions_by_client.pop(client_id, None)
    st.session_state["history_client"] = session.client_id
    st.session_state["history_choice"] = session.id
    flash(f"Test with {session.client_name} ended and saved ({money(session.cost_usd)}). Review it below.")
    go("history")


def _session_label(session: Session) -> str:
    return (f"#{session.id} · {session.client_name} · {session.user_display_name} · {session.status} · "
            f"{session.message_count} messages · {when(session.started_at)}")


def _sessions_table(sessions: list[Session]) -> None:
    frame = pd.DataFrame([{
        "Session": s.id, "Client": s.client_name, "Who": s.user_display_name,
        "Kind": "Test" if s.mode == "test" else "Student practice", "Status": s.status.capitalize(),
        "Started (UTC)": s.started_at, "Messages": s.message_count, "Tokens": s.total_tokens,
        "Cost": s.cost_usd, "Rating": f"{s.feedback_rating:.1f} ★" if s.feedback_rating else "—",
    } for s in sessions])
    st.dataframe(frame, hide_index=True, column_config={
        "Cost": st.column_config.NumberColumn(format="$%.4f"),
        "Started (UTC)": st.column_config.DatetimeColumn(format="D MMM YYYY, HH:mm"),
    })


def _rating_form(session: Session) -> None:
    with st.form(f"rate_{session.id}"):
        st.markdown("#### Rate this conversation")
        if session.feedback_rating:
            st.caption(f"Current rating: {session.feedback_rating:.1f} ★. Saving again replaces yours.")
        rating = st.radio("Rating", [1, 2, 3, 4, 5], index=2, horizontal=True,
                          format_func=lambda n: "★" * n, key=f"rating_{session.id}")
        comment = st.text_area("Comment for your records", key=f"comment_{session.id}",
                               placeholder="What went well, what to practise next…")
        if not st.form_submit_button("Save rating", type="primary"):
            return
    try:
        api().rate_session(session.id, int(rating), comment)
    except ApiError as err:
        show_error(err)
        return
    flash(f"Saved your {rating}-star rating for conversation #{session.id}.")
    st.rerun()


def history_page() -> None:
    st.title("Conversations", anchor=False)
    st.caption("Your own test chats and every student conversation with your clients.")
    show_flash()
    sessions = call(api().list_sessions, limit=500)
    if sessions is None:
        return
    if not sessions:
        st.info("No conversations yet. Publish a client so students can practise, or start a test chat.")
        return
    cols = st.columns(3)
    names = {s.client_id: s.client_name for s in sessions}
    if st.session_state.get("history_client") not in [ALL_CLIENTS, *names]:
        st.session_state["history_client"] = ALL_CLIENTS
    client = cols[0].selectbox("Client", [ALL_CLIENTS, *sorted(names, key=names.__getitem__)],
                               format_func=lambda cid: names.get(cid, "All clients"), key="history_client")
    kind = cols[1].selectbox("Kind", ["All", "Student practice", "My tests"])
    status = cols[2].selectbox("Status", ["All", "Active", "Ended"])
    shown = [s for s in sessions
             if client in (ALL_CLIENTS, s.client_id)
             and (kind == "All" or (s.mode == "test") == (kind == "My tests"))
             and status in ("All", s.status.capitalize())]
    if not shown:
        st.info("No conversations match these filters.")
        return
    _sessions_table(shown)
    by_id = {s.id: s for s in shown}
    if st.session_state.get("history_choice") not in by_id:
        st.session_state["history_choice"] = shown[0].id
    chosen_id = st.selectbox("Open a transcript", list(by_id), format_func=lambda sid: _session_label(by_id[sid]),
                             key="history_choice")
    chosen = by_id[chosen_id]
    messages = call(api().list_messages, chosen.id)
    if messages is None:
        return
    st.subheader(f"{chosen.client_name} with {chosen.user_display_name}", anchor=False)
    render_metrics(st.empty(), chosen)
    provider_notices(chosen, messages, live=False, offline_text=TEACHER_OFFLINE_NOTICE)
    render_transcript(messages, empty_text="No messages in this conversation.")
    _rating_form(chosen)


def students_page() -> None:
    st.title("Students", anchor=False)
    st.caption("Create accounts for your students. They sign in to the student app with these details.")
    show_flash()
    with st.form("new_student", clear_on_submit=False):
        st.markdown("#### New student account")
        cols = st.columns(2)
        name = cols[0].text_input("Display name", placeholder="Alex Rivera")
        email = cols[1].text_input("Email", placeholder="alex@school.edu")
        password = st.text_input("Temporary password", type="password",
                                 help=f"At least {MIN_PASSWORD} characters. Share it with the student privately.")
        submitted = st.form_submit_button("Create student", type="primary", icon=":material/person_add:")
    if submitted:
        _create_student(name.strip(), email.strip(), password)
    users = call(api().list_users)
    if users is None:
        return
    students = [u for u in users if u.role == "student"]
    st.markdown("#### Student accounts")
    if not students:
        st.info("No students yet — create the first account above.")
        return
    st.dataframe(pd.DataFrame([{
        "Name": u.display_name, "Email": u.email, "Active": u.is_active, "Created (UTC)": u.created_at,
    } for u in students]), hide_index=True, column_config={
        "Created (UTC)": st.column_config.DatetimeColumn(format="D MMM YYYY"),
    })


def _create_student(name: str, email: str, password: str) -> None:
    problems = [text for bad, text in (
        (not name, "Enter the student's name."),
        ("@" not in email, "Enter a valid email address."),
        (len(password) < MIN_PASSWORD, f"The password needs at least {MIN_PASSWORD} characters."),
    ) if bad]
    if problems:
        st.error(" ".join(problems))
        return
    try:
        user = api().create_user(email=email, display_name=name, password=password, role="student")
    except ApiError as err:
        show_error(err)
        return
    flash(f"Created an account for {user.display_name} ({user.email}).")
    st.rerun()
