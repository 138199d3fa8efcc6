"""Refused requests counted by kind, and security events such as sign-in lock-outs, for the admin's error log.

Counting happens in memory on the request path and is written in batches, so a flood of bad requests (an
attack, a broken client) costs no database write per request. Nothing here ever holds a password, a token or
what a student wrote: only the status, the error code, the route's template and the caller's address.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

TOP_ADDRESSES = 5


@dataclass(frozen=True)
class AuditEntry:
    """One row for the error log."""

    source: str
    kind: str
    message: str
    context: dict[str, Any] = field(default_factory=dict)


def masked_email(email: str) -> str:
    """Enough to recognise an account under attack (`s***@school.edu`), not enough to harvest addresses."""
    local, _, domain = email.strip().lower().partition("@")
    return f"{local[:1]}***@{domain}" if domain else "***"


class RequestAudit:
    def __init__(self) -> None:
        self._refusals: Counter[tuple[int, str, str, str]] = Counter()
        self._addresses: dict[tuple[int, str, str, str], Counter[str]] = {}
        self._events: list[AuditEntry] = []

    def refused(self, *, status: int, code: str, method: str, route: str, address: str) -> None:
        key = (status, code, method, route)
        self._refusals[key] += 1
        self._addresses.setdefault(key, Counter())[address] += 1

    def event(self, entry: AuditEntry) -> None:
        self._events.append(entry)

    def drain(self, window_s: float) -> list[AuditEntry]:
        """Everything noted since the last drain, as error-log rows (one per kind of refusal, with its count)."""
        refusals, addresses, events = self._refusals, self._addresses, self._events
        self._refusals, self._addresses, self._events = Counter(), {}, []
        rows = list(events)
        for (status, code, method, route), count in sorted(refusals.items(), key=lambda item: -item[1]):
            top = addresses[(status, code, method, route)].most_common(TOP_ADDRESSES)
            rows.append(AuditEntry(
                source="requests", kind=code,
                message=f"{count} request{'s' if count != 1 else ''} refused with {status} ({code}) on {method} "
                        f"{route} in the last {window_s:g} s",
                context={"status": status, "count": count, "method": method, "route": route,
                         "addresses": {address: n for address, n in top}},
            ))
        return rows
