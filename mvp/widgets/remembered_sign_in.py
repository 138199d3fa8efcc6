"""Keeping a sign-in across reloads and app restarts, and ending it in every tab of the browser at sign-out."""

from __future__ import annotations

import time

import streamlit as st

from mvp import state
from mvp.client.api_client import ApiError
from mvp.client.models import LoginResult, User
from mvp.logic.sign_in_store import SignInStore
from mvp.widgets.browser_cookie import delete_cookie, read_cookie, write_cookie


@st.cache_resource
def _store() -> SignInStore:
    return SignInStore()


def _cookie_name(app: str) -> str:
    return f"vc_{app}_sign_in"  # one per app: the apps share a host, and cookies ignore ports


def remember(app: str, result: LoginResult) -> None:
    """Keep this sign-in for the token's lifetime; a tab that already shares the browser's id keeps using it."""
    expires_at = result.expires_at.timestamp() if result.expires_at else time.time() + 3600
    sign_in_id = _store().remember(app, result.access_token, expires_at, read_cookie(_cookie_name(app)))
    state.sign_in_id.set(sign_in_id)
    state.sign_in_expires_at.set(expires_at)


def restore(app: str) -> User | None:
    """The user this browser signed in as before a reload or restart, if that sign-in is still good."""
    cookie = _cookie_name(app)
    sign_in_id = read_cookie(cookie)
    if not sign_in_id or state.signed_out.get():
        return None
    remembered = _store().recall(app, sign_in_id)
    if remembered is None:
        delete_cookie(cookie)
        return None
    client = state.api()
    client.token = remembered.token
    try:
        user = client.me()
    except ApiError as err:
        client.token = None
        if err.status == 401:  # expired or the account was deactivated: nothing to keep
            _store().forget(sign_in_id)
            delete_cookie(cookie)
        return None
    if user.role != app:
        client.token = None
        return None
    state.user.set(user)
    state.sign_in_id.set(sign_in_id)
    state.sign_in_expires_at.set(remembered.expires_at)
    return user


def still_valid(app: str) -> bool:
    """False once the sign-in was ended elsewhere in this browser (another tab signed out)."""
    sign_in_id = state.sign_in_id.get()
    return sign_in_id is None or _store().recall(app, sign_in_id) is not None


def keep_cookie(app: str) -> None:
    """Write the browser's cookie for this sign-in (again: harmless, and it survives a cleared cookie)."""
    sign_in_id, expires_at = state.sign_in_id.get(), state.sign_in_expires_at.get()
    if sign_in_id and expires_at:
        write_cookie(_cookie_name(app), sign_in_id, max_age_s=int(expires_at - time.time()))


def sign_out(app: str) -> None:
    """End the sign-in on the server (its token stops working), here and in every tab of this browser, then show
    the sign-in form."""
    client = state.api_client.get()
    if client is not None:
        client.logout()
    sign_in_id = state.sign_in_id.get()
    if sign_in_id:
        _store().forget(sign_in_id)
    state.clear_all()
    state.signed_out.set(True)


def drop_cookie_after_sign_out(app: str) -> None:
    if state.signed_out.get():
        delete_cookie(_cookie_name(app))
