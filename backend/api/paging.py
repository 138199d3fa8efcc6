"""Paging for the routes: `limit` bounded per list (422 above it), `cursor` from a full page's X-Next-Cursor."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any, TypeVar

from fastapi import Query, Response

from backend.api.params import NO_NUL
from backend.core import paging

T = TypeVar("T")

Cursor = Annotated[str | None, Query(max_length=600, pattern=NO_NUL,
                                     description="The X-Next-Cursor header of the page before: the page after it")]


def limit_to(default: int, maximum: int) -> Any:
    return Query(default, ge=1, le=maximum, description=f"Rows in a page, at most {maximum}; a full page carries "
                                                        "X-Next-Cursor for the next one")


def with_next(response: Response, found: list[T], size: int, key: Callable[[T], tuple[Any, ...]]) -> list[T]:
    """A full page says where the next one starts; a shorter one is the last."""
    if found and len(found) >= size:
        response.headers[paging.NEXT_CURSOR_HEADER] = paging.encode(*key(found[-1]))
    return found
