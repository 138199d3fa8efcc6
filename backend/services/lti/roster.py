"""Roster sync (Names and Role Provisioning): the LMS course's learners enrolled here, those gone marked removed."""

from __future__ import annotations

from typing import Any

import httpx
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.core.errors import Conflict
from backend.core.rate_limits import RateLimits
from backend.models.base import utcnow
from backend.models.enrollment import SectionEnrollment
from backend.models.lti_launch import LtiContext, LtiUser
from backend.models.lti_platform import LtiPlatform
from backend.models.user import User, UserRole
from backend.schemas.lti import RosterSyncResult
from backend.services.coursework import access
from backend.services.lti import claims, contexts, identities, platform_client
from backend.services.lti.errors import PlatformUnavailable
from backend.services.lti.tool_config import SCOPE_NRPS


async def _context(db: AsyncSession, section_id: int) -> tuple[LtiContext, LtiPlatform]:
    row = (await db.execute(select(LtiContext, LtiPlatform).join(LtiPlatform, LtiPlatform.id == LtiContext.platform_id)
                            .where(LtiContext.section_id == section_id))).first()
    if row is None:
        raise Conflict("This section is not linked to an LMS course: open the tool from the course once first.")
    if not row[0].memberships_url:
        raise Conflict("The LMS has not offered its roster (Names and Role Provisioning) for this course: enable "
                       "it in the tool's LMS settings, then launch once more.")
    return row[0], row[1]


async def _fetch(db: AsyncSession, http: httpx.AsyncClient, context: LtiContext, platform: LtiPlatform
                 ) -> list[dict[str, Any]]:
    try:
        token = await platform_client.access_token(db, http, platform, [SCOPE_NRPS])
        return await platform_client.members(http, token, context.memberships_url or "")
    except platform_client.ServiceError as exc:
        raise PlatformUnavailable(f"The roster could not be read from {platform.name}: {exc}. Try again later."
                                  ) from None


async def _enroll_member(db: AsyncSession, platform: LtiPlatform, section_id: int, member: dict[str, Any]
                         ) -> tuple[str, int | None]:
    """('added' | 'already' | 'skipped', the account id)."""
    sub = member.get("user_id")
    active = member.get("status", "Active") == "Active"
    if not isinstance(sub, str) or not sub or not active or claims.platform_role(member.get("roles")) != \
            UserRole.student:
        return "skipped", None
    _, user = await identities.find_or_create(db, platform=platform, sub=sub, role=UserRole.student, person=member)
    if user.role != UserRole.student or not user.is_active:
        return "skipped", user.id
    added = await contexts.enroll(db, section_id=section_id, student_id=user.id)
    return ("added" if added else "already"), user.id


async def _remove_departed(db: AsyncSession, platform: LtiPlatform, section_id: int, present: set[int]) -> int:
    """Learners linked to this LMS who left its course: removed here, their work kept."""
    rows = await db.scalars(
        select(SectionEnrollment).join(LtiUser, LtiUser.user_id == SectionEnrollment.student_id)
        .where(SectionEnrollment.section_id == section_id, SectionEnrollment.is_active.is_(True),
               LtiUser.platform_id == platform.id))
    removed = 0
    for enrollment in rows:
        if enrollment.student_id not in present:
            enrollment.is_active, enrollment.removed_at = False, utcnow()
            removed += 1
    return removed


async def sync(db: AsyncSession, http: httpx.AsyncClient, *, actor: User, section_id: int,
               limits: RateLimits | None = None) -> RosterSyncResult:
    """Counted against the actor's roster syncs once they may manage the section, before the LMS is asked."""
    await access.managed_section(db, actor=actor, section_id=section_id)
    if limits is not None:
        await limits.hit_roster_sync(actor.id)
    context, platform = await _context(db, section_id)
    counts = {"added": 0, "already": 0, "removed": 0, "skipped": 0}
    present: set[int] = set()
    for member in await _fetch(db, http, context, platform):
        outcome, user_id = await _enroll_member(db, platform, section_id, member)
        counts[outcome] += 1
        if user_id is not None and outcome != "skipped":
            present.add(user_id)
    counts["removed"] = await _remove_departed(db, platform, section_id, present)
    await db.flush()
    platform.last_roster_sync_at = utcnow()
    platform.last_roster_sync = {"section_id": section_id, **counts}
    return RosterSyncResult(**counts)
