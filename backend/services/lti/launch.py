"""POST /lti/launch: verify the id_token, then the account, the section and the assignment, then into an app."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

from sqlalchemy.ext.asyncio import AsyncSession

from backend.core.config import Settings
from backend.core.errors import Forbidden
from backend.models.base import utcnow
from backend.models.section import Section
from backend.models.user import UserRole
from backend.services.lti import claims, codes, contexts, deep_linking, identities, launch_token
from backend.services.lti.errors import LaunchRefused
from backend.services.lti.platform_keys import PlatformKeys


@dataclass
class LaunchOutcome:
    redirect_url: str


def _app_url(base: str, page: str, **params: object) -> str:
    """The app's page (its Streamlit url path; "" for the default page, which lives at the root) with the
    one-time code and what to open."""
    query = urlencode({key: value for key, value in params.items() if value is not None})
    return f"{base.rstrip('/')}/{page}?{query}"


async def launch(db: AsyncSession, keys: PlatformKeys, *, settings: Settings, id_token: str, state: str,
                 tool_url: str) -> LaunchOutcome:
    """A learner lands on the assignment, an instructor on the section (or the deep-linking picker)."""
    verified = await launch_token.verify(db, keys, id_token=id_token, state=state)
    platform, payload = verified.platform, verified.claims
    role = claims.platform_role(payload.get(claims.ROLES))
    if role is None:
        raise LaunchRefused("Your course role is neither instructor nor learner, so the tool cannot tell what to "
                            "show you. Ask the instructor.")
    is_deep_link = payload.get(claims.MESSAGE_TYPE) == claims.DEEP_LINKING_REQUEST
    if is_deep_link and role != UserRole.teacher:
        raise Forbidden("Only instructors can choose which assignment a course link opens.")
    _, user = await identities.find_or_create(db, platform=platform, sub=str(payload["sub"]), role=role,
                                                 person=payload)
    if not user.is_active:
        raise Forbidden("This account has been deactivated. Ask an administrator.")
    context = await contexts.link_context(db, platform=platform, payload=payload, user=user)
    platform.last_launch_at = utcnow()
    if is_deep_link:
        ticket = await deep_linking.open_request(db, platform=platform, payload=payload, user=user,
                                                 section_id=context.section_id)
        return LaunchOutcome(redirect_url=f"{tool_url.rstrip('/')}/lti/deep-link?ticket={ticket}")
    if user.role == UserRole.student:
        await contexts.enroll(db, section_id=context.section_id, student_id=user.id)
    assignment = await contexts.link_resource(db, platform=platform, context=context, payload=payload)
    code = await codes.issue(db, user_id=user.id)
    assignment_id = assignment.id if assignment is not None else None
    if user.role == UserRole.student:
        return LaunchOutcome(_app_url(settings.student_app_url, "", lti_code=code,
                                      assignment_id=assignment_id))
    # A section has one teacher: a co-instructor or TA of the course lands on their own sections, not on one
    # they cannot open.
    section = await db.get(Section, context.section_id)
    own = section is not None and (section.teacher_id == user.id or user.role == UserRole.admin)
    return LaunchOutcome(_app_url(settings.teacher_app_url, "sections", lti_code=code,
                                  section_id=context.section_id if own else None,
                                  assignment_id=assignment_id if own else None))
