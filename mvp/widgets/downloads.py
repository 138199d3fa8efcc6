"""Download buttons whose file is fetched only when clicked (a zip of a whole section is not free)."""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from mvp.client.api_client import ApiError


def download(label: str, fetch: Callable[[], bytes], *, file_name: str, mime: str, key: str,
             icon: str = ":material/download:") -> None:
    """A button that asks the API for the file on click; a refusal comes down as a text file saying why."""

    def data() -> bytes:
        try:
            return fetch()
        except ApiError as err:
            return f"The download failed: {err.message}\n".encode()

    st.download_button(label, data=data, file_name=file_name, mime=mime, key=key, icon=icon, on_click="ignore")
