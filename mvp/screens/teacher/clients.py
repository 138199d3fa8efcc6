"""Teacher: My clients, each persona as a card with its actions (edit, preview, test, read, publish, delete)."""

from __future__ import annotations

import streamlit as st

from mvp import state
from mvp.client.models import Client
from mvp.navigation import PageName, open_page
from mvp.state import Choice
from mvp.widgets.api_calls import api_call, api_succeeded, has_items
from mvp.widgets.confirm import confirm_row
from mvp.widgets.flash import flash, show_flash
from mvp.widgets.formatting import local_time, plural
from mvp.widgets.persona_form import difficulty_label
from mvp.widgets.timezone import viewer_zone


def _open_for(page: PageName, choice: Choice, client_id: int | None) -> None:
    choice.set(client_id)
    open_page(page)


def _set_published(client: Client, published: bool) -> None:
    if not api_succeeded(state.api().update_client, client.id, {"is_published": published}):
        return
    flash(f"{client.name} is now {'published for students' if published else 'unpublished (a draft)'}.")
    st.rerun()


def _confirm_delete(client: Client) -> None:
    confirm_row(state.confirm_delete,
                f"Delete **{client.name}**? Students will no longer see this client; past conversations stay readable.",
                yes="Yes, delete", key=f"delete_{client.id}",
                done=f"{client.name} was deleted. Past conversations with them stay readable.",
                act=lambda: api_succeeded(state.api().delete_client, client.id))


def _client_card(client: Client) -> None:
    with st.container(border=True, key=f"client_card_{client.id}"):
        st.markdown(f"### {client.name}, {client.age}")
        with st.container(horizontal=True):
            if client.is_published:
                st.badge("Published", icon=":material/visibility:", color="green")
            else:
                st.badge("Draft", icon=":material/edit_note:", color="gray")
            st.badge(f"Difficulty {difficulty_label(client.difficulty)}", color="blue")
            if client.issues:
                st.caption("Issues: " + ", ".join(client.issues))
        st.write(client.student_brief or "_No brief for students yet._")
        st.caption(f"Last edited {local_time(client.updated_at, viewer_zone())}")
        row = st.container(horizontal=True)
        if row.button("Edit", key=f"edit_{client.id}", icon=":material/edit:"):
            _open_for("editor", state.editor_choice, client.id)
        if row.button("Preview prompt", key=f"preview_{client.id}", icon=":material/description:"):
            _open_for("preview", state.preview_choice, client.id)
        if row.button("Check this client", key=f"check_{client.id}", icon=":material/fact_check:",
                      help="Scripted students probe the client before students meet it: pass, warn or fail each."):
            state.run_check_for.set(client.id)
            _open_for("checks", state.check_choice, client.id)
        if row.button("Test chat", key=f"test_{client.id}", icon=":material/chat:"):
            _open_for("test", state.test_client_choice, client.id)
        if row.button("Conversations", key=f"history_{client.id}", icon=":material/history:"):
            _open_for("history", state.history_client, client.id)
        if client.is_published:
            if row.button("Unpublish", key=f"unpublish_{client.id}", icon=":material/visibility_off:"):
                _set_published(client, False)
        elif row.button("Publish", key=f"publish_{client.id}", icon=":material/publish:", type="primary"):
            _set_published(client, True)
        if row.button("Delete", key=f"delete_{client.id}", icon=":material/delete:"):
            state.confirm_delete.set(client.id)
        if state.confirm_delete.get() == client.id:
            _confirm_delete(client)


def clients_page() -> None:
    st.title("My clients", anchor=False)
    st.caption("The simulated clients you have written. Publish a client to let students practise with them.")
    show_flash()
    if st.button("New client", icon=":material/person_add:", type="primary"):
        _open_for("editor", state.editor_choice, None)
    clients = api_call(state.api().list_clients)
    if not has_items(clients, empty="No clients yet — create your first one with **New client**.",
                     icon=":material/person_add:"):
        return
    published = sum(c.is_published for c in clients)
    st.caption(f"{plural(len(clients), 'client')} · {published} published · "
               f"{plural(len(clients) - published, 'draft')}")
    for client in clients:
        _client_card(client)
