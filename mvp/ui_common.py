"""Streamlit helpers the three apps share: sign-in, the API client in session state, errors and formats."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any, TypeVar

import streamlit as st

from mvp.client.api_client import ApiClient, ApiError
from mvp.client.models import User

T = TypeVar("T")
_BUTTON_IDS = itertools.count()

ROLE_AUDIENCE = {"teacher": "teachers", "student": "students", "admin": "administrators"}
ROLE_WITH_ARTICLE = {"teacher": "a teacher", "student": "a student", "admin": "an administrator"}


def setup_page(title: str, icon: str) -> None:
    st.set_page_config(page_title=f"{title} · Virtual Client", page_icon=icon, layout="wide")


def api() -> ApiClient:
    """The signed-in API client, kept for the browser tab's lifetime so its connection is reused."""
    client = st.session_state.get("api")
    if client is None:
        client = ApiClient()
        st.session_state["api"] = client
    return client


def current_user() -> User | None:
    return st.session_state.get("user")


def sign_out() -> None:
    """Forget everything this tab knew: token, user and page state."""
    client = st.session_state.get("api")
    if client is not None:
        client.close()
    for key in list(st.session_state.keys()):
        del st.session_state[key]


def sign_in_screen(*, role: str, title: str, intro: str) -> None:
    """The sign-in form; refuses politely when the account belongs in another app."""
    st.title(title, anchor=False)
    st.caption(intro)
    left, _ = st.columns([2, 3])
    with left, st.form("sign_in"):
        st.subheader("Sign in", anchor=False)
        email = st.text_input("Email", placeholder="you@school.edu", key="sign_in_email")
        password = st.text_input("Password", type="password", key="sign_in_password")
        submitted = st.form_submit_button("Sign in", type="primary", width="stretch", key="sign_in_submit")
    if not submitted:
        return
    if not email.strip() or not password:
        left.warning("Enter your email and password.")
        return
    try:
        result = api().login(email.strip(), password)
    except ApiError as err:
        with left:
            show_error(err)
        return
    if result.user.role != role:
        api().token = None
        left.error(f"This app is for {ROLE_AUDIENCE[role]}; you signed in as {ROLE_WITH_ARTICLE[result.user.role]}. "
                   f"Please use the {result.user.role} app instead.")
        return
    st.session_state["user"] = result.user
    st.rerun()


def sidebar_account(user: User) -> None:
    with st.sidebar:
        st.caption(f"Signed in as **{user.display_name}**  \n{user.email}")
        st.button("Sign out", icon=":material/logout:", on_click=sign_out, key="sign_out")
        st.caption(f"Server: {api().base_url}")


def show_error(err: ApiError) -> None:
    """Show an API failure as one readable sentence, with when to retry if the server said so."""
    message = err.message
    if err.retry_after:
        at = (datetime.now() + timedelta(seconds=err.retry_after)).strftime("%H:%M:%S")
        already_says_when = "second" in message.lower() or "minute" in message.lower()
        message += (f" You can continue at {at}." if already_says_when
                    else f" You can continue in {err.retry_after} seconds (at {at}).")
    st.error(message, icon=":material/error:")
    if err.status == 401 and current_user() is not None:
        # The token is no good: forget it, so the click (any rerun) lands on the sign-in form. Widget state
        # is left alone because widgets of this run are still on the page.
        st.session_state.pop("user", None)
        st.session_state.pop("api", None)
        st.button("Sign in again", type="primary", key=f"sign_in_again_{next(_BUTTON_IDS)}")
        st.stop()


def call(fn: Callable[..., T], *args: Any, **kwargs: Any) -> T | None:
    """Run one API call; on failure show the error and return None so the page can carry on or stop."""
    try:
        return fn(*args, **kwargs)
    except ApiError as err:
        show_error(err)
        return None


def flash(message: str) -> None:
    """Queue a success message for the next run (after st.rerun or st.switch_page)."""
    st.session_state.setdefault("_flash", []).append(message)


def show_flash() -> None:
    for message in st.session_state.pop("_flash", []):
        st.success(message, icon=":material/check_circle:")


def money(amount: float | None) -> str:
    """Dollars with enough digits to see a single message's cost."""
    value = float(amount or 0)
    if value == 0:
        return "$0.00"
    return f"${value:,.2f}" if value >= 1 else f"${value:.4f}"


def tokens(count: int | None) -> str:
    return f"{int(count or 0):,}"


def when(moment: datetime | None) -> str:
    if moment is None:
        return "—"
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).strftime("%d %b %Y, %H:%M UTC")


def ago(moment: datetime | None) -> str:
    """'5 min ago': how long a conversation has been running or idle."""
    if moment is None:
        return "—"
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    seconds = max(0, int((datetime.now(UTC) - moment).total_seconds()))
    if seconds < 60:
        return "just now"
    if seconds < 3600:
        return f"{seconds // 60} min ago"
    if seconds < 86400:
        return f"{seconds // 3600} h {seconds % 3600 // 60} min ago"
    return f"{seconds // 86400} days ago"


def register_pages(pages: dict[str, Any]) -> None:
    """Remember this run's st.Page objects so buttons on one page can open another."""
    st.session_state["_pages"] = pages


def go(name: str) -> None:
    """Open another page of this app (used by buttons such as 'Edit' or 'Test chat')."""
    st.switch_page(st.session_state["_pages"][name])
