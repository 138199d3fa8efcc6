"""The 'are you sure?' row under a destructive button: one warning, 'Yes' and 'Cancel', used wherever one click
would otherwise delete or remove something."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import streamlit as st

from mvp.state import Slot
from mvp.widgets.flash import flash


def confirm_row(waiting: Slot[Any], warning: str, *, yes: str, key: str, act: Callable[[], bool],
                done: str) -> None:
    """Ask before acting: `act` runs on 'Yes' and says whether it worked; either answer clears `waiting`."""
    st.warning(warning)
    row = st.container(horizontal=True)
    if row.button(yes, type="primary", key=f"confirm_{key}"):
        waiting.pop()
        if act():
            flash(done)
            st.rerun()
    if row.button("Cancel", key=f"cancel_{key}"):
        waiting.pop()
        st.rerun()
