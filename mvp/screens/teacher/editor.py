"""Teacher: the client editor, a new persona or a change to one of theirs."""

from __future__ import annotations

import streamlit as st

from mvp import state
from mvp.navigation import open_page
from mvp.widgets.api_calls import api_call
from mvp.widgets.client_picker import pick_client_or_new
from mvp.widgets.flash import flash, show_flash
from mvp.widgets.persona_form import persona_form


def editor_page() -> None:
    show_flash()
    clients = api_call(state.api().list_clients)
    vocabulary = api_call(state.api().issue_vocabulary) or []
    if clients is None:
        return
    st.title("Client editor", anchor=False)
    st.caption("Fields marked * are required. A good persona is specific: concrete details, a voice, and "
               "something the client only shares once the student earns their trust.")
    chosen = pick_client_or_new("Client to edit", clients, state.editor_choice)
    client = next((c for c in clients if c.id == chosen), None)
    st.subheader(f"Editing {client.name}" if client else "New client", anchor=False)
    nonce = state.editor_nonce.setdefault(0)
    values = persona_form(client, vocabulary, form_key=f"persona_{nonce}")
    if values is None:
        return
    saved = (api_call(state.api().update_client, client.id, values) if client
             else api_call(state.api().create_client, values))
    if saved is None:
        return
    state.editor_nonce.set(nonce + 1)
    flash(f"Saved {saved.name}." if client else f"Created {saved.name}.")
    open_page("clients")
