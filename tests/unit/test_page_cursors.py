"""Page cursors: what a page gives out reads back the same; anything else is a clear refusal, never a 500."""

from __future__ import annotations

import base64
from datetime import UTC, datetime

import pytest

from backend.core import paging
from backend.core.errors import InvalidInput


def test_a_cursor_reads_back_the_key_it_was_made_from() -> None:
    moment = datetime(2026, 12, 7, 5, 30, 1, 123456, tzinfo=UTC)
    assert paging.decode(paging.encode(moment, 42), datetime, int) == (moment, 42)
    assert paging.decode(paging.encode("Ana Flores", 7), str, int) == ("Ana Flores", 7)


@pytest.mark.parametrize("raw", [b"not json", b"{}", b"[1.5]", b'["a", 1, 2]', b"[true]", b"[-1]", b"[2147483648]",
                                 b'["\\u0000", 1]', b'["2026-01-01T00:00:00", 1]', b'["' + b"x" * 301 + b'", 1]'])
def test_anything_else_is_refused_with_a_reason(raw: bytes) -> None:
    shape = (datetime, int) if b"2026" in raw else (str, int) if raw.startswith(b'["') else (int,)
    with pytest.raises(InvalidInput, match="cursor"):
        paging.decode(base64.urlsafe_b64encode(raw).decode(), *shape)


def test_cursor_and_offset_are_one_or_the_other() -> None:
    paging.only_one_way(None, 5)
    paging.only_one_way("abc", 0)
    with pytest.raises(InvalidInput, match="not both"):
        paging.only_one_way("abc", 5)
