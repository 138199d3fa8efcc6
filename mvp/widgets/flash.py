"""Success messages that outlive a rerun or a page switch: queued now, shown at the top of the next page."""

from __future__ import annotations

import streamlit as st

from mvp import state


def flash(message: str) -> None:
    """Queue a success message for the next run (after st.rerun or a page switch)."""
    state.flash_messages.setdefault([]).append(message)


def show_flash() -> None:
    for message in state.flash_messages.pop() or []:
        st.success(message, icon=":material/check_circle:")
