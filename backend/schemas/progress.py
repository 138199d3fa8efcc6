"""The progress grid: a section's students by its assignments, one cell each."""

from __future__ import annotations

from datetime import datetime

from backend.schemas.assignment import AssignmentRead, AssignmentStatus
from backend.schemas.base import Schema
from backend.schemas.section import SectionRead


class ProgressCell(Schema):
    assignment_id: int
    status: AssignmentStatus
    attempts: int
    last_session_id: int | None
    submitted_session_id: int | None
    submitted_at: datetime | None
    late: bool
    student_turns: int


class ProgressStudent(Schema):
    id: int
    display_name: str
    email: str
    cells: list[ProgressCell]


class SectionProgress(Schema):
    section: SectionRead
    assignments: list[AssignmentRead]
    students: list[ProgressStudent]
