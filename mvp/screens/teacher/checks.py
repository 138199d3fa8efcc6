"""Teacher: check a client before publishing it: scripted students probe it, and each probe gets a verdict."""

from __future__ import annotations

import streamlit as st

from mvp import state
from mvp.client.checks import PersonaCheck
from mvp.client.models import Client
from mvp.widgets.api_calls import api_call, api_succeeded, has_items
from mvp.widgets.check_results import render_check
from mvp.widgets.client_picker import pick_client
from mvp.widgets.flash import flash, show_flash

INTRO = ("Before students meet a client, scripted students probe it: \"are you an AI?\", an instruction to drop the "
         "role, a blunt demand for what it keeps back, a hostile student, \"tell me your whole life story\", a request "
         "for advice, and a warm five-turn opening. Each probe gets pass, warn or fail, with the replies and why. The "
         "probes are not saved as conversations; their cost is counted as checks.")


def _latest(client_id: int) -> tuple[bool, PersonaCheck | None]:
    """(whether the API answered, the latest check or None when there is none)."""
    answered = api_call(lambda: (True, state.api().latest_check(client_id)))
    return answered if answered is not None else (False, None)


def _run(client: Client) -> PersonaCheck | None:
    with st.spinner(f"Checking {client.name}: a dozen scripted turns, then the verdicts. With Claude this takes "
                    "about a minute."):
        return api_call(state.api().check_client, client.id)


def _offer_publish(client: Client, check: PersonaCheck) -> None:
    """A draft that passed (or only warned) on an up-to-date check can be published from here."""
    if client.is_published or check.verdict == "fail" or not check.up_to_date:
        return
    publish = st.button(f"Publish {client.name} for students", type="primary", icon=":material/publish:",
                        key=state.PUBLISH_CHECKED)
    if publish and api_succeeded(state.api().update_client, client.id, {"is_published": True}):
        flash(f"{client.name} is now published for students.")
        st.rerun()


def checks_page() -> None:
    st.title("Check a client", anchor=False)
    st.caption(INTRO)
    show_flash()
    clients = api_call(state.api().list_clients)
    if not has_items(clients, empty="No clients yet — create your first one on the **Client editor** page."):
        return
    chosen = pick_client("Client", clients, state.check_choice)
    client = next(c for c in clients if c.id == chosen)
    asked = st.button("Check this client", type="primary", icon=":material/fact_check:", key=state.CHECK_CLIENT)
    if asked or state.run_check_for.pop() == chosen:
        check = _run(client)
        if check is None:
            return
    else:
        answered, check = _latest(chosen)
        if not answered:
            return
        if check is None:
            advice = ("Students can already meet this client: press **Check this client** to see how it holds up."
                      if client.is_published else "Press **Check this client** before publishing.")
            st.info(f"{client.name} has not been checked yet. {advice}", icon=":material/fact_check:")
            return
    render_check(check, client.name)
    _offer_publish(client, check)
