"""The progress grid: students by assignments, each cell coloured by status; clicking a cell opens its transcript."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from mvp import state
from mvp.client.course_models import ProgressCell, SectionProgress
from mvp.logic.courses import STATUS_FILLS, STATUS_LABELS, grid_table

LEGEND_ORDER = ("submitted", "late", "in_progress", "not_started", "not_open", "missed")


def _openable(cell: ProgressCell) -> int | None:
    """The session a click on this cell opens: the submitted one, else the latest attempt."""
    return cell.submitted_session_id or cell.last_session_id


def legend() -> None:
    row = st.container(horizontal=True)
    with row:
        for status in LEGEND_ORDER:
            st.markdown(f"<span style='background:{STATUS_FILLS[status]};padding:2px 8px;border-radius:4px'>"
                        f"{STATUS_LABELS[status]}</span>", unsafe_allow_html=True)


def progress_grid(progress: SectionProgress, lms: dict[tuple[int, int], str] | None = None) -> None:
    """Draw the grid; a click on a cell with a session chooses it for the transcript below. `lms`: each cell's
    score send to the LMS ('sent to LMS', 'waiting', 'failed: why')."""
    columns, words, statuses = grid_table(progress, lms)
    # Two assignments may share a title: the column names must not.
    unique = [name if columns.index(name) == i else f"{name} ({i})" for i, name in enumerate(columns)]
    frame = pd.DataFrame(words, columns=unique)
    colours = pd.DataFrame([[f"background-color: {STATUS_FILLS[s]}" if s else "" for s in row] for row in statuses],
                           columns=unique)
    event = st.dataframe(frame.style.apply(lambda _: colours, axis=None), hide_index=True, key=state.GRID,
                         on_select="rerun", selection_mode="single-cell")
    for row_index, column in event.selection.cells:
        position = unique.index(column) if column in unique else 0
        if position == 0:
            continue
        chosen = _openable(progress.students[row_index].cells[position - 1])
        if chosen is not None:
            state.grid_session.set(chosen)
    legend()
