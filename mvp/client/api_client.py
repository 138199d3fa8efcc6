"""The only place the apps speak HTTP: one method per API endpoint, one ApiError with a readable message."""

from __future__ import annotations

import contextlib
import json
import os
import uuid
from collections.abc import Iterator
from typing import Any

import httpx
from httpx_sse import SSEError, connect_sse

from mvp.client.checks import PersonaCheck, PromptPreview
from mvp.client.courses import CoursesApi
from mvp.client.feedback import FeedbackApi
from mvp.client.lti import LtiApi
from mvp.client.models import (
    Alert,
    Client,
    ClientCard,
    ErrorEvent,
    Feedback,
    Limits,
    LoginResult,
    Message,
    ProviderHealth,
    ReplyDelta,
    ReplyDiscarded,
    ReplyDone,
    ReplyFailed,
    Session,
    StreamEvent,
    StudentMessageStored,
    Turn,
    UsageReport,
    User,
)
from mvp.client.parsing import build, parse_time

DEFAULT_API_URL = "http://localhost:8000"
API_PREFIX = "/api/v1"
# A streamed reply may sit silent while the provider retries; the server gives up after ~45 s.
STREAM_READ_TIMEOUT_S = 120.0
# A persona check runs a dozen model calls (a few at a time) and a judge call before it answers.
CHECK_READ_TIMEOUT_S = 300.0


