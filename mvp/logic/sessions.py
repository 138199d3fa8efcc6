"""Choosing and filtering conversations: which one to resume, which ones a filter keeps."""

from __future__ import annotations

from datetime import UTC, datetime

from mvp.client.models import Session

_LONG_AGO = datetime.min.replace(tzinfo=UTC)


def most_recent(sessions: list[Session]) -> Session:
    """The conversation with the latest activity (the one to resume); the list must not be empty."""
    return max(sessions, key=lambda s: s.last_activity_at or s.started_at or _LONG_AGO)


def owned_by(sessions: list[Session], user_id: int | None) -> Session | None:
    """The first of these conversations that this user holds."""
    return next((s for s in sessions if user_id is not None and s.user_id == user_id), None)


def client_names(sessions: list[Session]) -> dict[int, str]:
    """Client id -> name for every client these conversations are with, sorted by name."""
    names = {s.client_id: s.client_name for s in sessions}
    return dict(sorted(names.items(), key=lambda item: item[1]))


def filter_sessions(sessions: list[Session], *, client_id: int | None, tests: bool | None,
                    status: str | None) -> list[Session]:
    """The conversations with this client (None: any), of this kind (teacher tests, student practice, None:
    both) and in this status ('active', 'ended', None: either)."""
    return [s for s in sessions
            if client_id in (None, s.client_id)
            and (tests is None or (s.mode == "test") == tests)
            and (status is None or s.status.lower() == status)]
