"""Text alternatives for charts: a sentence a screen reader reads first, and the chart's numbers as a real table."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pandas as pd
import streamlit as st


def trend_summary(rows: Sequence[dict[str, Any]], series: Sequence[str]) -> str:
    """'Open questions (%): 40 in your first conversation, 65 in your latest (3 conversations).' per series."""
    parts = []
    for name in series:
        values = [row[name] for row in rows if row.get(name) is not None]
        if not values:
            continue
        if len(values) == 1:
            parts.append(f"{name}: {values[0]:g}")
        else:
            parts.append(f"{name}: {values[0]:g} in your first conversation, {values[-1]:g} in your latest")
    count = len(rows)
    return "; ".join(parts) + f" ({count} conversation{'s' if count != 1 else ''})." if parts else "No data yet."


def chart_alternative(summary: str, table: pd.DataFrame | None = None) -> None:
    """The chart in words under it; with `table`, its numbers in an HTML table behind an expander."""
    st.caption(f"In words: {summary}")
    if table is not None and not table.empty:
        with st.expander("The chart as a table"):
            st.table(table)
