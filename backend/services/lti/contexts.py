"""An LMS course becomes a section (on its first instructor launch); its links open the section's assignments."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from backend.core.errors import Conflict, Forbidden
from backend.models.assignment import Assignment
from backend.models.base import utcnow
from backend.models.enrollment import SectionEnrollment
from backend.models.lti_launch import LtiContext, LtiResourceLink
from backend.models.lti_platform import LtiPlatform
from backend.models.section import Section
from backend.models.user import User, UserRole
from backend.services.lti import claims
from backend.services.lti.errors import LaunchRefused


def _services(payload: dict[str, Any]) -> dict[str, Any]:
    """The NRPS and AGS endpoints a launch offers for its course."""
    nrps, ags = payload.get(claims.NRPS) or {}, payload.get(claims.AGS) or {}
    found: dict[str, Any] = {}
    if isinstance(nrps, dict) and isinstance(nrps.get("context_memberships_url"), str):
        found["memberships_url"] = nrps["context_memberships_url"]
    if isinstance(ags, dict):
        if isinstance(ags.get("lineitems"), str):
            found["lineitems_url"] = ags["lineitems"]
        if isinstance(ags.get("scope"), list):
            found["scopes"] = [s for s in ags["scope"] if isinstance(s, str)]
    return found


async def link_context(db: AsyncSession, *, platform: LtiPlatform, payload: dict[str, Any], user: User
                       ) -> LtiContext:
    """The course's section: made by the first instructor launch, named from the context's title."""
    context = payload.get(claims.CONTEXT)
    if not isinstance(context, dict) or not isinstance(context.get("id"), str) or not context["id"]:
        raise LaunchRefused("The launch carries no course (context): open the tool from inside a course.")
    row = await db.scalar(select(LtiContext).where(LtiContext.platform_id == platform.id,
                                                   LtiContext.context_id == context["id"]))
    title = str(context.get("title") or context.get("label") or "LMS course")[:200]
    if row is None:
        if user.role == UserRole.student:
            raise Conflict("Your instructor has not opened Virtual Client in this course yet; try again once they "
                           "have.")
        try:
            # Two instructors opening a new course at once: the second uses the section the first made.
            async with db.begin_nested():
                section = Section(teacher_id=user.id, name=title, course_code=str(context.get("label") or "")[:40],
                                  term="", description=f"Linked to {platform.name}.")
                db.add(section)
                await db.flush()
                row = LtiContext(platform_id=platform.id, context_id=context["id"], section_id=section.id,
                                 deployment_id=str(payload.get(claims.DEPLOYMENT_ID)), title=title[:255], scopes=[])
                db.add(row)
                await db.flush()
        except IntegrityError:
            row = await db.scalar(select(LtiContext).where(LtiContext.platform_id == platform.id,
                                                           LtiContext.context_id == context["id"]))
            if row is None:
                raise Conflict("Another launch is setting up this course right now; open the activity again."
                               ) from None
    for key, value in _services(payload).items():
        setattr(row, key, value)
    await db.flush()
    return row


async def enroll(db: AsyncSession, *, section_id: int, student_id: int) -> bool:
    """Record the learner's enrollment (re-activating a removed one); True when it is new."""
    row = await db.scalar(select(SectionEnrollment).where(SectionEnrollment.section_id == section_id,
                                                          SectionEnrollment.student_id == student_id))
    if row is None:
        db.add(SectionEnrollment(section_id=section_id, student_id=student_id))
    elif not row.is_active:
        row.is_active, row.removed_at, row.enrolled_at = True, None, utcnow()
    else:
        return False
    await db.flush()
    return True


def _custom_assignment_id(payload: dict[str, Any]) -> int | None:
    custom = payload.get(claims.CUSTOM)
    raw = custom.get("assignment_id") if isinstance(custom, dict) else None
    if raw is None or raw == "" or (isinstance(raw, str) and raw.startswith("$")):
        return None
    try:
        value = int(str(raw).strip())
    except ValueError:
        raise LaunchRefused(f"The link's custom assignment_id {str(raw)[:40]!r} is not a number.") from None
    if not 0 < value < 2**31:
        raise LaunchRefused(f"The link's custom assignment_id {value} is out of range.")
    return value


async def link_resource(db: AsyncSession, *, platform: LtiPlatform, context: LtiContext, payload: dict[str, Any]
                        ) -> Assignment | None:
    """The assignment a course link opens: from its custom assignment_id (set by deep linking), else as before."""
    link = payload.get(claims.RESOURCE_LINK)
    link_id = link.get("id") if isinstance(link, dict) else None
    if not isinstance(link_id, str) or not link_id:
        return None
    row = await db.scalar(select(LtiResourceLink).where(LtiResourceLink.platform_id == platform.id,
                                                        LtiResourceLink.resource_link_id == link_id))
    assignment_id = _custom_assignment_id(payload) or (row.assignment_id if row is not None else None)
    if assignment_id is None:
        return None
    assignment = await db.get(Assignment, assignment_id)
    if assignment is None or assignment.section_id != context.section_id or assignment.archived_at is not None:
        raise Forbidden(f"This link opens assignment {assignment_id}, which is not part of this course's section. "
                        "Ask the instructor to choose the assignment again.")
    ags = payload.get(claims.AGS)
    lineitem = ags.get("lineitem") if isinstance(ags, dict) and isinstance(ags.get("lineitem"), str) else None
    if row is None:
        row = LtiResourceLink(platform_id=platform.id, context_row_id=context.id, resource_link_id=link_id,
                              assignment_id=assignment_id)
        db.add(row)
    row.assignment_id = assignment_id
    if lineitem:
        row.lineitem_url = lineitem
    await db.flush()
    return assignment
