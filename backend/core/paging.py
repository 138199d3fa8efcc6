"""Opaque page cursors: the sort key of the last row a page held, so the next page starts right after it (keyset
paging: no row is skipped or shown twice when rows arrive between pages, unlike an offset)."""

from __future__ import annotations

import base64
import json
from datetime import datetime
from typing import Any

from backend.core.errors import InvalidInput

NEXT_CURSOR_HEADER = "X-Next-Cursor"
NOT_OURS = "That page cursor is not one this list gave out: start again without it."
_MAX_INT = 2**31 - 1
_MAX_TEXT = 300


def encode(*key: object) -> str:
    values = [value.isoformat() if isinstance(value, datetime) else value for value in key]
    return base64.urlsafe_b64encode(json.dumps(values).encode()).decode()


def _checked(value: Any, kind: type) -> Any:
    if kind is int and isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= _MAX_INT:
        return value
    if kind is str and isinstance(value, str) and len(value) <= _MAX_TEXT and "\x00" not in value:
        return value
    if kind is datetime and isinstance(value, str) and len(value) <= 40:
        moment = datetime.fromisoformat(value)
        if moment.tzinfo is not None:
            return moment
    raise ValueError(value)


def decode(cursor: str, *shape: type) -> tuple[Any, ...]:
    """The key a cursor names, each part checked against its expected type; anything else is a clear 422."""
    try:
        values = json.loads(base64.urlsafe_b64decode(cursor.encode()))
        if isinstance(values, list) and len(values) == len(shape):
            return tuple(_checked(value, kind) for value, kind in zip(values, shape, strict=True))
    except (ValueError, TypeError):
        pass
    raise InvalidInput(NOT_OURS)


def only_one_way(cursor: str | None, offset: int) -> None:
    """A list that took `offset` before cursors came keeps it; both at once would be ambiguous."""
    if cursor and offset:
        raise InvalidInput("Use either `cursor` or `offset` to page, not both: a cursor already says where to start.")
