"""How the apps write money, token counts, times and conversations: plain strings, no Streamlit."""

from __future__ import annotations

import re
from datetime import UTC, datetime, tzinfo

from mvp.client.models import Session


def money(amount: float | None) -> str:
    """Dollars with enough digits to see a single message's cost."""
    value = float(amount or 0)
    if value == 0:
        return "$0.00"
    return f"${value:,.2f}" if value >= 1 else f"${value:.4f}"


LOCAL_PROVIDER = "openai_compatible"  # the API's name for a private model on the school's own server


def cost(amount: float | None, provider: str | None) -> str:
    """Money, except that a local model's $0 is "not billed" (no configured price), never a bare $0.00."""
    if provider == LOCAL_PROVIDER and not amount:
        return "not billed"
    return money(amount)


def dollars(amount: float | None) -> str:
    """Whole-cents dollars, for thresholds."""
    return f"${float(amount or 0):,.2f}"


def plural(count: int, noun: str, plural_noun: str | None = None) -> str:
    """'1 draft', '2 drafts', '0 drafts'."""
    return f"{count:,} {noun if count == 1 else plural_noun or noun + 's'}"


def tokens(count: int | None) -> str:
    return f"{int(count or 0):,}"


def _aware(moment: datetime) -> datetime:
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment


def local_clock(moment: datetime, zone: tzinfo) -> str:
    """'14:05 your time' in the viewer's zone ('13:05 UTC' when the browser has not said or is on UTC)."""
    if zone is UTC:
        return _aware(moment).astimezone(UTC).strftime("%H:%M UTC")
    return _aware(moment).astimezone(zone).strftime("%H:%M") + " your time"


def wait_in_words(seconds: float) -> str:
    """'45 seconds', 'about 3 minutes', 'about 2 hours'."""
    seconds = max(1, round(seconds))
    if seconds < 90:
        return plural(seconds, "second")
    if seconds < 5400:
        return f"about {plural(round(seconds / 60), 'minute')}"
    return f"about {plural(round(seconds / 3600), 'hour')}"


def local_time(moment: datetime | None, zone: tzinfo) -> str:
    """'Tue 2 Dec 2026, 17:00 CET': a time in the viewer's own zone, named so nobody has to guess. The one way the
    apps write a moment, on every page."""
    if moment is None:
        return "—"
    shown = _aware(moment).astimezone(zone)
    return f"{shown:%a} {shown.day} {shown:%b %Y, %H:%M} {shown.tzname() or ''}".rstrip()


# How the API writes a moment inside a message ("was due on 04 Dec 2026, 23:59 UTC"): it cannot know the reader's
# zone, so the apps rewrite it with local_time before showing the message.
_API_MOMENT = re.compile(r"\b(\d{1,2} [A-Z][a-z]{2} \d{4}, \d{2}:\d{2}) UTC\b")


def local_times_in(text: str, zone: tzinfo) -> str:
    """An API message with its UTC moments written in the viewer's zone, like every other date on the page."""

    def rewrite(match: re.Match[str]) -> str:
        try:
            moment = datetime.strptime(match.group(1), "%d %b %Y, %H:%M").replace(tzinfo=UTC)
        except ValueError:
            return match.group(0)
        return local_time(moment, zone)

    return _API_MOMENT.sub(rewrite, text)


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


def session_label(session: Session, zone: tzinfo = UTC) -> str:
    """A conversation as the teacher's transcript picker lists it."""
    return (f"#{session.id} · {session.client_name} · {session.user_display_name} · {session.status} · "
            f"{session.message_count} messages · {local_time(session.started_at, zone)}")


def transcript_label(session: Session, zone: tzinfo = UTC) -> str:
    """A conversation as the student's transcript picker lists it."""
    progress = "in progress" if session.is_active else "ended"
    return (f"{session.client_name} · {local_time(session.started_at, zone)} · {session.message_count} messages · "
            f"{progress}")



# Characters that start Markdown anywhere in a line (emphasis, code, links, images, HTML, tables, formulas,
# Streamlit's :emoji: and :color[...]); a backslash makes each literal (CommonMark escapes any ASCII punctuation).
_INLINE = {ord(ch): "\\" + ch for ch in "\\`*_{}[]<>#!|~$&:"}
# ...and those that start a block only at the beginning of a line: a list, a heading rule, a numbered list.
_LINE_START = re.compile(r"(^|\n)([ \t]*)([-+=]|\d+(?=[.)]))", re.MULTILINE)


def as_text(text: str) -> str:
    """Message content for st.markdown, shown exactly as typed: never as Markdown or HTML (a student's image link
    would otherwise load in their teacher's browser). Works on a streamed reply delta by delta too."""
    escaped = _LINE_START.sub(lambda m: f"{m[1]}{m[2]}\\{m[3]}" if not m[3][0].isdigit() else
                              f"{m[1]}{m[2]}{m[3]}\\", text.translate(_INLINE))
    return escaped.replace("\n", "  \n")
