"""JSON to dataclass: build() and the parsers of the API's ISO times and days."""

from __future__ import annotations

from dataclasses import fields
from datetime import date, datetime
from typing import Any, TypeVar

T = TypeVar("T")


def parse_time(value: Any) -> datetime | None:
    """ISO strings from the API become aware datetimes; anything else is left for the caller to ignore."""
    if isinstance(value, datetime):
        return value
    if not value or not isinstance(value, str):
        return None
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None


def parse_day(value: Any) -> date | None:
    """An ISO day ('2026-11-25') from the API becomes a date."""
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(value) if isinstance(value, str) and value else None
    except ValueError:
        return None


def build(cls: type[T], data: dict[str, Any]) -> T:
    """Build a dataclass from a JSON object, ignoring fields the API added later; `*_at` become times, `day` a date."""
    values: dict[str, Any] = {}
    for item in fields(cls):  # type: ignore[arg-type]
        if item.name not in data:
            continue
        value = data[item.name]
        if item.name.endswith("_at"):
            value = parse_time(value)
        elif item.name == "day":
            value = parse_day(value)
        values[item.name] = value
    return cls(**values)
