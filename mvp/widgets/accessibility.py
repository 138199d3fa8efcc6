"""WCAG 2.1 AA support every page gets: contrast and focus CSS, and the script for keyboard and screen readers."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import streamlit as st

ASSETS = Path(__file__).parent / "assets"


@cache
def _asset(name: str) -> str:
    return (ASSETS / name).read_text(encoding="utf-8")


def accessible_page() -> None:
    """Inject the CSS and the script once per run; the script guards itself so it runs once per browser tab.

    The script must not contain '<' followed by a letter or '/': Streamlit's sanitiser drops such a script."""
    st.html(f"<style>{_asset('a11y.css')}</style>")
    st.html(f'<span class="vc-a11y-anchor"></span><script>{_asset("a11y.js")}</script>',
            unsafe_allow_javascript=True)
