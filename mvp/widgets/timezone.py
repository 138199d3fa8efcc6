"""The viewer's time zone, as their browser reports it, so every date is shown in their own local time."""

from __future__ import annotations

from datetime import UTC, tzinfo
from typing import Any
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


def when_column(*, with_time: bool = True, seconds: bool = False) -> Any:
    """A table column of moments written as local_time writes them ('Tue 1 Dec 2026, 17:00'), in the viewer's
    zone, so a table and the text around it never show one moment two ways."""
    clock = ", HH:mm:ss" if seconds else ", HH:mm" if with_time else ""
    return st.column_config.DatetimeColumn(format=f"ddd D MMM YYYY{clock}", timezone=viewer_zone_name() or "UTC")
