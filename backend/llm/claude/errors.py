"""Maps whatever the Anthropic SDK or its HTTP layer raises to a ProviderError kind, with a loggable message.

Messages carry the status, the API's error type and request id: never the API key, never prompt text.
"""

from __future__ import annotations

import anthropic
import httpx2

from backend.llm.base import ErrorKind, ProviderError, TokenUsage
from backend.llm.failures import API_MESSAGE_CHARS, MALFORMED, parse_retry_after, status_kind

# `error.type` in Anthropic's error bodies; it is also all we get for an `event: error` inside a 200 stream.
ERROR_TYPE_KINDS: dict[str, ErrorKind] = {
    "overloaded_error": "overloaded",
    "rate_limit_error": "rate_limited",
    "api_error": "server",
    "timeout_error": "timeout",
    "authentication_error": "auth",
    "permission_error": "auth",
    "billing_error": "auth",
    "invalid_request_error": "bad_request",
    "not_found_error": "bad_request",
    "request_too_large": "bad_request",
}


def _status_error(exc: anthropic.APIStatusError, usage: TokenUsage | None) -> ProviderError:
    error_type = exc.type if isinstance(exc.type, str) else None
    mid_stream = exc.status_code < 400  # an `event: error` after a 200 response began streaming
    kind = ERROR_TYPE_KINDS.get(error_type or "") or status_kind(exc.status_code)
    where = "mid-stream" if mid_stream else f"HTTP {exc.status_code}"
    message = f"Claude API {kind.replace('_', ' ')}: {where} {error_type or 'error'}"
    if exc.api_message:
        message += f" - {exc.api_message[:API_MESSAGE_CHARS]}"
    if exc.request_id:
        message += f" (request {exc.request_id})"
    return ProviderError(
        kind,
        message,
        status_code=None if mid_stream else exc.status_code,
        retry_after=parse_retry_after(exc.response.headers),
        usage=usage,
    )


def to_provider_error(exc: BaseException, *, usage: TokenUsage | None = None) -> ProviderError:
    """The ProviderError for an exception raised while calling Claude (after the SDK's own retries)."""
    if isinstance(exc, ProviderError):
        return exc
    name = type(exc).__name__
    if isinstance(exc, anthropic.APIStatusError):
        return _status_error(exc, usage)
    if isinstance(exc, anthropic.APIResponseValidationError):
        return ProviderError("bad_response", f"Claude API response failed validation ({name})", usage=usage)
    if isinstance(exc, (anthropic.APITimeoutError, httpx2.TimeoutException)):
        return ProviderError("timeout", f"Claude API timed out ({name})", usage=usage)
    if isinstance(exc, (anthropic.APIConnectionError, httpx2.TransportError)):
        return ProviderError("connection", f"Claude API connection failed ({name})", usage=usage)
    if isinstance(exc, (*MALFORMED, httpx2.DecodingError)):
        return ProviderError(
            "bad_response", f"Claude API returned a malformed response ({name})", usage=usage
        )
    return ProviderError("bad_response", f"Claude API call failed unexpectedly ({name})", usage=usage)
