"""Assignment and Grade Services: queued final scores sent to the LMS line item, retried with backoff on 5xx,
429 and timeouts; each send's state for the progress grid, and resending one."""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import httpx
from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from backend.core.config import Settings
from backend.models.assignment import Assignment
from backend.models.base import utcnow
from backend.models.lti_launch import LtiContext, LtiResourceLink, LtiUser
from backend.models.lti_platform import LtiPlatform
from backend.models.lti_score import LtiScoreSend, ScoreSendStatus
from backend.services.lti import platform_client
from backend.services.lti.score_queue import queue_final_scores
from backend.services.lti.tool_config import SCOPE_LINEITEM, SCOPE_SCORE

log = logging.getLogger("virtual_client")
SCORE_MEDIA = "application/vnd.ims.lis.v1.score+json"
LINEITEM_MEDIA = "application/vnd.ims.lis.v2.lineitem+json"
LEASE = timedelta(minutes=2)  # a claimed send is not picked up by another process while it is on its way
MAX_BACKOFF = timedelta(hours=1)
BATCH = 50


def scores_url(lineitem_url: str) -> str:
    """`.../lineitems/7?type=x` -> `.../lineitems/7/scores?type=x` (AGS: the scores live under the line item)."""
    parts = urlsplit(lineitem_url)
    return urlunsplit(parts._replace(path=parts.path.rstrip("/") + "/scores"))


def _scopes(context: LtiContext, wanted: list[str]) -> list[str]:
    granted = set(context.scopes or [])
    return [s for s in wanted if s in granted] if granted else wanted


async def _line_item(db: AsyncSession, http: httpx.AsyncClient, token: str, link: LtiResourceLink,
                     context: LtiContext) -> str:
    """The link's line item; made in the course's line-items container when the launch named none."""
    if link.lineitem_url:
        return link.lineitem_url
    assignment = await db.get(Assignment, link.assignment_id)
    title = assignment.title if assignment is not None else f"Assignment {link.assignment_id}"
    made = await platform_client.post_json(http, token, context.lineitems_url or "", {
        "scoreMaximum": 100, "label": title, "resourceId": str(link.assignment_id),
        "resourceLinkId": link.resource_link_id}, LINEITEM_MEDIA, "creating the line item")
    if not isinstance(made.get("id"), str):
        raise platform_client.ServiceError("creating the line item: the LMS answered without its id",
                                           retryable=False)
    link.lineitem_url = made["id"]
    await db.commit()  # kept whatever happens to the score: a retry must not make a second gradebook column
    return link.lineitem_url


async def _deliver(db: AsyncSession, http: httpx.AsyncClient, settings: Settings, send: LtiScoreSend) -> None:
    row = (await db.execute(
        select(LtiResourceLink, LtiContext, LtiPlatform, LtiUser)
        .join(LtiContext, LtiContext.id == LtiResourceLink.context_row_id)
        .join(LtiPlatform, LtiPlatform.id == LtiResourceLink.platform_id)
        .join(LtiUser, LtiUser.id == send.lti_user_row_id)
        .where(LtiResourceLink.id == send.resource_link_row_id))).one()
    link, context, platform, person = row
    token = await platform_client.access_token(db, http, platform, _scopes(context, [SCOPE_SCORE, SCOPE_LINEITEM]))
    lineitem = await _line_item(db, http, token, link, context)
    feedback = f"{settings.student_app_url.rstrip('/')}/feedback?session_id={send.session_id}"
    await platform_client.post_json(http, token, scores_url(lineitem), {
        "userId": person.sub, "scoreGiven": round(send.score, 2), "scoreMaximum": 100,
        "activityProgress": "Completed", "gradingProgress": "FullyGraded",
        "timestamp": utcnow().isoformat(), "comment": f"Feedback on this interview: {feedback}"},
        SCORE_MEDIA, "sending the score")


