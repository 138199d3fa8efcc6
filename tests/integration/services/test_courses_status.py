"""Where each student stands on an assignment, worked out from real rows: the student's list and the teacher's grid
must agree, and each status follows its rule."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from backend.core.errors import Conflict, Forbidden, InvalidInput, NotFound
from backend.models.base import utcnow
from backend.models.client import Client
from backend.models.section import Section
from backend.models.user import User, UserRole
from backend.schemas.assignment import AssignmentStatus
from backend.services.conversation import sessions
from backend.services.courses import assignments, enrollments, progress, submission
from tests.integration.services.factories import assignment, attempt, person, persona, section


@dataclass
class Course:
    teacher: User
    student: User
    section: Section
    client: Client


async def status_of(db: AsyncSession, course: Course, assignment_id: int) -> AssignmentStatus:
    """The student's own view and the teacher's grid cell, which must say the same."""
    mine = await assignments.read(db, actor=course.student, assignment_id=assignment_id)
    grid = await progress.section_grid(db, actor=course.teacher, section_id=course.section.id)
    row = next(s for s in grid.students if s.id == course.student.id)
    cell = next(c for a, c in zip(grid.assignments, row.cells, strict=True) if a.id == assignment_id)
    assert cell.status == mine.status
    assert mine.status is not None
    return mine.status


@pytest.fixture
async def course(db: AsyncSession) -> Course:
    """A teacher's section with one student enrolled, and an unpublished client of the teacher's."""
    teacher, student = await person(db, UserRole.teacher), await person(db, name="Diego Ramírez")
    return Course(teacher, student, await section(db, teacher, student), await persona(db, teacher, published=False))


class TestStatusRules:
    async def test_not_started_until_an_attempt_exists(self, db: AsyncSession, course: Course) -> None:
        given = await assignment(db, course.section, course.client,
                                 due_at=utcnow() + timedelta(days=2))
        assert await status_of(db, course, given.id) == AssignmentStatus.not_started

    async def test_not_open_before_the_opening_time(self, db: AsyncSession, course: Course) -> None:
        given = await assignment(db, course.section, course.client,
                                 opens_at=utcnow() + timedelta(hours=3))
        assert await status_of(db, course, given.id) == AssignmentStatus.not_open

    async def test_in_progress_with_an_attempt_and_no_submission(self, db: AsyncSession, course: Course) -> None:
        given = await assignment(db, course.section, course.client)
        await attempt(db, course.student, given, active=True)
        assert await status_of(db, course, given.id) == AssignmentStatus.in_progress

    async def test_submitted_by_the_due_date(self, db: AsyncSession, course: Course) -> None:
        given = await assignment(db, course.section, course.client,
                                 due_at=utcnow() - timedelta(hours=1))
        await attempt(db, course.student, given, submitted_at=utcnow() - timedelta(hours=2))
        assert await status_of(db, course, given.id) == AssignmentStatus.submitted

    async def test_late_when_the_submission_came_after_the_due_date(self, db: AsyncSession, course: Course) -> None:
        given = await assignment(db, course.section, course.client,
                                 due_at=utcnow() - timedelta(hours=3), allow_late=True)
        await attempt(db, course.student, given, submitted_at=utcnow() - timedelta(hours=1))
        assert await status_of(db, course, given.id) == AssignmentStatus.late

    async def test_missed_past_due_without_late_work_even_with_an_unsubmitted_attempt(
        self, db: AsyncSession, course: Course
    ) -> None:
        given = await assignment(db, course.section, course.client,
                                 due_at=utcnow() - timedelta(minutes=5))
        await attempt(db, course.student, given)
        assert await status_of(db, course, given.id) == AssignmentStatus.missed

    async def test_past_due_with_late_work_allowed_is_still_open_to_do(self, db: AsyncSession, course: Course) -> None:
        given = await assignment(db, course.section, course.client,
                                 due_at=utcnow() - timedelta(days=1), allow_late=True)
        assert await status_of(db, course, given.id) == AssignmentStatus.not_started
        mine = await assignments.read(db, actor=course.student, assignment_id=given.id)
        assert mine.start_refusal is None

    async def test_the_latest_submission_counts(self, db: AsyncSession, course: Course) -> None:
        due = utcnow() - timedelta(hours=2)
        given = await assignment(db, course.section, course.client,
                                 due_at=due, allow_late=True)
        await attempt(db, course.student, given, submitted_at=due - timedelta(hours=1))
        second = await attempt(db, course.student, given, submitted_at=due + timedelta(hours=1), turns=7)
        mine = await assignments.read(db, actor=course.student, assignment_id=given.id)
        assert mine.status == AssignmentStatus.late and mine.submitted_session_id == second.id
        grid = await progress.section_grid(db, actor=course.teacher, section_id=course.section.id)
        assert grid.students[0].cells[0].student_turns == 7 and grid.students[0].cells[0].attempts == 2


class TestStartAndSubmitRules:
    async def test_an_attempt_starts_with_the_assigned_unpublished_client(self, db: AsyncSession,
                                                                          course: Course) -> None:
        given = await assignment(db, course.section, course.client,
                                 max_attempts=1)
        started = await sessions.start(db, actor=course.student, assignment_id=given.id, provider="offline",
                                       model="offline-simulator")
        assert started.client_id == course.client.id and started.attempt_number == 1
        await sessions.end(db, actor=course.student, session_id=started.id)
        with pytest.raises(Conflict, match="used all 1 attempt allowed"):
            await sessions.start(db, actor=course.student, assignment_id=given.id, provider="offline",
                                 model="offline-simulator")

    async def test_a_student_outside_the_section_finds_nothing(self, db: AsyncSession, course: Course) -> None:
        given = await assignment(db, course.section, course.client)
        outsider = await person(db)
        with pytest.raises(NotFound):
            await sessions.start(db, actor=outsider, assignment_id=given.id, provider="offline", model="x")
        with pytest.raises(NotFound):
            await assignments.read(db, actor=outsider, assignment_id=given.id)

    async def test_submitting_needs_the_minimum_turns(self, db: AsyncSession, course: Course) -> None:
        given = await assignment(db, course.section, course.client,
                                 min_turns=5)
        held = await attempt(db, course.student, given, active=True, turns=2)
        with pytest.raises(InvalidInput, match=r"^3 more messages needed"):
            await submission.submit(db, actor=course.student, session_id=held.id)
        other = await person(db)
        with pytest.raises(NotFound):
            await submission.submit(db, actor=other, session_id=held.id)

    async def test_a_removed_student_can_no_longer_submit(self, db: AsyncSession, course: Course) -> None:
        given = await assignment(db, course.section, course.client)
        held = await attempt(db, course.student, given, active=True)
        await enrollments.remove(db, actor=course.teacher, section_id=course.section.id, student_id=course.student.id)
        with pytest.raises(Forbidden, match="no longer enrolled"):
            await submission.submit(db, actor=course.student, session_id=held.id)
