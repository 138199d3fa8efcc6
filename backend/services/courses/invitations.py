"""Consent before a second teacher: a student who belongs to another teacher is invited, and joins on accepting.

Until then the section, its assignments and its sessions stay out of their sight, and they are not on the roster
(the teacher sees them as pending).
"""

from __future__ import annotations

from sqlalchemy import and_, exists, select, tuple_, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from backend.core.db import insert_unless_present
from backend.core.errors import Conflict, NotFound
from backend.models.base import utcnow
from backend.models.enrollment import SectionEnrollment
from backend.models.invitation import InvitationStatus, SectionInvitation
from backend.models.section import Section
from backend.models.user import User, UserRole
from backend.schemas.invitation import InvitationRead
from backend.schemas.section import EnrollmentRead, SectionRead
from backend.services.courses import sections

BATCH = 100


async def of_other_teachers(db: AsyncSession, *, teacher_id: int, student_ids: list[int]) -> set[int]:
    """The students another teacher has: on one of their rosters now, or made by them and never on one of their
    rosters (the same rule as a teacher's GET /users)."""
    if not student_ids:
        return set()
    enrolled = await db.scalars(
        select(SectionEnrollment.student_id).join(Section, Section.id == SectionEnrollment.section_id)
        .where(SectionEnrollment.student_id.in_(student_ids), SectionEnrollment.is_active.is_(True),
               Section.teacher_id != teacher_id).distinct())
    creator = aliased(User)
    on_creators_roster = exists(
        select(SectionEnrollment.id).join(Section, Section.id == SectionEnrollment.section_id)
        .where(SectionEnrollment.student_id == User.id, Section.teacher_id == creator.id))
    created = await db.scalars(
        select(User.id).join(creator, creator.id == User.created_by_id)
        .where(User.id.in_(student_ids), creator.role == UserRole.teacher, creator.id != teacher_id,
               ~on_creators_roster))
    return set(enrolled) | set(created)


async def invite(db: AsyncSession, *, section_id: int, student_ids: list[int], invited_by: int) -> None:
    """A pending invitation for each (one asked before, declined or withdrawn, is asked again)."""
    now = utcnow()
    reopened = set(await db.scalars(
        update(SectionInvitation)
        .where(SectionInvitation.section_id == section_id, SectionInvitation.student_id.in_(student_ids))
        .values(status=InvitationStatus.pending, invited_at=now, answered_at=None, invited_by_id=invited_by,
                updated_at=now)
        .returning(SectionInvitation.student_id)))
    fresh = [i for i in student_ids if i not in reopened]
    dialect = (await db.connection()).dialect.name
    for start in range(0, len(fresh), BATCH):
        rows = [{"section_id": section_id, "student_id": i, "invited_by_id": invited_by, "invited_at": now,
                 "status": InvitationStatus.pending, "created_at": now, "updated_at": now}
                for i in fresh[start:start + BATCH]]
        await db.execute(insert_unless_present(dialect, SectionInvitation, rows, ["section_id", "student_id"]))


async def settle(db: AsyncSession, *, section_id: int, student_ids: list[int]) -> None:
    """Students enrolled another way (directly, by an admin setting): their pending invitation is answered."""
    if student_ids:
        await db.execute(update(SectionInvitation).where(
            SectionInvitation.section_id == section_id, SectionInvitation.student_id.in_(student_ids),
            SectionInvitation.status == InvitationStatus.pending,
        ).values(status=InvitationStatus.accepted, answered_at=utcnow()))


async def withdraw(db: AsyncSession, *, section_id: int, student_id: int) -> bool:
    """The teacher takes back a pending invitation; False when there was none."""
    result = await db.execute(update(SectionInvitation).where(
        SectionInvitation.section_id == section_id, SectionInvitation.student_id == student_id,
        SectionInvitation.status == InvitationStatus.pending,
    ).values(status=InvitationStatus.withdrawn, answered_at=utcnow()))
    return bool(result.rowcount)  # type: ignore[attr-defined]


