"""This app's own cookie in the visitor's browser: read from the page request, written by a line of script."""

from __future__ import annotations

import json

import streamlit as st


def read_cookie(name: str) -> str | None:
    """The cookie as the browser sent it when this tab connected (a reload sends the current one)."""
    try:
        value = st.context.cookies.get(name)
    except (AttributeError, RuntimeError):  # outside a browser session (bare scripts)
        return None
    return value if isinstance(value, str) and value else None  # AppTest has no real cookies


def _script(assignment: str) -> None:
    # Same-site only; Secure whenever the app is served over HTTPS. Nothing else on the page can be read.
    st.html(
        "<script>(() => { const secure = location.protocol === 'https:' ? '; Secure' : '';"
        f" document.cookie = {assignment} + '; Path=/; SameSite=Strict' + secure; }})();</script>",
        unsafe_allow_javascript=True,
    )


def write_cookie(name: str, value: str, *, max_age_s: int) -> None:
    _script(json.dumps(f"{name}={value}; Max-Age={max(0, max_age_s)}"))


def delete_cookie(name: str) -> None:
    _script(json.dumps(f"{name}=; Max-Age=0"))
