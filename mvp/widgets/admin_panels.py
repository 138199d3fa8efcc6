"""The admin dashboard's panels: each takes data already fetched from the API and only draws it."""

from __future__ import annotations

from dataclasses import asdict

import pandas as pd
import streamlit as st

from mvp.client.course_models import CourseUsage
from mvp.client.models import Alert, ErrorEvent, ProviderHealth, Session, UsageBucket, UsageReport
from mvp.widgets.chart_text import chart_alternative
from mvp.widgets.formatting import cost, dollars, money, time_ago, tokens
from mvp.widgets.timezone import when_column

CIRCUIT_TEXT = {
    "closed": ("Closed", "green", "Calls go through normally."),
    "open": ("Open", "red", "Too many failures: replies are fallbacks until the provider recovers."),
    "half_open": ("Half-open", "orange", "Trying the provider again with a test call."),
}
SCOPE_TEXT = {
    "session": "One conversation", "user_day": "One person, one day", "platform_day": "Whole platform, one day",
}
PLAIN_TABLE_ROWS = 25



def health_banner(health: ProviderHealth) -> None:
    """One line an admin can read at a glance: is the platform answering, and with what."""
    circuit, color, explanation = CIRCUIT_TEXT.get(health.circuit_state, ("Unknown", "gray", ""))
    label = health.provider_label or health.provider
    if health.offline_mode:
        st.info("**Offline mode**: no Anthropic API key is configured, so replies come from the rule-based "
                "simulator. Nothing is billed.", icon=":material/cloud_off:")
    elif health.status == "ok":
        st.success(f"Provider healthy: {label} · {health.model}",
                   icon=":material/check_circle:")
    else:
        st.error(f"Provider degraded: circuit {circuit.lower()}. {explanation}", icon=":material/error:")
    if not health.offline_mode and not health.model_priced:
        st.info(health.pricing_note[:1].upper() + health.pricing_note[1:], icon=":material/money_off:")
    row = st.container(horizontal=True)
    with row:
        st.badge(f"Provider: {label}", color="gray" if health.offline_mode else "blue",
                 help=f"{health.provider}: {health.pricing_note}" if health.pricing_note else health.provider)
        st.badge(f"Model: {health.model}", color="gray")
        st.badge(f"Circuit: {circuit}", color=color, help=explanation)  # type: ignore[arg-type]
        st.badge(f"Database: {health.database}", color="green" if health.database == "ok" else "red")


def today_metrics(usage: UsageReport) -> None:
    today = usage.today
    cols = st.columns(6)
    free = bool(usage.unpriced_models) and not today.cost_usd
    cols[0].metric("Cost today", money(today.cost_usd), border=True, delta="not billed" if free else None,
                   delta_color="off", delta_arrow="off",
                   help=f"Not billed, counted at $0: {', '.join(usage.unpriced_models)} (local, no price configured)"
                   if usage.unpriced_models else None)
    cols[1].metric("LLM calls today", f"{today.calls:,}", border=True)
    cols[2].metric("Input tokens", tokens(today.input_tokens), border=True)
    cols[3].metric("Output tokens", tokens(today.output_tokens), border=True)
    cols[4].metric("Cached tokens", tokens(today.cache_read_tokens), border=True,
                   help=f"Prompt tokens read from the cache (cheap). Cache writes today: "
                        f"{tokens(today.cache_creation_tokens)}")
    cols[5].metric("Active sessions", usage.active_sessions, border=True,
                   help=f"Fallback replies today: {usage.fallback_replies_today}")


