"""The viewer's time zone, as their browser reports it, so every date is shown in their own local time."""

from __future__ import annotations

from datetime import UTC, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import streamlit as st


def viewer_zone_name() -> str | None:
    """The browser's IANA zone ('Europe/Paris'), or None where there is no browser (tests, first paint)."""
    try:
        return st.context.timezone
    except Exception:  # no script run context (plain function calls in tests)
        return None


def viewer_zone() -> tzinfo:
    name = viewer_zone_name()
    try:
        return ZoneInfo(name) if name else UTC
    except (ZoneInfoNotFoundError, ValueError):
        return UTC