class ApiError(Exception):
    """Every failure the apps can show: `message` is written for a person, never a traceback."""

    def __init__(self, message: str, status: int | None = None, code: str | None = None,
                 retry_after: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.status = status
        self.code = code
        self.retry_after = retry_after


def _retry_after(response: httpx.Response) -> int | None:
    value = response.headers.get("Retry-After")
    try:
        return max(1, int(float(value))) if value else None
    except ValueError:
        return None


def error_from_response(response: httpx.Response, *, signing_in: bool = False) -> ApiError:
    """Turn an error response into an ApiError, preferring the API's own `detail` sentence."""
    try:
        body = json.loads(response.read() or b"{}")
    except (ValueError, httpx.StreamError):
        body = {}
    body = body if isinstance(body, dict) else {}
    detail = body.get("detail") if isinstance(body.get("detail"), str) else None
    code = body.get("error") if isinstance(body.get("error"), str) else None
    status = response.status_code
    if status == 401 and not signing_in:
        message = detail or "Your sign-in has expired. Please sign in again."
        if "sign in" not in message.lower():
            message += " Please sign in again."
    elif detail:
        message = detail
    elif status == 403:
        message = "Your account is not allowed to do that."
    elif status == 404:
        message = "That item no longer exists. It may have been deleted."
    elif status == 429:
        message = "Too many requests right now."
    elif status >= 500:
        message = f"The server had a problem (HTTP {status}). Please try again in a moment."
    else:
        message = f"The request was refused (HTTP {status})."
    return ApiError(message, status=status, code=code, retry_after=_retry_after(response))


class ApiClient(CoursesApi, FeedbackApi, LtiApi):
    """A signed-in (or anonymous) connection to the Virtual Client API."""

    def __init__(self, base_url: str | None = None, token: str | None = None, timeout: float = 30.0,
                 transport: httpx.BaseTransport | None = None) -> None:
        self.base_url = (base_url or os.environ.get("VC_API_URL") or DEFAULT_API_URL).rstrip("/")
        self.token = token
        self.timeout = timeout
        self._http = httpx.Client(base_url=self.base_url + API_PREFIX, timeout=timeout, transport=transport)
        self._limits: Limits | None = None
        self.next_cursor: str | None = None  # the last answer's X-Next-Cursor: a paged list goes on

    def close(self) -> None:
        self._http.close()

    def _headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"} if self.token else {}

    def _transport_error(self, exc: httpx.TransportError) -> ApiError:
        if isinstance(exc, httpx.TimeoutException):
            return ApiError(f"The Virtual Client server at {self.base_url} took too long to answer. "
                            "Please try again in a moment.", code="timeout")
        if isinstance(exc, httpx.ConnectError):
            return ApiError(f"Cannot reach the Virtual Client server at {self.base_url}. Is it running?",
                            code="unreachable")
        return ApiError(f"The connection to the Virtual Client server at {self.base_url} was interrupted. "
                        "Please try again.", code="connection")

    def _request(self, method: str, path: str, *, json_body: Any = None, params: dict[str, Any] | None = None,
                 signing_in: bool = False, headers: dict[str, str] | None = None,
                 timeout: httpx.Timeout | None = None, raw: bool = False) -> Any:
        """One call: the JSON answer (None when empty), or with `raw` the bytes of a file the API hands out (CSV,
        PDF, zip). Every failure, on the way or from the server, raises ApiError."""
        query = {key: value for key, value in (params or {}).items() if value not in (None, "")}
        extra: dict[str, Any] = {} if timeout is None else {"timeout": timeout}
        try:
            response = self._http.request(method, path, json=json_body, params=query,
                                          headers={**self._headers(), **(headers or {})}, **extra)
        except httpx.TransportError as exc:
            raise self._transport_error(exc) from None
        if response.status_code >= 400:
            raise error_from_response(response, signing_in=signing_in)
        self.next_cursor = response.headers.get("X-Next-Cursor")
        if raw:
            return response.content
        if response.status_code == 204 or not response.content:
            return None
        try:
            return response.json()
        except ValueError:
            raise ApiError("The server sent an answer the app could not read. Please try again.",
                           status=response.status_code, code="bad_response") from None

    def _every_page(self, path: str, params: dict[str, Any] | None = None, *, pages: int = 100) -> list[Any]:
        """A list the API pages (X-Next-Cursor), read to its end (at most `pages` pages)."""
        items: list[Any] = []
        cursor: str | None = None
        for _ in range(pages):
            items += self._request("GET", path, params={**(params or {}), "cursor": cursor})
            cursor = self.next_cursor
            if not cursor:
                break
        return items

    # Accounts
    def login(self, email: str, password: str) -> LoginResult:
        data = self._request("POST", "/auth/login", json_body={"email": email, "password": password},
                             signing_in=True)
        self.token = data["access_token"]
        return LoginResult(access_token=data["access_token"], expires_at=parse_time(data.get("expires_at")),
                           user=build(User, data["user"]))

    def exchange_lti_code(self, code: str) -> LoginResult:
        """The app's half of an LMS launch: the one-time code from the address becomes a sign-in."""
        data = self._request("POST", "/auth/lti-code", json_body={"code": code}, signing_in=True)
        self.token = data["access_token"]
        return LoginResult(access_token=data["access_token"], expires_at=parse_time(data.get("expires_at")),
                           user=build(User, data["user"]))

    def logout(self) -> None:
        """End this sign-in on the server (its token stops working at once); harmless when it already has."""
        if self.token:
            with contextlib.suppress(ApiError):
                self._request("POST", "/auth/logout")
        self.token = None

    def change_password(self, current: str, new: str) -> LoginResult:
        """Every other sign-in ends; this one carries on with the new token the answer brings."""
        data = self._request("POST", "/auth/password", json_body={"current_password": current, "new_password": new})
        self.token = data["access_token"]
        return LoginResult(access_token=data["access_token"], expires_at=parse_time(data.get("expires_at")),
                           user=build(User, data["user"]))

    def me(self) -> User:
        return build(User, self._request("GET", "/auth/me"))

    def create_user(self, *, email: str, display_name: str, password: str, role: str = "student") -> User:
        body = {"email": email, "display_name": display_name, "role": role, "password": password}
        return build(User, self._request("POST", "/users", json_body=body))

    def list_users(self) -> list[User]:
        return [build(User, item) for item in self._every_page("/users")]

    # Clients
    def list_clients(self) -> list[Client]:
        """A teacher's own full records."""
        return [build(Client, item) for item in self._request("GET", "/clients")]

    def list_client_cards(self) -> list[ClientCard]:
        """The published clients a student may talk to (same endpoint, the student's view of it)."""
        return [build(ClientCard, item) for item in self._request("GET", "/clients")]

    def issue_vocabulary(self) -> list[str]:
        return list(self._request("GET", "/clients/vocabulary").get("issues", []))

    def create_client(self, persona: dict[str, Any]) -> Client:
        return build(Client, self._request("POST", "/clients", json_body=persona))

    def get_client(self, client_id: int) -> Client:
        return build(Client, self._request("GET", f"/clients/{client_id}"))

    def update_client(self, client_id: int, changes: dict[str, Any]) -> Client:
        return build(Client, self._request("PATCH", f"/clients/{client_id}", json_body=changes))

    def delete_client(self, client_id: int) -> None:
        self._request("DELETE", f"/clients/{client_id}")

    def prompt_preview(self, client_id: int) -> PromptPreview:
        return PromptPreview.from_json(self._request("GET", f"/clients/{client_id}/prompt-preview"))

    def check_client(self, client_id: int) -> PersonaCheck:
        """Run the persona check: scripted probes through the model, which takes a while (up to a minute or two)."""
        timeout = httpx.Timeout(self.timeout, read=CHECK_READ_TIMEOUT_S)
        return PersonaCheck.from_json(self._request("POST", f"/clients/{client_id}/checks", timeout=timeout))

    def latest_check(self, client_id: int) -> PersonaCheck | None:
        """The most recent check of this client, or None when it has never been checked."""
        found = self._request("GET", f"/clients/{client_id}/checks/latest")
        return None if found is None else PersonaCheck.from_json(found)

    # Sessions
    def start_session(self, client_id: int) -> Session:
        return build(Session, self._request("POST", "/sessions", json_body={"client_id": client_id}))

    def list_sessions(self, *, status: str | None = None, client_id: int | None = None, limit: int = 100,
                      offset: int = 0) -> list[Session]:
        params = {"status": status, "client_id": client_id, "limit": limit, "offset": offset}
        return [build(Session, item) for item in self._request("GET", "/sessions", params=params)]

    def get_session(self, session_id: int) -> Session:
        return build(Session, self._request("GET", f"/sessions/{session_id}"))

    def list_messages(self, session_id: int) -> list[Message]:
        return [build(Message, item) for item in self._every_page(f"/sessions/{session_id}/messages")]

    def send_message(self, session_id: int, content: str, key: str | None = None) -> Turn:
        """One turn; `key` (a fresh one per message by default) makes a resend return the original turn."""
        return Turn.from_json(self._request("POST", f"/sessions/{session_id}/messages",
                                            json_body={"content": content}, headers=_once(key)))

    def stream_message(self, session_id: int, content: str, key: str | None = None) -> Iterator[StreamEvent]:
        """Send a message and yield the reply as it is written; pre-stream refusals raise ApiError."""
        timeout = httpx.Timeout(self.timeout, read=STREAM_READ_TIMEOUT_S)
        try:
            with connect_sse(self._http, "POST", f"/sessions/{session_id}/messages/stream",
                             json={"content": content}, headers={**self._headers(), **_once(key)},
                             timeout=timeout) as source:
                if source.response.status_code >= 400:
                    raise error_from_response(source.response)
                finished = False
                for sse in source.iter_sse():
                    event = _stream_event(sse.event, sse.data)
                    if event is None:
                        continue
                    finished = isinstance(event, ReplyDone | ReplyFailed)
                    yield event
                    if finished:
                        return
        except httpx.TransportError as exc:
            raise self._transport_error(exc) from None
        except SSEError:
            raise ApiError("The server did not stream the reply. Please try again.", code="bad_response") from None
        if not finished:
            raise ApiError("The reply was cut off. Your message was saved; reload to see the conversation.",
                           code="stream_interrupted")

    def end_session(self, session_id: int) -> Session:
        return build(Session, self._request("POST", f"/sessions/{session_id}/end"))

    def rate_session(self, session_id: int, rating: int, comment: str = "", private_note: str = "") -> Feedback:
        body = {"rating": rating, "comment": comment, "private_note": private_note}
        return build(Feedback, self._request("POST", f"/sessions/{session_id}/feedback", json_body=body))

    def session_feedback(self, session_id: int) -> list[Feedback]:
        """Ratings and comments; private notes come back for staff only."""
        return [build(Feedback, item) for item in self._request("GET", f"/sessions/{session_id}/feedback")]

    def limits(self) -> Limits:
        """The limits the server applies (fetched once per connection: they change only with its settings)."""
        if self._limits is None:
            self._limits = build(Limits, self._request("GET", "/limits"))
        return self._limits

    def limits_or_default(self) -> Limits:
        """For hints shown before sending: the server's limits, or the defaults if it cannot say right now."""
        try:
            return self.limits()
        except ApiError:
            return Limits()

    # Admin
    def usage(self, days: int = 14) -> UsageReport:
        return UsageReport.from_json(self._request("GET", "/admin/usage", params={"days": days}))

    def alerts(self, limit: int = 200) -> list[Alert]:
        return [Alert.model_validate(item) for item in self._request("GET", "/admin/alerts", params={"limit": limit})]

    def errors(self, *, kind: str | None = None, source: str | None = None, limit: int = 200) -> list[ErrorEvent]:
        params = {"kind": kind, "source": source, "limit": limit}
        return [ErrorEvent.model_validate(item) for item in self._request("GET", "/admin/errors", params=params)]

    def provider_health(self) -> ProviderHealth:
        return ProviderHealth.model_validate(self._request("GET", "/admin/health"))

def _stream_event(name: str, data: str) -> StreamEvent | None:
    """Map one Server-Sent Event to its typed event; unknown events are skipped so the server may add more."""
    try:
        payload = json.loads(data) if data else {}
    except ValueError:
        return None
    if name == "delta":
        return ReplyDelta(text=str(payload.get("text", "")))
    if name == "message":
        return StudentMessageStored(message=build(Message, payload))
    if name == "discard":
        return ReplyDiscarded(reason=str(payload.get("reason", "the reply was interrupted")))
    if name == "done":
        return ReplyDone(turn=Turn.from_json(payload))
    if name == "error":
        return ReplyFailed(code=str(payload.get("error", "error")),
                           detail=str(payload.get("detail", "The reply could not be completed. Please try again.")))
    return None


def _once(key: str | None) -> dict[str, str]:
    """The Idempotency-Key header for one message: the server stores it once however often it is sent."""
    return {"Idempotency-Key": key or uuid.uuid4().hex}
