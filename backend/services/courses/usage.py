"""The admin's view of courses: how many sections, enrollments, assignments and attempts, and each section's cost."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.models.assignment import Assignment
from backend.models.enrollment import SectionEnrollment
from backend.models.section import Section
from backend.models.session import PracticeSession
from backend.models.user import User
from backend.schemas.admin import CourseUsage, SectionUsage


async def course_usage(db: AsyncSession) -> CourseUsage:
    """Counts over live sections; costs are the running totals of every attempt at their assignments (all time)."""
    sections = (await db.execute(
        select(Section.id, Section.name, Section.course_code, Section.term, User.display_name)
        .join(User, User.id == Section.teacher_id).where(Section.archived_at.is_(None))
    )).all()
    live = select(Section.id).where(Section.archived_at.is_(None))
    students = dict((await db.execute(
        select(SectionEnrollment.section_id, func.count()).where(
            SectionEnrollment.is_active.is_(True), SectionEnrollment.section_id.in_(live))
        .group_by(SectionEnrollment.section_id))).all())
    given = dict((await db.execute(
        select(Assignment.section_id, func.count()).where(
            Assignment.archived_at.is_(None), Assignment.section_id.in_(live))
        .group_by(Assignment.section_id))).all())
    attempts = {row.section_id: row for row in (await db.execute(
        select(Assignment.section_id, func.count(PracticeSession.id).label("sessions"),
               func.count(PracticeSession.submitted_at).label("submitted"),
               func.coalesce(func.sum(PracticeSession.cost_usd), 0.0).label("cost"))
        .join(Assignment, Assignment.id == PracticeSession.assignment_id)
        .where(Assignment.section_id.in_(live)).group_by(Assignment.section_id))).all()}
    rows = []
    for section in sections:
        spent = attempts.get(section.id)
        rows.append(SectionUsage(
            section_id=section.id, name=section.name, course_code=section.course_code, term=section.term,
            teacher_name=section.display_name, students=int(students.get(section.id, 0)),
            assignments=int(given.get(section.id, 0)), sessions=int(spent.sessions) if spent else 0,
            submitted=int(spent.submitted) if spent else 0, cost_usd=round(float(spent.cost), 6) if spent else 0.0))
    rows.sort(key=lambda r: (-r.cost_usd, r.name))
    return CourseUsage(
        sections=len(rows), enrollments=sum(r.students for r in rows), assignments=sum(r.assignments for r in rows),
        assignment_sessions=sum(r.sessions for r in rows), submitted_sessions=sum(r.submitted for r in rows),
        cost_usd=round(sum(r.cost_usd for r in rows), 6), by_section=rows,
    )
