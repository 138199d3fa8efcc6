"""Student: the published clients as cards, to start a conversation or resume the one in progress."""

from __future__ import annotations

import streamlit as st

from mvp import state
from mvp.client.models import ClientCard, Session
from mvp.logic.sessions import most_recent
from mvp.widgets.api_calls import api_call
from mvp.widgets.flash import show_flash
from mvp.widgets.formatting import local_time
from mvp.widgets.student_steps import open_conversation
from mvp.widgets.timezone import viewer_zone

CARDS_PER_ROW = 3


def _start(card: ClientCard) -> None:
    session = api_call(state.api().start_session, card.id)
    if session is not None:
        open_conversation(session.id)


def _card(card: ClientCard, active: Session | None) -> None:
    with st.container(border=True, height="stretch"):
        st.markdown(f"### {card.name}")
        st.caption(f"Age {card.age}")
        st.write(card.student_brief or "_No referral note for this client._")
        if active:
            st.caption(f"In progress since {local_time(active.started_at, viewer_zone())}")
            if st.button("Resume conversation", key=f"resume_{card.id}", type="primary", icon=":material/forum:"):
                open_conversation(active.id)
        elif st.button("Start conversation", key=f"start_{card.id}", icon=":material/chat:"):
            _start(card)


def clients_page() -> None:
    st.title("Practice clients", anchor=False)
    st.caption("Read the referral note, then start a conversation. Interview the client as you would in a "
               "first meeting: the client opens up as you build rapport.")
    show_flash()
    cards = api_call(state.api().list_client_cards)
    if cards is None:
        return
    active = {s.client_id: s for s in reversed(api_call(state.api().list_sessions, status="active") or [])}
    if active:
        latest = most_recent(list(active.values()))
        note = st.container(border=False)
        note.info(f"You have a conversation in progress with **{latest.client_name}**.", icon=":material/forum:")
        if note.button("Continue where you left off", icon=":material/play_arrow:"):
            open_conversation(latest.id)
    if not cards:
        st.info("No clients are published yet. Your teacher will publish clients for you to practise with.")
        return
    for start in range(0, len(cards), CARDS_PER_ROW):
        for column, card in zip(st.columns(CARDS_PER_ROW), cards[start:start + CARDS_PER_ROW], strict=False):
            with column:
                _card(card, active.get(card.id))
