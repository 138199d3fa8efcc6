"""What every HTTP provider's error mapping shares: the kind of an HTTP status and the server's `retry-after`."""

from __future__ import annotations

import email.utils
import time
from collections.abc import Mapping

import pydantic

from backend.llm.base import ErrorKind

# What a body that is not the reply we asked for makes an SDK raise while parsing it.
MALFORMED = (
    ValueError,
    TypeError,
    KeyError,
    AttributeError,
    AssertionError,
    RuntimeError,
    pydantic.ValidationError,
)
API_MESSAGE_CHARS = 120  # enough of the server's own message to diagnose, too little to carry a prompt


def status_kind(status: int) -> ErrorKind:
    """The kind for an HTTP status when the body names no known error type."""
    if status in (401, 403):
        return "auth"
    if status == 429:
        return "rate_limited"
    if status in (503, 529):  # 529 is Anthropic's overload; vLLM and load balancers answer 503
        return "overloaded"
    if status in (408, 504):
        return "timeout"
    if 400 <= status < 500:
        return "bad_request"
    return "server"


def parse_retry_after(headers: Mapping[str, str]) -> float | None:
    """Seconds to wait from `retry-after-ms` or `retry-after` (seconds or HTTP date), read as the SDKs do."""
    try:
        return float(headers["retry-after-ms"]) / 1000
    except (KeyError, TypeError, ValueError):
        pass
    value = headers.get("retry-after")
    if value is None:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        parsed = email.utils.parsedate_tz(value)
        return None if parsed is None else max(0.0, email.utils.mktime_tz(parsed) - time.time())
