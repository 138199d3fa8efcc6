"""Admin: LTI — what to paste into the LMS, the registered LMSs with their last launch, roster sync and score send."""

from __future__ import annotations

import json

import pandas as pd
import streamlit as st

from mvp import state
from mvp.client.lti import LtiPlatform
from mvp.logic.lti import platform_body, platform_rows
from mvp.widgets.api_calls import api_call, api_succeeded
from mvp.widgets.flash import flash, show_flash
from mvp.widgets.sidebar import sidebar_account


def _tool_config() -> None:
    st.subheader("This tool, as the LMS needs it", anchor=False)
    generic = api_call(state.api().lti_config)
    if generic is None:
        return
    st.dataframe(pd.DataFrame([
        {"Field": "Login (OIDC initiation) URL", "Value": generic["login_url"]},
        {"Field": "Redirect URI / launch URL", "Value": ", ".join(generic["redirect_uris"])},
        {"Field": "Deep-linking URL", "Value": generic["deep_linking_url"]},
        {"Field": "Public keyset (JWKS) URL", "Value": generic["jwks_url"]},
        {"Field": "Scopes", "Value": " ".join(generic["scopes"])},
    ]), hide_index=True)
    with st.expander("Canvas developer key (Paste JSON)"):
        canvas = api_call(state.api().lti_config, canvas=True)
        if canvas is not None:
            st.code(json.dumps(canvas, indent=2), language="json")
    if st.button("Rotate the signing key", key=state.LTI_ROTATE, icon=":material/key:",
                 help="A new key signs from now on; the old one stays published for a week."):
        kid = api_call(state.api().rotate_lti_key)
        if kid:
            st.success(f"New signing key {kid}; the previous one stays in the JWKS while LMSs may still use it.")


def _register_form() -> None:
    keys = state.LTI_PLATFORM_FIELDS
    with st.form("lti_register"):
        st.subheader("Register an LMS", anchor=False)
        cols = st.columns(2)
        values = {
            "name": cols[0].text_input("Name", key=keys[0], placeholder="University Canvas"),
            "issuer": cols[1].text_input("Issuer (iss)", key=keys[1], placeholder="https://canvas.instructure.com"),
            "client_id": cols[0].text_input("Client id", key=keys[2]),
            "deployment_ids": cols[1].text_input("Deployment ids (comma-separated)", key=keys[3]),
            "auth_login_url": st.text_input("Authorization (OIDC auth) URL", key=keys[4]),
            "auth_token_url": st.text_input("Access token URL", key=keys[5]),
            "keyset_url": st.text_input("Public keyset URL", key=keys[6]),
            "link_by_email": st.checkbox("Link launches to existing accounts with the same email", key=keys[7]),
        }
        submitted = st.form_submit_button("Register", type="primary")
    if submitted:
        created = api_call(state.api().create_lti_platform, platform_body(values))
        if created is not None:
            state.reset_widgets(keys)
            flash(f"Registered {created.name}.")
            st.rerun()


def _edit(platforms: list[LtiPlatform]) -> None:
    """A new deployment (another sub-account, a second course shell) or the email-linking switch."""
    names = {p.id: f"{p.name} ({p.issuer})" for p in platforms}
    chosen_id = st.selectbox("Edit an LMS", list(names), format_func=names.__getitem__, key=state.LTI_EDIT_CHOICE)
    chosen = next(p for p in platforms if p.id == chosen_id)
    with st.form(f"lti_edit_{chosen.id}"):
        deployments = st.text_input("Deployment ids (comma-separated)", value=", ".join(chosen.deployment_ids),
                                    key=f"{state.LTI_EDIT_DEPLOYMENTS}_{chosen.id}")
        link = st.checkbox("Link launches to existing accounts with the same email", value=chosen.link_by_email,
                           key=f"{state.LTI_EDIT_LINK}_{chosen.id}")
        saved = st.form_submit_button("Save", key=f"{state.LTI_EDIT_SAVE}_{chosen.id}")
    if saved and api_call(state.api().update_lti_platform, chosen.id,
                          {"deployment_ids": platform_body({"deployment_ids": deployments})["deployment_ids"],
                           "link_by_email": link}) is not None:
        flash(f"Saved {chosen.name}.")
        st.rerun()


def _remove(platforms: list[LtiPlatform]) -> None:
    names = {p.id: f"{p.name} ({p.issuer})" for p in platforms}
    cols = st.columns([3, 1], vertical_alignment="bottom")
    chosen = cols[0].selectbox("Remove an LMS (its sections and accounts stay)", list(names),
                               format_func=names.__getitem__, key=state.LTI_REMOVE_CHOICE)
    if cols[1].button("Remove", key=state.LTI_REMOVE, icon=":material/delete:") and \
            api_succeeded(state.api().delete_lti_platform, chosen):
        flash(f"Removed {names[chosen]}.")
        st.rerun()


def lti_page() -> None:
    sidebar_account()
    st.title("LTI: inside the LMS", anchor=False)
    st.caption("Courses launch Virtual Client from Canvas, Moodle, Blackboard or D2L with LTI 1.3: single sign-on, "
               "rosters from the LMS, and scores written back to its gradebook.")
    show_flash()
    _tool_config()
    st.subheader("Registered LMSs", anchor=False)
    platforms = api_call(state.api().lti_platforms)
    if platforms:
        st.dataframe(pd.DataFrame(platform_rows(platforms)), hide_index=True)
        _edit(platforms)
        _remove(platforms)
    elif platforms is not None:
        st.caption("No LMS is registered yet: register one below with the values from its developer key.")
    _register_form()
