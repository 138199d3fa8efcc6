"""Who reaches a section or an assignment: its teacher and admins manage it, its enrolled students read it.

Anything the actor may not see is reported as missing, never as someone else's (404, not 403).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.core.errors import Forbidden, NotFound
from backend.models.assignment import Assignment
from backend.models.enrollment import SectionEnrollment
from backend.models.section import Section
from backend.models.user import User, UserRole


def section_missing(section_id: int) -> NotFound:
    return NotFound(f"Section {section_id} was not found.")


def assignment_missing(assignment_id: int) -> NotFound:
    return NotFound(f"Assignment {assignment_id} was not found.")


def manages(actor: User, section: Section) -> bool:
    return actor.role == UserRole.admin or (actor.role == UserRole.teacher and section.teacher_id == actor.id)


async def enrollment_of(db: AsyncSession, *, section_id: int, student_id: int) -> SectionEnrollment | None:
    return await db.scalar(select(SectionEnrollment).where(SectionEnrollment.section_id == section_id,
                                                           SectionEnrollment.student_id == student_id))


async def is_enrolled(db: AsyncSession, *, section_id: int, student_id: int) -> bool:
    enrollment = await enrollment_of(db, section_id=section_id, student_id=student_id)
    return enrollment is not None and enrollment.is_active


async def _live_section(db: AsyncSession, section_id: int) -> Section:
    section = await db.get(Section, section_id)
    if section is None or section.archived_at is not None:
        raise section_missing(section_id)
    return section


async def managed_section(db: AsyncSession, *, actor: User, section_id: int) -> Section:
    """A section the actor teaches (or any, for an admin)."""
    section = await _live_section(db, section_id)
    if manages(actor, section):
        return section
    if actor.role == UserRole.student and await is_enrolled(db, section_id=section_id, student_id=actor.id):
        raise Forbidden("Only the section's teacher can do that.")
    raise section_missing(section_id)


async def readable_section(db: AsyncSession, *, actor: User, section_id: int) -> Section:
    """A section the actor teaches, or is actively enrolled in as a student."""
    section = await _live_section(db, section_id)
    if manages(actor, section) or (
            actor.role == UserRole.student and await is_enrolled(db, section_id=section_id, student_id=actor.id)):
        return section
    raise section_missing(section_id)


async def live_assignment(db: AsyncSession, assignment_id: int) -> tuple[Assignment, Section]:
    """An assignment that is not archived, in a section that is not archived."""
    row = (await db.execute(
        select(Assignment, Section).join(Section, Section.id == Assignment.section_id)
        .where(Assignment.id == assignment_id, Assignment.archived_at.is_(None), Section.archived_at.is_(None))
    )).first()
    if row is None:
        raise assignment_missing(assignment_id)
    return row[0], row[1]


async def managed_assignment(db: AsyncSession, *, actor: User, assignment_id: int) -> tuple[Assignment, Section]:
    assignment, section = await live_assignment(db, assignment_id)
    if manages(actor, section):
        return assignment, section
    if actor.role == UserRole.student and assignment.is_published and await is_enrolled(
            db, section_id=section.id, student_id=actor.id):
        raise Forbidden("Only the section's teacher can change its assignments.")
    raise assignment_missing(assignment_id)


def sections_visible_to(query: Select[Any], actor: User) -> Select[Any]:
    """Limit a query over sections to those the actor teaches, or is actively enrolled in."""
    query = query.where(Section.archived_at.is_(None))
    if actor.role == UserRole.admin:
        return query
    if actor.role == UserRole.teacher:
        return query.where(Section.teacher_id == actor.id)
    return query.where(Section.id.in_(
        select(SectionEnrollment.section_id).where(SectionEnrollment.student_id == actor.id,
                                                   SectionEnrollment.is_active.is_(True))))
