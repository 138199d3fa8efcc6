"""A select box of ids whose choice lives in a state slot, so other pages and code can preset it."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import streamlit as st

from mvp.state import Choice


def pick(label: str, labels: Mapping[int, str], choice: Choice, *, none_label: str | None = None,
         where: Any = st, **options: Any) -> int | None:
    """The id picked among `labels` (id -> what the box shows), kept in `choice`.

    With `none_label`, the box's first option is None ('All clients', 'New client'). A remembered id that is no
    longer offered (deleted, filtered out) falls back to the first option. None when there is nothing to pick.
    `where` is the container to draw in (a column); `options` go to st.selectbox (help, placeholder…).
    """
    ids: list[int | None] = [None, *labels] if none_label is not None else list(labels)
    if not ids:
        return None
    choice.keep_valid(ids)
    return where.selectbox(label, ids, key=choice.key, **options,
                           format_func=lambda cid: none_label if cid is None else labels[cid])
