"""Choices kept in the page's address (?section=12&tab=Students), so a reload comes back to them: Streamlit forgets
session state on a reload, but not the URL."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import streamlit as st


def restore(key: str, param: str, parse: Callable[[str], Any] = str) -> None:
    """Preset a widget's (or slot's) state from the address, on the first run after a reload only."""
    if key in st.session_state or param not in st.query_params:
        return
    try:
        st.session_state[key] = parse(st.query_params[param])
    except (TypeError, ValueError, KeyError):
        del st.query_params[param]  # a hand-edited address: ignore it


def keep(param: str, value: Any) -> None:
    """Write the current choice into the address (or drop it when there is none)."""
    if value is None:
        st.query_params.pop(param, None)
    elif st.query_params.get(param) != str(value):
        st.query_params[param] = str(value)