def _backoff(settings: Settings, attempts: int) -> timedelta:
    return min(MAX_BACKOFF, timedelta(seconds=settings.lti_retry_base_s * 2 ** max(0, attempts - 1)))


async def _record(db: AsyncSession, send: LtiScoreSend, settings: Settings, error: platform_client.ServiceError | None,
                  platform: LtiPlatform | None) -> None:
    now = utcnow()
    send.attempts += 1
    if error is None:
        send.status, send.sent_at, send.last_error = ScoreSendStatus.sent, now, None
    elif error.retryable and send.attempts < settings.lti_max_send_attempts:
        send.status, send.last_error = ScoreSendStatus.waiting, str(error)[:500]
        send.next_attempt_at = now + _backoff(settings, send.attempts)
    else:
        send.status, send.last_error = ScoreSendStatus.failed, str(error)[:500]
    if platform is not None:
        platform.last_score_send_at = now
        platform.last_score_send = "sent" if error is None else f"{send.status}: {str(error)[:200]}"


async def _claim(db: AsyncSession, send_id: int) -> bool:
    now = utcnow()
    claimed = await db.execute(update(LtiScoreSend).where(
        LtiScoreSend.id == send_id, LtiScoreSend.status == ScoreSendStatus.waiting,
        LtiScoreSend.next_attempt_at <= now).values(next_attempt_at=now + LEASE))
    return claimed.rowcount == 1  # type: ignore[attr-defined]


async def _platform_of(db: AsyncSession, send: LtiScoreSend) -> LtiPlatform | None:
    return await db.scalar(select(LtiPlatform).join(LtiResourceLink, LtiResourceLink.platform_id == LtiPlatform.id)
                           .where(LtiResourceLink.id == send.resource_link_row_id))


async def send_one(factory: async_sessionmaker[AsyncSession], http: httpx.AsyncClient, settings: Settings,
                   send_id: int) -> None:
    """Claim, send and record one score; the claim commits first so no other process sends it meanwhile."""
    async with factory() as db:
        if not await _claim(db, send_id):
            return
        await db.commit()
    async with factory() as db:
        send = await db.get(LtiScoreSend, send_id)
        if send is None:
            return
        error: platform_client.ServiceError | None = None
        try:
            await _deliver(db, http, settings, send)
        except platform_client.ServiceError as exc:
            error = exc
        except Exception as exc:  # an answer we could not use: counted as a try, so it cannot loop unseen
            log.warning("LTI score send %s failed unexpectedly", send_id, exc_info=True)
            error = platform_client.ServiceError(f"sending the score: {type(exc).__name__}: {exc}"[:300],
                                                 retryable=True)
        if error is not None:
            await db.rollback()  # a failed statement leaves the session unusable; the line item is already kept
            send = await db.get(LtiScoreSend, send_id)
            if send is None:
                return
        await _record(db, send, settings, error, await _platform_of(db, send))
        await db.commit()


async def send_due(factory: async_sessionmaker[AsyncSession], http: httpx.AsyncClient, settings: Settings) -> int:
    """One round: queue the scores that became final, then send those whose time has come."""
    async with factory() as db:
        await queue_final_scores(db)
        await db.commit()
        due = list(await db.scalars(select(LtiScoreSend.id).where(
            LtiScoreSend.status == ScoreSendStatus.waiting, LtiScoreSend.next_attempt_at <= utcnow())
            .order_by(LtiScoreSend.next_attempt_at).limit(BATCH)))
    for send_id in due:
        await send_one(factory, http, settings, send_id)
    return len(due)


def label(send: Any) -> str:
    """What a progress-grid cell says about the LMS copy of its score."""
    if send.status == ScoreSendStatus.sent:
        return "sent to LMS"
    if send.status == ScoreSendStatus.failed:
        return f"failed: {send.last_error or 'the LMS refused it'}"
    return "waiting" if not send.attempts else f"waiting (try {send.attempts + 1}: {send.last_error or ''})"
