"""How the apps write money, token counts, times and conversations: plain strings, no Streamlit."""

from __future__ import annotations

from datetime import UTC, datetime, tzinfo

from mvp.client.models import Session


def money(amount: float | None) -> str:
    """Dollars with enough digits to see a single message's cost."""
    value = float(amount or 0)
    if value == 0:
        return "$0.00"
    return f"${value:,.2f}" if value >= 1 else f"${value:.4f}"


def dollars(amount: float | None) -> str:
    """Whole-cents dollars, for thresholds."""
    return f"${float(amount or 0):,.2f}"


def tokens(count: int | None) -> str:
    return f"{int(count or 0):,}"


def _aware(moment: datetime) -> datetime:
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment


def utc_time(moment: datetime | None) -> str:
    """'25 Nov 2026, 08:00 UTC'."""
    if moment is None:
        return "—"
    return _aware(moment).astimezone(UTC).strftime("%d %b %Y, %H:%M UTC")


def local_time(moment: datetime | None, zone: tzinfo) -> str:
    """'Tue 2 Dec 2026, 17:00 CET': a time in the viewer's own zone, named so nobody has to guess."""
    if moment is None:
        return "—"
    shown = _aware(moment).astimezone(zone)
    return f"{shown:%a} {shown.day} {shown:%b %Y, %H:%M} {shown.tzname() or ''}".rstrip()


def time_ago(moment: datetime | None) -> str:
    """'5 min ago': how long a conversation has been running or idle."""
    if moment is None:
        return "—"
    seconds = max(0, int((datetime.now(UTC) - _aware(moment)).total_seconds()))
    if seconds < 60:
        return "just now"
    if seconds < 3600:
        return f"{seconds // 60} min ago"
    if seconds < 86400:
        return f"{seconds // 3600} h {seconds % 3600 // 60} min ago"
    return f"{seconds // 86400} days ago"


def session_label(session: Session) -> str:
    """A conversation as the teacher's transcript picker lists it."""
    return (f"#{session.id} · {session.client_name} · {session.user_display_name} · {session.status} · "
            f"{session.message_count} messages · {utc_time(session.started_at)}")


def transcript_label(session: Session) -> str:
    """A conversation as the student's transcript picker lists it."""
    progress = "in progress" if session.is_active else "ended"
    return f"{session.client_name} · {utc_time(session.started_at)} · {session.message_count} messages · {progress}"
