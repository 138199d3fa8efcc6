"""Calling the API from a page: run the call or show why it failed in one sentence; say so when a list is empty."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import ParamSpec, TypeGuard, TypeVar

import streamlit as st

from mvp import state
from mvp.client.api_client import ApiError
from mvp.widgets.formatting import local_clock, local_times_in, wait_in_words
from mvp.widgets.timezone import viewer_zone

P = ParamSpec("P")
T = TypeVar("T")
_BUTTON_IDS = itertools.count()


def show_error(err: ApiError) -> None:
    """Show an API failure as one readable sentence, with when to retry if the server said so."""
    message = local_times_in(err.message, viewer_zone())
    if err.retry_after:
        at = local_clock(datetime.now(UTC) + timedelta(seconds=err.retry_after), viewer_zone())
        already_says_when = any(unit in message.lower() for unit in ("second", "minute", "hour"))
        message += (f" That is at {at}." if already_says_when
                    else f" You can continue in {wait_in_words(err.retry_after)} (at {at}).")
    st.error(message, icon=":material/error:")
    if err.status == 401 and state.user.get() is not None:
        # The token is no good: forget it, so the click (any rerun) lands on the sign-in form.
        state.forget_sign_in()
        st.button("Sign in again", type="primary", key=f"{state.SIGN_IN_AGAIN_PREFIX}{next(_BUTTON_IDS)}")
        st.stop()


def api_call(fn: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T | None:
    """Call the API; on failure show the error (an expired sign-in also offers to sign in again) and return None."""
    try:
        return fn(*args, **kwargs)
    except ApiError as err:
        show_error(err)
        return None


def api_succeeded(fn: Callable[P, object], *args: P.args, **kwargs: P.kwargs) -> bool:
    """api_call for a request whose answer the page does not use (delete, end, rate): True when it went through."""

    def run() -> bool:
        fn(*args, **kwargs)
        return True

    return api_call(run) is not None


def has_items(items: list[T] | None, *, empty: str, icon: str | None = None) -> TypeGuard[list[T]]:
    """True when a fetched list has something to show; when it came back empty, say `empty` instead.

    None (the call failed) is False too: api_call has already shown why.
    """
    if items is not None and not items:
        st.info(empty, icon=icon)
    return bool(items)
