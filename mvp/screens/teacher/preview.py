"""Teacher: the blocks of one client's system prompt, the turn notes that carry what it keeps back, and what the
prompt honestly costs on a reply, cached and not."""

from __future__ import annotations

import streamlit as st

from mvp import state
from mvp.client.checks import PromptPreview
from mvp.widgets.api_calls import api_call, has_items
from mvp.widgets.client_picker import pick_client
from mvp.widgets.formatting import money


def _costs(preview: PromptPreview) -> None:
    if not preview.model_priced:
        st.metric("Prompt cost per reply", "Not billed",
                  help=f"{preview.model} is a local model with no configured price: nothing is billed per token. "
                       "The prompt's length still counts against the model's context and speed.")
        st.caption(f"Model: **{preview.model}**")  # a metric tile would cut a long model name short
        return
    cols = st.columns(4)
    cols[0].metric("Per reply in a class", money(preview.cached_cost_per_reply_usd),
                   help="Both blocks read from the cache at a tenth of the price: another student talked to this "
                        "client in the last few minutes.")
    cols[1].metric("First with this client", money(preview.first_reply_cost_usd),
                   help="The platform's scaffold is cached; this client's block is written to the cache once.")
    cols[2].metric("Nothing cached", money(preview.cold_reply_cost_usd),
                   help="The first reply on a quiet platform writes both blocks to the cache (1.25x the price).")
    cols[3].metric("Without caching", money(preview.prompt_cost_per_reply_usd),
                   help="The prompt billed in full, as it would be below the model's minimum cacheable length.")
    caching = (f"{preview.model} caches prompts from {preview.min_cacheable_tokens:,} tokens"
               if preview.min_cacheable_tokens else f"{preview.model} caches nothing, so a reply pays it in full")
    st.caption(f"Model: **{preview.model}** · the prompt is {preview.estimated_model_tokens:,} tokens; {caching}. "
               "The conversation itself (history and replies) comes on top.")


def _blocks(preview: PromptPreview) -> None:
    for block in preview.blocks or []:
        if not preview.min_cacheable_tokens:
            cached = "not cached by this model"
        else:
            cached = "cacheable" if block.cacheable else "below the cacheable minimum"
        with st.expander(f"{block.title}: {block.estimated_model_tokens:,} tokens, shared by {block.shared_by} "
                         f"({cached})", expanded=block.name == "persona"):
            st.code(block.text, language=None, wrap_lines=True)


def preview_page() -> None:
    st.title("Prompt preview", anchor=False)
    st.caption("What the model receives for this client, block by block. The platform scaffold is the same for "
               "every client; this client's block holds your persona without what it keeps back, which reaches "
               "the model only in a turn's note once a student has earned it.")
    clients = api_call(state.api().list_clients)
    if not has_items(clients, empty="No clients yet — create your first one on the **Client editor** page."):
        return
    chosen = pick_client("Client", clients, state.preview_choice)
    preview = api_call(state.api().prompt_preview, chosen)
    if preview is None:
        return
    _costs(preview)
    _blocks(preview)
    if preview.note_examples:
        st.markdown("#### The note on each turn")
        st.caption("A sentence after the student's message, never cached and never shown to the student: how open "
                   "the client is now, and what it may let out. For example:")
        st.code("\n".join(preview.note_examples), language=None, wrap_lines=True)
