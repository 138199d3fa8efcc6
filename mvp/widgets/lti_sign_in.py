"""Arriving from an LMS: the launch's one-time `lti_code` in the address becomes this app's sign-in."""

from __future__ import annotations

import streamlit as st

from mvp import state
from mvp.client.api_client import ApiError
from mvp.client.models import User
from mvp.widgets import remembered_sign_in


def _number(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() and len(value) < 10 else None


def from_launch(app: str) -> User | None:
    """Sign in with the code once, drop it from the address (it is spent), and open what the course link named."""
    code = st.query_params.get("lti_code")
    if not code:
        return None
    assignment_id, section_id = _number(st.query_params.get("assignment_id")), _number(
        st.query_params.get("section_id"))
    for name in ("lti_code", "assignment_id", "section_id"):
        st.query_params.pop(name, None)
    client = state.api()
    try:
        result = client.exchange_lti_code(code)
    except ApiError as err:
        st.error(f"Signing in from your course did not work: {err.message}")
        return None
    if result.user.role != app:
        client.token = None
        st.error(f"Your course opened the {app} app, but your account is a {result.user.role} account. Open the "
                 f"{result.user.role} app instead.")
        return None
    state.user.set(result.user)
    state.signed_out.pop()
    remembered_sign_in.remember(app, result)
    if assignment_id is not None:
        state.lti_assignment.set(assignment_id)
    if section_id is not None:
        state.section_choice.set(section_id)
    return result.user