async def pending_for(db: AsyncSession, *, actor: User) -> list[InvitationRead]:
    """The caller's own pending invitations, newest first (staff are never invited: always empty)."""
    rows = await db.execute(
        select(SectionInvitation, Section, User.display_name)
        .join(Section, Section.id == SectionInvitation.section_id).join(User, User.id == Section.teacher_id)
        .where(SectionInvitation.student_id == actor.id, SectionInvitation.status == InvitationStatus.pending,
               Section.archived_at.is_(None))
        .order_by(SectionInvitation.invited_at.desc(), SectionInvitation.id.desc()))
    return [InvitationRead(id=invitation.id, section_id=section.id, section_name=section.name,
                           course_code=section.course_code, term=section.term, teacher_name=teacher_name,
                           invited_at=invitation.invited_at) for invitation, section, teacher_name in rows.all()]


async def _own(db: AsyncSession, *, actor: User, invitation_id: int) -> SectionInvitation:
    """The caller's own invitation to a live section; anyone else's is missing, and one answered is a 409."""
    row = (await db.execute(
        select(SectionInvitation).join(Section, Section.id == SectionInvitation.section_id)
        .where(SectionInvitation.id == invitation_id, SectionInvitation.student_id == actor.id,
               Section.archived_at.is_(None))
    )).scalar_one_or_none()
    if row is None or row.status == InvitationStatus.withdrawn:
        raise NotFound(f"Invitation {invitation_id} was not found.")
    if row.status != InvitationStatus.pending:
        raise Conflict(f"You have already {row.status} this invitation.")
    return row


async def accept(db: AsyncSession, *, actor: User, invitation_id: int) -> SectionRead:
    """The student joins the section (a removed enrollment comes back) and sees it from now on."""
    invitation = await _own(db, actor=actor, invitation_id=invitation_id)
    invitation.status, invitation.answered_at = InvitationStatus.accepted, utcnow()
    enrollment = await db.scalar(select(SectionEnrollment).where(
        SectionEnrollment.section_id == invitation.section_id, SectionEnrollment.student_id == actor.id))
    if enrollment is None:
        db.add(SectionEnrollment(section_id=invitation.section_id, student_id=actor.id, enrolled_at=utcnow()))
    elif not enrollment.is_active:
        enrollment.is_active, enrollment.removed_at, enrollment.enrolled_at = True, None, utcnow()
    await db.flush()
    return await sections.read(db, actor=actor, section_id=invitation.section_id)


async def decline(db: AsyncSession, *, actor: User, invitation_id: int) -> None:
    invitation = await _own(db, actor=actor, invitation_id=invitation_id)
    invitation.status, invitation.answered_at = InvitationStatus.declined, utcnow()
    await db.flush()


async def pending_roster(db: AsyncSession, *, section_id: int, limit: int | None = None,
                         after: tuple[str, int] | None = None) -> list[EnrollmentRead]:
    """Who was invited to the section and has not answered yet, by name (after `after`; access is the caller's to
    check)."""
    query = (
        select(SectionInvitation, User).join(User, User.id == SectionInvitation.student_id)
        .where(SectionInvitation.section_id == section_id, SectionInvitation.status == InvitationStatus.pending,
               ~exists(select(SectionEnrollment.id).where(and_(
                   SectionEnrollment.section_id == section_id, SectionEnrollment.student_id == User.id,
                   SectionEnrollment.is_active.is_(True)))))
        .order_by(User.display_name, User.id).limit(limit))
    if after is not None:
        query = query.where(tuple_(User.display_name, User.id) > after)
    rows = await db.execute(query)
    return [EnrollmentRead(student_id=user.id, email=user.email, display_name=user.display_name,
                           enrolled_at=invitation.invited_at, is_active=False, removed_at=None, status="pending")
            for invitation, user in rows.all()]
