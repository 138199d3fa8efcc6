"""The progress grid: every enrolled student by every assignment of a section, one status cell each.

Three reads whatever the section's size: its assignments, its roster, and the attempts at those assignments
(served by the sessions' (assignment_id, user_id, attempt_number) index); the cells are worked out in Python.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.models.base import utcnow
from backend.models.enrollment import SectionEnrollment
from backend.models.user import User
from backend.schemas.progress import ProgressCell, ProgressStudent, SectionProgress
from backend.services.courses import access, assignments, sections
from backend.services.courses.attempts import attempts_by_cell
from backend.services.courses.status import Rules, standing


async def section_progress(db: AsyncSession, *, actor: User, section_id: int) -> SectionProgress:
    await access.managed_section(db, actor=actor, section_id=section_id)
    section = await sections.read(db, actor=actor, section_id=section_id)
    given = await assignments.list_for_section(db, actor=actor, section_id=section_id)
    roster = (await db.execute(
        select(User.id, User.display_name, User.email)
        .join(SectionEnrollment, SectionEnrollment.student_id == User.id)
        .where(SectionEnrollment.section_id == section_id, SectionEnrollment.is_active.is_(True))
        .order_by(User.display_name, User.id)
    )).all()
    attempts = await attempts_by_cell(db, [a.id for a in given])
    rules = [(a.id, Rules(opens_at=a.opens_at, due_at=a.due_at, max_attempts=a.max_attempts, min_turns=a.min_turns,
                          allow_late=a.allow_late, is_published=a.is_published)) for a in given]
    now = utcnow()
    students = []
    for student in roster:
        cells = []
        for assignment_id, rule in rules:
            cell = standing(rule, attempts.get((assignment_id, student.id), ()), now)
            cells.append(ProgressCell.model_construct(
                assignment_id=assignment_id, status=cell.status, attempts=cell.attempts,
                last_session_id=cell.last_session_id, submitted_session_id=cell.submitted_session_id,
                submitted_at=cell.submitted_at, late=cell.late, student_turns=cell.student_turns))
        students.append(ProgressStudent.model_construct(id=student.id, display_name=student.display_name,
                                                        email=student.email, cells=cells))
    return SectionProgress(section=section, assignments=given, students=students)
