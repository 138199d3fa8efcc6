"""Student pages: choose a client, hold the conversation, end it, and read past transcripts."""

from __future__ import annotations

import streamlit as st

from mvp.client.api_client import ApiError
from mvp.client.models import ClientCard, Session
from mvp.ui_chat import provider_notices, render_transcript, send_and_stream
from mvp.ui_common import api, call, flash, go, show_error, show_flash, when

SESSION_KEY = "practice_session_id"
CARDS_PER_ROW = 3


def _active_sessions() -> list[Session]:
    return call(api().list_sessions, status="active") or []


def _open(session_id: int) -> None:
    st.session_state[SESSION_KEY] = session_id
    go("conversation")


def _start(card: ClientCard) -> None:
    try:
        session = api().start_session(card.id)
    except ApiError as err:
        show_error(err)
        return
    _open(session.id)


def _card(card: ClientCard, active: Session | None) -> None:
    with st.container(border=True, height="stretch"):
        st.markdown(f"### {card.name}")
        st.caption(f"Age {card.age}")
        st.write(card.student_brief or "_No referral note for this client._")
        if active:
            st.caption(f"In progress since {when(active.started_at)}")
            if st.button("Resume conversation", key=f"resume_{card.id}", type="primary", icon=":material/forum:"):
                _open(active.id)
        elif st.button("Start conversation", key=f"start_{card.id}", icon=":material/chat:"):
            _start(card)


def clients_page() -> None:
    st.title("Practice clients", anchor=False)
    st.caption("Read the referral note, then start a conversation. Interview the client as you would in a "
               "first meeting: the client opens up as you build rapport.")
    show_flash()
    cards = call(api().list_client_cards)
    if cards is None:
        return
    active = {s.client_id: s for s in reversed(_active_sessions())}
    if active:
        latest = max(active.values(), key=lambda s: s.last_activity_at or s.started_at)
        note = st.container(border=False)
        note.info(f"You have a conversation in progress with **{latest.client_name}**.", icon=":material/forum:")
        if note.button("Continue where you left off", icon=":material/play_arrow:"):
            _open(latest.id)
    if not cards:
        st.info("No clients are published yet. Your teacher will publish clients for you to practise with.")
        return
    for start in range(0, len(cards), CARDS_PER_ROW):
        for column, card in zip(st.columns(CARDS_PER_ROW), cards[start:start + CARDS_PER_ROW], strict=False):
            with column:
                _card(card, active.get(card.id))


def _current_session() -> Session | None:
    """The conversation in this tab, or the most recent unfinished one (so a reload resumes it)."""
    session_id = st.session_state.get(SESSION_KEY)
    if session_id is None:
        active = _active_sessions()
        if not active:
            return None
        session_id = max(active, key=lambda s: s.last_activity_at or s.started_at).id
        st.session_state[SESSION_KEY] = session_id
    session = call(api().get_session, session_id)
    if session is None or not session.is_active:
        st.session_state.pop(SESSION_KEY, None)
        return None
    return session


def conversation_page() -> None:
    show_flash()
    session = _current_session()
    if session is None:
        st.title("Conversation", anchor=False)
        st.info("You have no conversation in progress. Choose a client to start one.", icon=":material/forum:")
        if st.button("Choose a client", type="primary"):
            go("clients")
        return
    st.title(f"Conversation with {session.client_name}", anchor=False)
    st.caption(f"Started {when(session.started_at)}. Everything you write is saved as you go; end the "
               "conversation when you are done to file the transcript.")
    messages = call(api().list_messages, session.id)
    if messages is None:
        return
    provider_notices(session, messages)
    _end_controls(session)
    prompt = st.chat_input(f"Write to {session.client_name.split()[0]}…")
    render_transcript(messages, show_usage=False, empty_text="" if prompt else
                      "Say hello to begin. Open questions and reflections help the client trust you.")
    if prompt:
        send_and_stream(session.id, prompt, show_usage=False)


def _end_controls(session: Session) -> None:
    if not st.session_state.get("confirm_end"):
        if st.button("End conversation", icon=":material/stop_circle:"):
            st.session_state["confirm_end"] = True
            st.rerun()
        return
    st.warning("End this conversation? You can read it afterwards but not add to it.")
    yes, no, _ = st.columns([1, 1, 3])
    if no.button("Keep talking"):
        st.session_state.pop("confirm_end", None)
        st.rerun()
    if yes.button("Yes, end and save", type="primary"):
        st.session_state.pop("confirm_end", None)
        try:
            api().end_session(session.id)
        except ApiError as err:
            show_error(err)
            return
        st.session_state.pop(SESSION_KEY, None)
        st.session_state["history_choice"] = session.id
        flash(f"Your conversation with {session.client_name} was saved.")
        go("history")


def history_page() -> None:
    st.title("My transcripts", anchor=False)
    st.caption("Your past conversations, to reread before class or supervision.")
    show_flash()
    sessions = call(api().list_sessions, limit=500)
    if sessions is None:
        return
    if not sessions:
        st.info("No conversations yet — start one from **Practice clients**.")
        return
    by_id = {s.id: s for s in sessions}
    if st.session_state.get("history_choice") not in by_id:
        st.session_state["history_choice"] = sessions[0].id

    def describe(sid: int) -> str:
        s = by_id[sid]
        state = "in progress" if s.is_active else "ended"
        return f"{s.client_name} · {when(s.started_at)} · {s.message_count} messages · {state}"

    chosen = by_id[st.selectbox("Conversation", list(by_id), format_func=describe, key="history_choice")]
    if chosen.is_active and st.button("Continue this conversation", icon=":material/play_arrow:"):
        _open(chosen.id)
    if chosen.feedback_rating:
        st.success(f"Your teacher rated this conversation {chosen.feedback_rating:.0f} out of 5.",
                   icon=":material/star:")
    messages = call(api().list_messages, chosen.id)
    if messages is None:
        return
    st.subheader(f"{chosen.client_name}", anchor=False)
    st.caption(f"Started {when(chosen.started_at)}" + (f" · ended {when(chosen.ended_at)}" if chosen.ended_at else ""))
    provider_notices(chosen, messages, live=False)
    render_transcript(messages, show_usage=False, empty_text="No messages in this conversation.")
