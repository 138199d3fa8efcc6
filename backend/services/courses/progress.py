"""The progress grid: every enrolled student by every assignment of a section, one status cell each.

Three reads whatever the section's size: its assignments, its roster, and the attempts at those assignments
(served by the sessions' (assignment_id, user_id, attempt_number) index); the cells are worked out in Python.
A 300 × 20 grid is 6,000 cells, so they stay plain objects and the response is serialised once, as JSON.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.models.base import utcnow
from backend.models.enrollment import SectionEnrollment
from backend.models.user import User
from backend.schemas.assignment import AssignmentRead
from backend.schemas.section import SectionRead
from backend.services.courses import assignments, sections
from backend.services.coursework import access
from backend.services.coursework.attempts import attempts_by_cell, rules_of
from backend.services.coursework.status import Standing, standing


@dataclass
class GridRow:
    id: int
    display_name: str
    email: str
    cells: list[Standing]


@dataclass
class Grid:
    section: SectionRead
    assignments: list[AssignmentRead]
    students: list[GridRow]


async def section_grid(db: AsyncSession, *, actor: User, section_id: int) -> Grid:
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
    now = utcnow()
    rules = [(a.id, rules_of(a)) for a in given]
    untouched = {assignment_id: standing(rule, (), now) for assignment_id, rule in rules}  # most cells: no attempt
    rows = []
    for student in roster:
        cells = []
        for assignment_id, rule in rules:
            tried = attempts.get((assignment_id, student.id))
            cells.append(standing(rule, tried, now) if tried else untouched[assignment_id])
        rows.append(GridRow(id=student.id, display_name=student.display_name, email=student.email, cells=cells))
    return Grid(section=section, assignments=given, students=rows)


def _cell(assignment_id: int, cell: Standing) -> dict[str, Any]:
    return {"assignment_id": assignment_id, "status": cell.status.value, "attempts": cell.attempts,
            "last_session_id": cell.last_session_id, "submitted_session_id": cell.submitted_session_id,
            "submitted_at": cell.submitted_at.isoformat() if cell.submitted_at else None, "late": cell.late,
            "student_turns": cell.student_turns}


async def section_progress_json(db: AsyncSession, *, actor: User, section_id: int) -> bytes:
    """GET /sections/{id}/progress in the shape of schemas/progress.SectionProgress, serialised once."""
    grid = await section_grid(db, actor=actor, section_id=section_id)
    ids = [a.id for a in grid.assignments]
    body = {
        "section": grid.section.model_dump(mode="json"),
        "assignments": [a.model_dump(mode="json") for a in grid.assignments],
        "students": [{"id": row.id, "display_name": row.display_name, "email": row.email,
                      "cells": [_cell(i, cell) for i, cell in zip(ids, row.cells, strict=True)]}
                     for row in grid.students],
    }
    return json.dumps(body, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