def courses_panel(courses: CourseUsage) -> None:
    """Sections, enrollments and assignment sessions on the platform, and what each section's attempts cost."""
    st.subheader("Courses", anchor=False)
    cols = st.columns(4)
    cols[0].metric("Sections", courses.sections, border=True)
    cols[1].metric("Enrollments", courses.enrollments, border=True)
    cols[2].metric("Assignments", courses.assignments, border=True)
    cols[3].metric("Assignment sessions", courses.assignment_sessions, border=True,
                   help=f"Submitted: {courses.submitted_sessions} · cost so far {money(courses.cost_usd)}")
    if not courses.by_section:
        st.caption("No sections yet.")
        return
    st.dataframe(pd.DataFrame([{
        "Section": s.name, "Term": s.term, "Teacher": s.teacher_name, "Students": s.students,
        "Assignments": s.assignments, "Sessions": s.sessions, "Submitted": s.submitted, "Cost": money(s.cost_usd),
    } for s in courses.by_section]), hide_index=True)


def cost_charts(usage: UsageReport) -> None:
    left, right = st.columns(2)
    with left:
        st.subheader("Cost per day", anchor=False)
        days = pd.DataFrame([asdict(day) for day in usage.days])
        if days.empty:
            st.caption("No usage recorded yet.")
        else:
            days["Day"] = pd.to_datetime(days["day"]).dt.strftime("%d %b")
            billed = bool(days["cost_usd"].any())
            if not billed:
                free = "offline and unpriced local-model" if usage.unpriced_models else "offline"
                st.caption(f"Nothing billed in this period ({free} replies cost nothing). Calls per day instead:")
            st.bar_chart(days, x="Day", y="cost_usd" if billed else "calls", x_label="Day (UTC)",
                         y_label="Cost (USD)" if billed else "LLM calls", height=260, sort=False)
            busiest = days.loc[days["cost_usd" if billed else "calls"].idxmax()]
            chart_alternative(f"{money(days['cost_usd'].sum())} and {int(days['calls'].sum()):,} LLM calls over "
                              f"{len(days)} days; the busiest was {busiest['Day']} ({money(busiest['cost_usd'])}, "
                              f"{int(busiest['calls']):,} calls).",
                              pd.DataFrame({"Day (UTC)": days["Day"], "Cost": days["cost_usd"].map(money),
                                            "LLM calls": days["calls"]}).set_index("Day (UTC)"))
    with right:
        st.subheader("Cost by purpose, model and teacher", anchor=False)
        for title, rows in (("Purpose", usage.by_purpose), ("Model", usage.by_model), ("Teacher", usage.by_teacher)):
            if not rows:
                st.caption(f"No calls by {title.lower()} in this period yet.")
                continue
            st.table(_bucket_frame(rows, title, usage.unpriced_models), hide_index=True, border="horizontal")
        if usage.unpriced_models:
            st.caption(f"{', '.join(usage.unpriced_models)}: local, no price configured, so counted at $0 "
                       "(not billed). VC_PRICING_JSON gives a local model an internal price.")
        if any(row.estimated_calls for row in usage.by_model):
            st.caption("≈ marks tokens estimated by the platform for calls whose server reported no usage.")


def _bucket_frame(rows: list[UsageBucket], title: str, unpriced: list[str]) -> pd.DataFrame:
    """One row per model or teacher; an unpriced local model says "not billed" rather than a silent $0."""
    return pd.DataFrame([{
        title: row.label or row.key, "Calls": row.calls,
        "Tokens": ("≈" if row.estimated_calls else "") + tokens(row.total_tokens),
        "Cost": "not billed (local)" if title == "Model" and row.key in unpriced else money(row.cost_usd),
    } for row in rows])


