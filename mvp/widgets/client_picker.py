"""The teacher's select box of their clients, whose choice lives in a state slot so other pages can preset it."""

from __future__ import annotations

from collections.abc import Sequence

import streamlit as st

from mvp import state
from mvp.client.models import Client
from mvp.state import Choice

NEW_CLIENT_LABEL = "New client (blank form)"


def _picker(label: str, clients: list[Client], choice: Choice, options: Sequence[int | None]) -> int | None:
    """A page opened from the sidebar starts on the client last picked elsewhere (previewed, edited, tested)."""
    names = {c.id: f"{c.name}, {c.age}" + ("" if c.is_published else "  (draft)") for c in clients}
    if choice.get() is None and state.last_client.get() in options:
        choice.set(state.last_client.get())
    choice.keep_valid(options)
    chosen = st.selectbox(label, options, format_func=lambda cid: NEW_CLIENT_LABEL if cid is None else names[cid],
                          key=choice.key)
    if chosen is not None:
        state.last_client.set(chosen)
    return chosen


def pick_client(label: str, clients: list[Client], choice: Choice) -> int:
    """One of the teacher's clients (the list must not be empty)."""
    chosen = _picker(label, clients, choice, [c.id for c in clients])
    return clients[0].id if chosen is None else chosen


def pick_client_or_new(label: str, clients: list[Client], choice: Choice) -> int | None:
    """One of the teacher's clients, or None for 'New client (blank form)', the first option."""
    return _picker(label, clients, choice, [None, *(c.id for c in clients)])
