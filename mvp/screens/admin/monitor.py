"""Admin: the platform monitor, cost, alerts, live sessions, errors and provider health, refreshing itself."""

from __future__ import annotations

from datetime import datetime

import streamlit as st

from mvp import state
from mvp.client.models import ErrorEvent
from mvp.logic.dashboard import load_dashboard
from mvp.widgets import admin_panels as panels
from mvp.widgets import url_state
from mvp.widgets.api_calls import api_call
from mvp.widgets.sidebar import sidebar_account

REFRESH_CHOICES = {"Every 5 seconds": 5, "Every 15 seconds": 15, "Every minute": 60, "Paused": None}
REFRESH_BY_PARAM = {str(seconds or "paused"): label for label, seconds in REFRESH_CHOICES.items()}  # ?refresh=15
ALL = "All"


def _dashboard_controls() -> tuple[int | None, int]:
    url_state.restore(state.REFRESH, "refresh", lambda seconds: REFRESH_BY_PARAM[seconds])
    with st.sidebar:
        st.header("Dashboard")
        choice = st.selectbox("Refresh", list(REFRESH_CHOICES), key=state.REFRESH,
                              help="How often the figures reload by themselves.")
        days = st.slider("Days of history", 7, 60, 14, key=state.HISTORY_DAYS)
        st.button("Refresh now", icon=":material/refresh:")
    url_state.keep("refresh", REFRESH_CHOICES[choice] or "paused")  # a reload keeps the setting
    return REFRESH_CHOICES[choice], days


def _error_log(api_errors: list[ErrorEvent]) -> None:
    st.subheader("Error log", anchor=False)
    cols = st.columns(2)
    kinds = sorted({e.kind for e in api_errors if e.kind})
    sources = sorted({e.source for e in api_errors if e.source})
    kind = cols[0].selectbox("Kind", [ALL, *kinds], key=state.ERROR_KIND)
    source = cols[1].selectbox("Source", [ALL, *sources], key=state.ERROR_SOURCE)
    if kind == ALL and source == ALL:
        panels.errors_panel(api_errors)
        return
    filtered = api_call(state.api().errors, kind=None if kind == ALL else kind,
                        source=None if source == ALL else source)
    if filtered is not None:
        panels.errors_panel(filtered)


def dashboard(days: int, interval: int | None) -> None:
    """Everything that refreshes: fetched together so one failure shows one message, not six."""
    data = api_call(load_dashboard, state.api(), days)
    if data is None:
        return
    refreshed = datetime.now().strftime("%H:%M:%S")
    st.caption(f"Updated {refreshed}" + (f" · refreshes every {interval} s" if interval else " · auto-refresh paused"))
    panels.health_banner(data.health)
    panels.today_metrics(data.usage)
    panels.cost_charts(data.usage)
    panels.courses_panel(data.courses)
    panels.sessions_panel("Active sessions", data.active, "Nobody is in a conversation right now.")
    panels.sessions_panel("Recently ended sessions", data.recent, "No conversations have ended yet.")
    panels.alerts_panel(data.usage, data.alerts, data.names)
    _error_log(data.errors)
    panels.health_details(data.health)


def monitor_page() -> None:
    interval, history_days = _dashboard_controls()
    sidebar_account()
    st.title("Platform monitor", anchor=False)
    st.caption("Cost, usage and health of the Virtual Client platform. Costs are in US dollars; days are UTC.")
    st.fragment(run_every=interval)(dashboard)(history_days, interval)
