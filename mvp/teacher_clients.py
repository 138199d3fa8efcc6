"""Teacher pages about personas: the list with its actions, the editor, and the compiled prompt preview."""

from __future__ import annotations

import streamlit as st

from mvp.client.api_client import ApiError
from mvp.client.models import Client
from mvp.persona_form import difficulty_label, persona_form
from mvp.ui_common import api, call, flash, go, show_error, show_flash, when

NEW_CLIENT = 0


def load_clients() -> list[Client] | None:
    return call(api().list_clients)


def client_picker(label: str, clients: list[Client], *, key: str, allow_new: bool = False) -> int:
    """A select box of the teacher's clients (optionally with 'New client'); the choice lives in state."""
    options = ([NEW_CLIENT] if allow_new else []) + [c.id for c in clients]
    names = {c.id: f"{c.name}, {c.age}" + ("" if c.is_published else "  (draft)") for c in clients}
    names[NEW_CLIENT] = "New client (blank form)"
    if st.session_state.get(key) not in options:
        st.session_state[key] = options[0]
    return int(st.selectbox(label, options, format_func=lambda cid: names[cid], key=key))


def open_page(page: str, state_key: str, client_id: int) -> None:
    st.session_state[state_key] = client_id
    go(page)


def _set_published(client: Client, published: bool) -> None:
    try:
        api().update_client(client.id, {"is_published": published})
    except ApiError as err:
        show_error(err)
        return
    flash(f"{client.name} is now {'published for students' if published else 'unpublished (a draft)'}.")
    st.rerun()


def _delete(client: Client) -> None:
    st.session_state.pop("confirm_delete", None)
    try:
        api().delete_client(client.id)
    except ApiError as err:
        show_error(err)
        return
    flash(f"{client.name} was deleted. Past conversations with them stay readable.")
    st.rerun()


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
        st.caption(f"Last edited {when(client.updated_at)}")
        row = st.container(horizontal=True)
        if row.button("Edit", key=f"edit_{client.id}", icon=":material/edit:"):
            open_page("editor", "editor_choice", client.id)
        if row.button("Preview prompt", key=f"preview_{client.id}", icon=":material/description:"):
            open_page("preview", "preview_choice", client.id)
        if row.button("Test chat", key=f"test_{client.id}", icon=":material/chat:"):
            open_page("test", "test_client_choice", client.id)
        if row.button("Conversations", key=f"history_{client.id}", icon=":material/history:"):
            open_page("history", "history_client", client.id)
        if client.is_published:
            if row.button("Unpublish", key=f"unpublish_{client.id}", icon=":material/visibility_off:"):
                _set_published(client, False)
        elif row.button("Publish", key=f"publish_{client.id}", icon=":material/publish:", type="primary"):
            _set_published(client, True)
        if row.button("Delete", key=f"delete_{client.id}", icon=":material/delete:"):
            st.session_state["confirm_delete"] = client.id
        if st.session_state.get("confirm_delete") == client.id:
            st.warning(f"Delete **{client.name}**? Students will no longer see this client; past "
                       "conversations stay readable.")
            confirm = st.container(horizontal=True)
            if confirm.button("Yes, delete", key=f"confirm_delete_{client.id}", type="primary"):
                _delete(client)
            if confirm.button("Cancel", key=f"cancel_delete_{client.id}"):
                st.session_state.pop("confirm_delete", None)
                st.rerun()


def clients_page() -> None:
    st.title("My clients", anchor=False)
    st.caption("The simulated clients you have written. Publish a client to let students practise with them.")
    show_flash()
    if st.button("New client", icon=":material/person_add:", type="primary"):
        open_page("editor", "editor_choice", NEW_CLIENT)
    clients = load_clients()
    if clients is None:
        return
    if not clients:
        st.info("No clients yet — create your first one with **New client**.", icon=":material/person_add:")
        return
    published = sum(c.is_published for c in clients)
    st.caption(f"{len(clients)} clients · {published} published · {len(clients) - published} drafts")
    for client in clients:
        _client_card(client)


def editor_page() -> None:
    show_flash()
    clients = load_clients()
    vocabulary = call(api().issue_vocabulary) or []
    if clients is None:
        return
    st.title("Client editor", anchor=False)
    st.caption("Fields marked * are required. A good persona is specific: concrete details, a voice, and "
               "something the client only shares once the student earns their trust.")
    chosen = client_picker("Client to edit", clients, key="editor_choice", allow_new=True)
    client = next((c for c in clients if c.id == chosen), None)
    st.subheader(f"Editing {client.name}" if client else "New client", anchor=False)
    nonce = st.session_state.setdefault("editor_nonce", 0)
    values = persona_form(client, vocabulary, form_key=f"persona_{nonce}")
    if values is None:
        return
    try:
        saved = api().update_client(client.id, values) if client else api().create_client(values)
    except ApiError as err:
        show_error(err)
        return
    st.session_state["editor_nonce"] = nonce + 1
    flash(f"Saved {saved.name}." if client else f"Created {saved.name}.")
    go("clients")


def preview_page() -> None:
    st.title("Prompt preview", anchor=False)
    st.caption("The system prompt the model receives for this client on every turn. Check that the facts read "
               "right and that nothing hidden is in the brief for students.")
    clients = load_clients()
    if clients is None:
        return
    if not clients:
        st.info("No clients yet — create your first one on the **Client editor** page.")
        return
    chosen = client_picker("Client", clients, key="preview_choice")
    preview = call(api().prompt_preview, chosen)
    if preview is None:
        return
    cols = st.columns(4)
    cols[0].metric("Estimated tokens", f"{preview.estimated_model_tokens or preview.estimated_tokens:,}",
                   help="Sent with every reply. Short prompts are not cached (Haiku 4.5 caches only from 4,096 "
                        "tokens), so every word here is paid on every turn.")
    cols[1].metric("Prompt cost per reply", f"${preview.prompt_cost_per_reply_usd:.4f}",
                   help="What sending this prompt costs on each reply; a 10-turn practice pays it ten times, "
                        "plus the conversation itself.")
    cols[2].metric("Characters", f"{len(preview.system_prompt):,}")
    cols[3].metric("Model", preview.model)
    st.code(preview.system_prompt, language=None, wrap_lines=True)
