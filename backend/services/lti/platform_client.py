"""Calling a platform's services: an access token by client credentials with a signed JWT assertion, then
paged NRPS reads and AGS writes."""

from __future__ import annotations

import re
import time
import uuid
from datetime import timedelta
from typing import Any

import httpx
from sqlalchemy.ext.asyncio import AsyncSession

from backend.models.base import utcnow
from backend.models.lti_platform import LtiPlatform
from backend.services.lti import keys

ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"
NRPS_MEDIA = "application/vnd.ims.lti-nrps.v2.membershipcontainer+json"
MAX_PAGES = 200  # 200 pages of members is far beyond any course: a loop in the platform's links stops here
_NEXT = re.compile(r'<([^>]+)>\s*;\s*rel="?next"?', re.IGNORECASE)


class ServiceError(Exception):
    """The platform refused or failed a call; `retryable` for 5xx, 429 and timeouts."""

    def __init__(self, message: str, *, retryable: bool) -> None:
        super().__init__(message)
        self.retryable = retryable


class _Tokens:
    """Access tokens per platform and scopes, reused until a minute before they expire (a class's worth of scores
    is one token request, not one per score); a token the LMS refuses is forgotten."""

    def __init__(self) -> None:
        self._held: dict[tuple[str, str, str], tuple[str, float]] = {}

    def get(self, key: tuple[str, str, str]) -> str | None:
        held = self._held.get(key)
        return held[0] if held is not None and held[1] > time.monotonic() else None

    def keep(self, key: tuple[str, str, str], token: str, expires_in: object) -> None:
        seconds = float(expires_in) if isinstance(expires_in, int | float) else 300.0
        if seconds > 120:
            self._held[key] = (token, time.monotonic() + seconds - 60)

    def forget(self, token: str) -> None:
        for key in [k for k, (held, _) in self._held.items() if held == token]:
            del self._held[key]


TOKENS = _Tokens()


def _failure(response: httpx.Response, what: str, token: str | None = None) -> ServiceError:
    if response.status_code == 401 and token is not None:
        TOKENS.forget(token)  # expired or revoked early: the next try asks for a new one
        return ServiceError(f"{what}: the LMS refused the access token (401)", retryable=True)
    retryable = response.status_code >= 500 or response.status_code == 429
    return ServiceError(f"{what}: the LMS answered {response.status_code} {response.text[:200]}", retryable=retryable)


async def access_token(db: AsyncSession, http: httpx.AsyncClient, platform: LtiPlatform, scopes: list[str]) -> str:
    key = (platform.auth_token_url, platform.client_id, " ".join(sorted(scopes)))
    held = TOKENS.get(key)
    if held is not None:
        return held
    now = utcnow()
    assertion = await keys.sign(db, {"iss": platform.client_id, "sub": platform.client_id,
                                     "aud": platform.auth_token_url, "iat": now, "exp": now + timedelta(minutes=5),
                                     "jti": uuid.uuid4().hex})
    form = {"grant_type": "client_credentials", "client_assertion_type": ASSERTION_TYPE,
            "client_assertion": assertion, "scope": " ".join(scopes)}
    try:
        response = await http.post(platform.auth_token_url, data=form)
    except httpx.HTTPError as exc:
        raise ServiceError(f"getting an access token: {type(exc).__name__}", retryable=True) from None
    if response.status_code != 200:
        raise _failure(response, "getting an access token")
    try:
        body = response.json()
    except ValueError:
        body = None
    token = body.get("access_token") if isinstance(body, dict) else None
    if not isinstance(token, str):
        raise ServiceError("getting an access token: the LMS answered without one", retryable=False)
    TOKENS.keep(key, token, body.get("expires_in") if isinstance(body, dict) else None)
    return token


def next_page(response: httpx.Response) -> str | None:
    for link in response.headers.get_list("link"):
        found = _NEXT.search(link)
        if found:
            return found.group(1)
    return None


async def members(http: httpx.AsyncClient, token: str, url: str) -> list[dict[str, Any]]:
    """Every member of the course, following the Link: rel="next" pages."""
    found: list[dict[str, Any]] = []
    page: str | None = url
    for _ in range(MAX_PAGES):
        if page is None:
            break
        try:
            response = await http.get(page, headers={"Authorization": f"Bearer {token}", "Accept": NRPS_MEDIA})
        except httpx.HTTPError as exc:
            raise ServiceError(f"reading the roster: {type(exc).__name__}", retryable=True) from None
        if response.status_code != 200:
            raise _failure(response, "reading the roster", token)
        try:
            body = response.json()
        except ValueError:
            body = None
        if not isinstance(body, dict) or not isinstance(body.get("members", []), list):
            raise ServiceError("reading the roster: the LMS answered without a membership list", retryable=False)
        found.extend(m for m in body.get("members", []) if isinstance(m, dict))
        page = next_page(response)
    return found


async def post_json(http: httpx.AsyncClient, token: str, url: str, body: dict[str, Any], media: str, what: str
                    ) -> dict[str, Any]:
    try:
        response = await http.post(url, json=body, headers={"Authorization": f"Bearer {token}",
                                                            "Content-Type": media})
    except httpx.HTTPError as exc:
        raise ServiceError(f"{what}: {type(exc).__name__}", retryable=True) from None
    if response.status_code >= 300:
        raise _failure(response, what, token)
    try:
        answer = response.json()
    except ValueError:
        return {}
    return answer if isinstance(answer, dict) else {}
