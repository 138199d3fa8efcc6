"""Admin app: a self-refreshing view of cost, alerts, live sessions, errors and provider health."""

from __future__ import annotations

import sys
from datetime import datetime
from pathlib import Path

import streamlit as st

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # `streamlit run mvp/...` puts only mvp/ on the path

from mvp import admin_panels as panels
from mvp.client.api_client import ApiError
from mvp.client.models import ErrorEvent
from mvp.ui_common import api, current_user, setup_page, show_error, sidebar_account, sign_in_screen

REFRESH_CHOICES = {"Every 5 seconds": 5, "Every 15 seconds": 15, "Every minute": 60, "Paused": None}
ALL = "All"


def sidebar_controls() -> tuple[int | None, int]:
    with st.sidebar:
        st.header("Dashboard")
        choice = st.selectbox("Refresh", list(REFRESH_CHOICES), key="refresh",
                              help="How often the figures reload by themselves.")
        days = st.slider("Days of history", 7, 60, 14, key="days")
        st.button("Refresh now", icon=":material/refresh:")
    return REFRESH_CHOICES[choice], days


def error_log(api_errors: list[ErrorEvent]) -> None:
    st.subheader("Error log", anchor=False)
    cols = st.columns(2)
    kinds = sorted({e.kind for e in api_errors if e.kind})
    sources = sorted({e.source for e in api_errors if e.source})
    kind = cols[0].selectbox("Kind", [ALL, *kinds], key="error_kind")
    source = cols[1].selectbox("Source", [ALL, *sources], key="error_source")
    if kind == ALL and source == ALL:
        panels.errors_panel(api_errors)
        return
    try:
        filtered = api().errors(kind=None if kind == ALL else kind, source=None if source == ALL else source)
    except ApiError as err:
        show_error(err)
        return
    panels.errors_panel(filtered)


def dashboard(days: int, interval: int | None) -> None:
    """Everything that refreshes: fetched together so one failure shows one message, not six."""
    client = api()
    try:
        health = client.provider_health()
        usage = client.usage(days=days)
        alerts = client.alerts()
        errors = client.errors()
        active = client.list_sessions(status="active", limit=200)
        recent = client.list_sessions(status="ended", limit=15)
        names = {user.id: user.display_name for user in client.list_users()}
    except ApiError as err:
        show_error(err)
        return
    refreshed = datetime.now().strftime("%H:%M:%S")
    st.caption(f"Updated {refreshed}" + (f" · refreshes every {interval} s" if interval else " · auto-refresh paused"))
    panels.health_banner(health)
    panels.today_metrics(usage)
    panels.cost_charts(usage)
    panels.sessions_panel("Active sessions", active, "Nobody is in a conversation right now.")
    panels.sessions_panel("Recently ended sessions", recent, "No conversations have ended yet.")
    panels.alerts_panel(usage, alerts, names)
    error_log(errors)
    panels.health_details(health)


def sign_in() -> None:
    sign_in_screen(role="admin", title="Virtual Client · Admin",
                   intro="Watch what the platform costs, who is practising right now, and whether the AI "
                         "provider is healthy.")


def monitor_page() -> None:
    interval, history_days = sidebar_controls()
    sidebar_account(current_user())  # type: ignore[arg-type]
    st.title("Platform monitor", anchor=False)
    st.caption("Cost, usage and health of the Virtual Client platform. Costs are in US dollars; days are UTC.")
    st.fragment(run_every=interval)(dashboard)(history_days, interval)


setup_page("Admin", ":material/monitoring:")
page = (st.Page(monitor_page, title="Monitor", icon=":material/monitoring:") if current_user()
        else st.Page(sign_in, title="Sign in", icon=":material/login:"))
st.navigation([page], position="hidden").run()
