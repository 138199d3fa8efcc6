"""Deep linking: the instructor picks an assignment (or makes one from a client), and the platform gets a
signed LtiDeepLinkingResponse with an ltiResourceLink that opens it."""

from __future__ import annotations

import hashlib
import secrets
import uuid
from datetime import timedelta
from typing import Any

from sqlalchemy import delete, update
from sqlalchemy.ext.asyncio import AsyncSession

from backend.core.errors import InvalidInput
from backend.models.base import utcnow
from backend.models.lti_launch import LtiDeepLink
from backend.models.lti_platform import LtiPlatform
from backend.models.user import User
from backend.schemas.assignment import AssignmentCreate, AssignmentRead
from backend.services.clients import personas
from backend.services.courses import assignments
from backend.services.lti import claims, keys
from backend.services.lti.errors import LaunchRefused

TICKET_LIFETIME = timedelta(minutes=30)
SCORE_MAXIMUM = 100
GONE = "This assignment picker has expired or was already used. Choose the tool again from the LMS."


def _hash(ticket: str) -> str:
    return hashlib.sha256(ticket.encode()).hexdigest()


async def open_request(db: AsyncSession, *, platform: LtiPlatform, payload: dict[str, Any], user: User,
                       section_id: int) -> str:
    """Keep the request (where to return, its opaque data) behind a one-use ticket for the picker."""
    settings = payload.get(claims.DL_SETTINGS)
    return_url = settings.get("deep_link_return_url") if isinstance(settings, dict) else None
    if not isinstance(return_url, str) or not return_url.startswith(("https://", "http://")):
        raise LaunchRefused("The deep-linking request has no deep_link_return_url.")
    accepted = settings.get("accept_types")
    if isinstance(accepted, list) and accepted and "ltiResourceLink" not in accepted:
        raise LaunchRefused("This place in the LMS does not accept links to an activity (ltiResourceLink): add "
                            "Virtual Client from the assignment or module picker instead.")
    await db.execute(delete(LtiDeepLink).where(LtiDeepLink.expires_at < utcnow() - timedelta(days=1)))
    ticket = secrets.token_urlsafe(32)
    db.add(LtiDeepLink(ticket_hash=_hash(ticket), platform_id=platform.id, user_id=user.id, section_id=section_id,
                       deployment_id=str(payload.get(claims.DEPLOYMENT_ID)), return_url=return_url[:1000],
                       data=settings.get("data") if isinstance(settings.get("data"), str) else None,
                       expires_at=utcnow() + TICKET_LIFETIME, settings=settings))
    await db.flush()
    return ticket


async def _open(db: AsyncSession, ticket: str) -> tuple[LtiDeepLink, User]:
    request = await db.get(LtiDeepLink, _hash(ticket))
    if request is None or request.used_at is not None or request.expires_at < utcnow():
        raise LaunchRefused(GONE)
    user = await db.get(User, request.user_id)
    if user is None or not user.is_active:
        raise LaunchRefused(GONE)
    return request, user


async def picker(db: AsyncSession, *, ticket: str) -> tuple[list[AssignmentRead], list[tuple[int, str]]]:
    """What the instructor may link: the section's assignments, and their clients to make a new one from."""
    request, user = await _open(db, ticket)
    given = await assignments.list_for_section(db, actor=user, section_id=request.section_id)
    clients = [(c.id, c.name) for c in await personas.list_for(db, actor=user) if c.owner_id == user.id]
    return given, clients


async def _chosen(db: AsyncSession, request: LtiDeepLink, user: User, *, assignment_id: int | None,
                  client_id: int | None, title: str) -> AssignmentRead:
    if assignment_id is not None:
        given = await assignments.list_for_section(db, actor=user, section_id=request.section_id)
        for assignment in given:
            if assignment.id == assignment_id:
                return assignment
        raise InvalidInput(f"Assignment {assignment_id} is not one of this course's assignments.")
    if client_id is None:
        raise InvalidInput("Choose an assignment, or a client to make a new assignment from.")
    data = AssignmentCreate(client_id=client_id, title=title or "Practice interview", instructions="")
    return await assignments.create(db, actor=user, section_id=request.section_id, data=data)


def _assignment_choice(choice: str | None) -> int | None:
    """The picker's radio: an assignment's id, or 'new' (None: make one from the chosen client)."""
    return int(choice) if choice and choice.isdigit() and len(choice) < 10 else None


async def respond(db: AsyncSession, *, ticket: str, choice: str | None, client_id: int | None, title: str,
                  launch_url: str) -> tuple[str, str]:
    """(the platform's return URL, the signed response JWT); the ticket is spent."""
    request, user = await _open(db, ticket)
    assignment_id = _assignment_choice(choice)
    client_id = client_id if assignment_id is None else None
    chosen = await _chosen(db, request, user, assignment_id=assignment_id, client_id=client_id, title=title)
    spent = await db.execute(update(LtiDeepLink).where(LtiDeepLink.ticket_hash == request.ticket_hash,
                                                       LtiDeepLink.used_at.is_(None)).values(used_at=utcnow()))
    if spent.rowcount != 1:  # type: ignore[attr-defined]
        raise LaunchRefused(GONE)
    platform = await db.get(LtiPlatform, request.platform_id)
    if platform is None:
        raise LaunchRefused("The LMS this request came from is no longer registered here.")
    item = {"type": "ltiResourceLink", "title": chosen.title, "url": launch_url,
            "custom": {"assignment_id": str(chosen.id)},
            "lineItem": {"scoreMaximum": SCORE_MAXIMUM, "label": chosen.title, "resourceId": str(chosen.id)}}
    now = utcnow()
    body: dict[str, Any] = {
        "iss": platform.client_id, "aud": platform.issuer, "azp": platform.client_id,
        "iat": now, "exp": now + timedelta(minutes=5), "nonce": uuid.uuid4().hex,
        claims.DEPLOYMENT_ID: request.deployment_id, claims.MESSAGE_TYPE: claims.DEEP_LINKING_RESPONSE,
        claims.VERSION: "1.3.0", claims.DL_CONTENT_ITEMS: [item],
    }
    if request.data is not None:
        body[claims.DL_DATA] = request.data
    return request.return_url, await keys.sign(db, body)
