"""Maps whatever the openai SDK or its HTTP layer raises to a ProviderError kind, with a loggable message.

Messages carry the status, the server's error type and code and the request id; never the API key, never prompt
text. Unlike Anthropic's, a self-hosted server's error text may quote the request (a validation error echoing the
messages it could not parse), so the server's own words are kept only when they quote none of the prompt.
"""

from __future__ import annotations

from collections.abc import Iterable

import httpx2
import openai

from backend.llm.base import ErrorKind, ProviderError, TokenUsage
from backend.llm.failures import API_MESSAGE_CHARS, MALFORMED, parse_retry_after, status_kind

SERVER = "OpenAI-compatible server"
# `error.type` / `error.code` as OpenAI, vLLM, Ollama and llama.cpp name them: all we get for an error that
# arrives inside a 200 stream, where there is no status to go by.
ERROR_TYPE_KINDS: dict[str, ErrorKind] = {
    "server_error": "server",
    "api_error": "server",
    "internalservererror": "server",
    "rate_limit_exceeded": "rate_limited",
    "requests": "rate_limited",
    "tokens": "rate_limited",
    "overloaded_error": "overloaded",
    "service_unavailable": "overloaded",
    "serviceunavailableerror": "overloaded",
    "timeout": "timeout",
    "invalid_request_error": "bad_request",
    "badrequesterror": "bad_request",
    "invalid_api_key": "auth",
    "authentication_error": "auth",
}
QUOTE_WINDOW = 16  # a server message sharing this many characters in a row with the prompt is quoting it


def _kind_from_body(error_type: str | None, code: str | None) -> ErrorKind:
    """The kind of an error without an HTTP status (mid-stream): a numeric code is a status, else the names."""
    if code and code.isdigit():
        return status_kind(int(code))
    for name in (code, error_type):
        if name and (kind := ERROR_TYPE_KINDS.get(name.lower())):
            return kind
    return "server"


def _quotes(message: str, texts: Iterable[str]) -> bool:
    flat = " ".join(message.split())
    haystacks = [" ".join(text.split()) for text in texts if text]
    if len(flat) < QUOTE_WINDOW:
        return any(flat and flat in haystack for haystack in haystacks)
    windows = {flat[i:i + QUOTE_WINDOW] for i in range(len(flat) - QUOTE_WINDOW + 1)}
    return any(window in haystack for haystack in haystacks for window in windows)


def server_words(message: str | None, *, prompt: Iterable[str] = (), secret: str = "") -> str:
    """The server's own message, shortened, or a note that it was withheld because it quoted the request."""
    text = " ".join((message or "").split())[:API_MESSAGE_CHARS]
    if not text:
        return ""
    if (secret and secret in text) or _quotes(text, [*prompt, secret]):
        return "(server message withheld: it quotes the request)"
    return text


def _api_error(exc: openai.APIError, usage: TokenUsage | None, prompt: Iterable[str], secret: str) -> ProviderError:
    error_type = exc.type if isinstance(exc.type, str) else None
    code = exc.code if isinstance(exc.code, str) else None
    status = exc.status_code if isinstance(exc, openai.APIStatusError) else None
    kind = status_kind(status) if status is not None else _kind_from_body(error_type, code)
    where = f"HTTP {status}" if status is not None else "mid-stream"
    label = " ".join(part for part in (error_type, code) if part) or "error"
    message = f"{SERVER} {kind.replace('_', ' ')}: {where} {label}"
    said = exc.body.get("message") if isinstance(exc.body, dict) else None  # the SDK's exc.message adds a prefix
    if words := server_words(said if isinstance(said, str) else None, prompt=prompt, secret=secret):
        message += f" - {words}"
    request_id = getattr(exc, "request_id", None)
    if request_id:
        message += f" (request {request_id})"
    retry_after = parse_retry_after(exc.response.headers) if isinstance(exc, openai.APIStatusError) else None
    return ProviderError(kind, message, status_code=status, retry_after=retry_after, usage=usage)


def to_provider_error(exc: BaseException, *, usage: TokenUsage | None = None, prompt: Iterable[str] = (),
                      secret: str = "") -> ProviderError:
    """The ProviderError for an exception raised while calling the server (after the SDK's own retries).

    `prompt` is the request's texts and `secret` the API key: the server's message is dropped if it quotes either.
    """
    if isinstance(exc, ProviderError):
        return exc
    name = type(exc).__name__
    if isinstance(exc, openai.APIResponseValidationError):
        return ProviderError("bad_response", f"{SERVER} response failed validation ({name})", usage=usage)
    if isinstance(exc, httpx2.ConnectTimeout) or isinstance(exc.__cause__, httpx2.ConnectTimeout):
        # the aiohttp transport reports a refused connection as a connect timeout: either way, nobody answered
        return ProviderError("connection", f"{SERVER} could not be reached (ConnectTimeout)", usage=usage)
    if isinstance(exc, (openai.APITimeoutError, httpx2.TimeoutException)):
        return ProviderError("timeout", f"{SERVER} timed out ({name})", usage=usage)
    if isinstance(exc, (openai.APIConnectionError, httpx2.TransportError)):
        return ProviderError("connection", f"{SERVER} connection failed ({name})", usage=usage)
    if isinstance(exc, openai.APIError):
        return _api_error(exc, usage, prompt, secret)
    if isinstance(exc, (*MALFORMED, httpx2.DecodingError)):
        return ProviderError("bad_response", f"{SERVER} returned a malformed response ({name})", usage=usage)
    return ProviderError("bad_response", f"{SERVER} call failed unexpectedly ({name})", usage=usage)