def alerts_panel(usage: UsageReport, alerts: list[Alert], names: dict[int, str]) -> None:
    st.subheader("Cost alerts", anchor=False)
    thresholds = usage.thresholds
    cols = st.columns(3)
    cols[0].metric("Per conversation", dollars(thresholds.get("session_usd")),
                   help="An alert is raised when one conversation costs more than this.")
    cols[1].metric("Per person per day", dollars(thresholds.get("user_day_usd")),
                   help="An alert is raised when one person's conversations cost more than this in a day.")
    platform = float(thresholds.get("platform_day_usd") or 0)
    spent = float(usage.today.cost_usd or 0)
    cols[2].metric("Whole platform per day", dollars(platform), delta=f"{money(spent)} spent today",
                   delta_color="off", delta_arrow="off")
    if platform:
        st.progress(min(1.0, spent / platform), text=f"Today's spend: {spent / platform:.0%} of the daily platform "
                                                      "threshold")
    if not alerts:
        st.caption("No alerts: nothing has crossed a threshold.")
        return
    st.dataframe(pd.DataFrame([{
        "When": a.created_at, "Scope": SCOPE_TEXT.get(a.scope, a.scope), "Who": _alert_subject(a, names),
        "Threshold": dollars(a.threshold_usd), "Amount": money(a.amount_usd), "Message": a.message,
    } for a in alerts]), hide_index=True, column_config={"When": when_column(seconds=True)})


def _alert_subject(alert: Alert, names: dict[int, str]) -> str:
    subject = alert.subject_id
    if alert.scope == "session":
        return f"Session #{subject}"
    if alert.scope == "user_day":
        return names.get(int(subject or 0), f"User #{subject}")
    return "Everyone"


def session_kind(session: Session) -> str:
    """'Teacher test', 'Assignment attempt' (for an assignment, even unsubmitted) or 'Practice' (free practice)."""
    if session.mode == "test":
        return "Teacher test"
    return "Assignment attempt" if session.assignment_id else "Practice"


def sessions_panel(title: str, sessions: list[Session], empty: str) -> None:
    """A plain table for a normal class (readable, copyable); a scrolling grid once the list gets long."""
    st.subheader(title, anchor=False)
    if not sessions:
        st.caption(empty)
        return
    frame = pd.DataFrame([{
        "Session": f"#{s.id}", "Who": s.user_display_name, "Client": s.client_name,
        "Kind": session_kind(s), "Status": s.status.capitalize(),
        "Started": time_ago(s.started_at), "Last activity": time_ago(s.last_activity_at), "Messages": s.message_count,
        "Tokens": tokens(s.total_tokens), "Cost": cost(s.cost_usd, s.provider),
    } for s in sessions])
    if len(frame) <= PLAIN_TABLE_ROWS:
        st.table(frame, hide_index=True, border="horizontal")
    else:
        st.dataframe(frame, hide_index=True)


def errors_panel(errors: list[ErrorEvent]) -> None:
    if not errors:
        st.caption("No errors recorded for this filter.")
        return
    st.dataframe(pd.DataFrame([{
        "When": e.created_at, "Source": e.source, "Kind": e.kind, "Message": e.message,
        "Session": f"#{e.session_id}" if e.session_id else "—",
        "Details": ", ".join(f"{k}={v}" for k, v in (e.context or {}).items()),
    } for e in errors]), hide_index=True, column_config={"When": when_column(seconds=True)})


def health_details(health: ProviderHealth) -> None:
    st.subheader("Provider health", anchor=False)
    circuit, _, explanation = CIRCUIT_TEXT.get(health.circuit_state, ("Unknown", "gray", ""))
    cols = st.columns(5)
    cols[0].metric("Circuit", circuit, help=explanation)
    cols[1].metric("Consecutive failures", health.consecutive_failures)
    window = "?" if health.window_minutes is None else health.window_minutes
    cols[2].metric(f"Calls (last {window} min)", health.recent_calls)
    cols[3].metric("Error rate", f"{float(health.recent_error_rate or 0):.0%}")
    p50, p95 = health.latency_p50_ms, health.latency_p95_ms
    cols[4].metric("Latency p50 / p95", "—" if p50 is None else f"{p50 / 1000:.1f} s / {(p95 or p50) / 1000:.1f} s")
    if health.circuit_state == "open":
        st.warning(f"The circuit retries the provider in {health.circuit_retry_in_s:.0f} s.")
