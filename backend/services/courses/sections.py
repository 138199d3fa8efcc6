"""Sections: a teacher creates, lists, edits and archives them; students list the ones they are enrolled in."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.core.errors import Forbidden
from backend.models.assignment import Assignment
from backend.models.base import utcnow
from backend.models.enrollment import SectionEnrollment
from backend.models.section import Section
from backend.models.user import User, UserRole
from backend.schemas.section import SectionCreate, SectionRead, SectionUpdate
from backend.services.coursework import access


def _view(actor: User) -> Select[Any]:
    """Sections with their teacher's name and counts; a student counts only the published assignments."""
    students = (select(func.count()).select_from(SectionEnrollment)
                .where(SectionEnrollment.section_id == Section.id, SectionEnrollment.is_active.is_(True))
                .correlate(Section).scalar_subquery())
    assignments_query = (select(func.count()).select_from(Assignment)
                         .where(Assignment.section_id == Section.id, Assignment.archived_at.is_(None)))
    if actor.role == UserRole.student:
        assignments_query = assignments_query.where(Assignment.is_published.is_(True))
    assignments = assignments_query.correlate(Section).scalar_subquery()
    return (select(Section, User.display_name.label("teacher_name"), students.label("student_count"),
                   assignments.label("assignment_count"))
            .join(User, User.id == Section.teacher_id))


def _read(row: Any) -> SectionRead:
    section: Section = row[0]
    return SectionRead(
        id=section.id, name=section.name, course_code=section.course_code, term=section.term,
        description=section.description, teacher_id=section.teacher_id, teacher_name=row.teacher_name,
        student_count=int(row.student_count or 0), assignment_count=int(row.assignment_count or 0),
        created_at=section.created_at,
    )


async def read(db: AsyncSession, *, actor: User, section_id: int) -> SectionRead:
    await access.readable_section(db, actor=actor, section_id=section_id)
    return _read((await db.execute(_view(actor).where(Section.id == section_id))).one())


async def list_for(db: AsyncSession, *, actor: User) -> list[SectionRead]:
    """Teachers: their own; admins: every section; students: the ones they are enrolled in."""
    query = access.sections_visible_to(_view(actor), actor).order_by(Section.term, Section.name, Section.id)
    return [_read(row) for row in (await db.execute(query)).all()]


async def create(db: AsyncSession, *, actor: User, data: SectionCreate) -> SectionRead:
    if actor.role not in (UserRole.teacher, UserRole.admin):
        raise Forbidden("Only teachers and administrators create sections.")
    section = Section(teacher_id=actor.id, **data.model_dump())
    db.add(section)
    await db.flush()
    return await read(db, actor=actor, section_id=section.id)


async def update(db: AsyncSession, *, actor: User, section_id: int, data: SectionUpdate) -> SectionRead:
    section = await access.managed_section(db, actor=actor, section_id=section_id)
    changes = {key: value for key, value in data.model_dump(exclude_unset=True).items() if value is not None}
    section.apply_changes(changes)
    await db.flush()
    return await read(db, actor=actor, section_id=section_id)


async def archive(db: AsyncSession, *, actor: User, section_id: int) -> None:
    """Gone from every list; its enrollments, assignments and sessions stay on record."""
    section = await access.managed_section(db, actor=actor, section_id=section_id)
    section.archived_at = utcnow()
    await db.flush()
