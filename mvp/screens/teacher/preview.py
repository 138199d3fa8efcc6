"""Teacher: the compiled system prompt of one client, with what it costs on every reply."""

from __future__ import annotations

import streamlit as st

from mvp import state
from mvp.widgets.api_calls import api_call, has_items
from mvp.widgets.client_picker import pick_client
from mvp.widgets.formatting import money


def preview_page() -> None:
    st.title("Prompt preview", anchor=False)
    st.caption("The system prompt the model receives for this client on every turn. Check that the facts read "
               "right and that nothing hidden is in the brief for students.")
    clients = api_call(state.api().list_clients)
    if not has_items(clients, empty="No clients yet — create your first one on the **Client editor** page."):
        return
    chosen = pick_client("Client", clients, state.preview_choice)
    preview = api_call(state.api().prompt_preview, chosen)
    if preview is None:
        return
    cols = st.columns(3)
    cols[0].metric("Estimated tokens", f"{preview.estimated_model_tokens or preview.estimated_tokens:,}",
                   help="Sent with every reply. Short prompts are not cached (Haiku 4.5 caches only from 4,096 "
                        "tokens), so every word here is paid on every turn.")
    if preview.model_priced:
        cols[1].metric("Prompt cost per reply", money(preview.prompt_cost_per_reply_usd),
                       help="What sending this prompt costs on each reply; a 10-turn practice pays it ten times, "
                            "plus the conversation itself.")
    else:
        cols[1].metric("Prompt cost per reply", "Not billed",
                       help=f"{preview.model} is a local model with no configured price: nothing is billed per "
                            "token. Its length still counts against the model's context and speed.")
    cols[2].metric("Characters", f"{len(preview.system_prompt):,}")
    st.caption(f"Model: **{preview.model}**")  # a metric tile would cut a long model name short
    st.code(preview.system_prompt, language=None, wrap_lines=True)
