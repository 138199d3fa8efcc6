"""Assignments: a teacher gives one of their clients to a section; each reader sees what they may.

Teachers and admins see every assignment of the sections they manage; students see the published ones of the
sections they are enrolled in, each with where they stand (status, attempts, why starting would be refused).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Select, exists, select
from sqlalchemy import update as update_rows
from sqlalchemy.ext.asyncio import AsyncSession

from backend.core.errors import Conflict, InvalidInput
from backend.models.assignment import Assignment, FeedbackRelease
from backend.models.base import utcnow
from backend.models.client import Client
from backend.models.evaluation import Evaluation
from backend.models.section import Section
from backend.models.session import PracticeSession
from backend.models.user import User, UserRole
from backend.schemas.assignment import AssignmentCreate, AssignmentRead, AssignmentUpdate
from backend.schemas.client import ClientPublic
from backend.services.clients import personas
from backend.services.coursework import access
from backend.services.coursework.attempts import attempts_by_cell, rules_of
from backend.services.coursework.status import standing, start_refusal
from backend.services.feedback import rubrics

CLEARABLE = ("opens_at", "due_at", "max_attempts", "rubric_id")  # null in an edit clears these; it leaves the others


def _view() -> Select[Any]:
    return (select(Assignment, Section.name.label("section_name"), Section.course_code.label("course_code"),
                   Client.name.label("client_name"), Client.age.label("client_age"),
                   Client.student_brief.label("client_brief"))
            .join(Section, Section.id == Assignment.section_id)
            .join(Client, Client.id == Assignment.client_id)
            .where(Assignment.archived_at.is_(None), Section.archived_at.is_(None)))


def due_order(row: Any) -> tuple[bool, datetime, datetime, int]:
    """Due soonest first; no due date last; then by opening time and id."""
    assignment: Assignment = row[0]
    far = datetime.max.replace(tzinfo=utcnow().tzinfo)
    return (assignment.due_at is None, assignment.due_at or far, assignment.opens_at or far, assignment.id)


def _read(row: Any, **standing_fields: Any) -> AssignmentRead:
    assignment: Assignment = row[0]
    return AssignmentRead(
        id=assignment.id, section_id=assignment.section_id, section_name=row.section_name,
        course_code=row.course_code, client_id=assignment.client_id,
        client=ClientPublic(id=assignment.client_id, name=row.client_name, age=row.client_age,
                            student_brief=row.client_brief),
        title=assignment.title, instructions=assignment.instructions, opens_at=assignment.opens_at,
        due_at=assignment.due_at, max_attempts=assignment.max_attempts, min_turns=assignment.min_turns,
        allow_late=assignment.allow_late, is_published=assignment.is_published, rubric_id=assignment.rubric_id,
        feedback_release=assignment.feedback_release, created_at=assignment.created_at,
        updated_at=assignment.updated_at, **standing_fields,
    )


async def _with_standing(db: AsyncSession, student: User, rows: Sequence[Any]) -> list[AssignmentRead]:
    """A student's view: each assignment with their own status, attempts and any reason starting is refused."""
    attempts = await attempts_by_cell(db, [row[0].id for row in rows], student.id)
    now = utcnow()
    shown = []
    for row in rows:
        rules = rules_of(row[0])
        current = standing(rules, attempts.get((row[0].id, student.id), []), now)
        shown.append(_read(
            row, status=current.status, attempts_used=current.attempts, attempts_left=current.attempts_left,
            active_session_id=current.active_session_id, last_session_id=current.last_session_id,
            submitted_session_id=current.submitted_session_id,
            submitted_at=current.submitted_at, late=current.late, start_refusal=start_refusal(rules, current, now),
        ))
    return shown


async def _rows(db: AsyncSession, query: Select[Any]) -> list[Any]:
    return sorted((await db.execute(query)).all(), key=due_order)


async def list_for(db: AsyncSession, *, actor: User) -> list[AssignmentRead]:
    """GET /assignments: a student's across their sections, a teacher's own, an admin's all; due soonest first."""
    query = access.sections_visible_to(_view(), actor)
    if actor.role == UserRole.student:
        return await _with_standing(db, actor, await _rows(db, query.where(Assignment.is_published.is_(True))))
    return [_read(row) for row in await _rows(db, query)]


async def list_for_section(db: AsyncSession, *, actor: User, section_id: int) -> list[AssignmentRead]:
    await access.readable_section(db, actor=actor, section_id=section_id)
    query = _view().where(Assignment.section_id == section_id)
    if actor.role == UserRole.student:
        return await _with_standing(db, actor, await _rows(db, query.where(Assignment.is_published.is_(True))))
    return [_read(row) for row in await _rows(db, query)]


async def read(db: AsyncSession, *, actor: User, assignment_id: int) -> AssignmentRead:
    assignment, section = await access.live_assignment(db, assignment_id)
    row = (await db.execute(_view().where(Assignment.id == assignment_id))).one()
    if access.manages(actor, section):
        return _read(row)
    if (actor.role == UserRole.student and assignment.is_published
            and await access.is_enrolled(db, section_id=section.id, student_id=actor.id)):
        return (await _with_standing(db, actor, [row]))[0]
    raise access.assignment_missing(assignment_id)


async def create(db: AsyncSession, *, actor: User, section_id: int, data: AssignmentCreate) -> AssignmentRead:
    """A teacher assigns their own clients (admins any); an unpublished client is fine: the section sees it
    through the assignment only."""
    await access.managed_section(db, actor=actor, section_id=section_id)
    await personas.get_manageable(db, actor=actor, client_id=data.client_id)
    if data.rubric_id is not None:
        await rubrics.get_readable(db, actor=actor, rubric_id=data.rubric_id)
    assignment = Assignment(section_id=section_id, **data.model_dump())
    db.add(assignment)
    await db.flush()
    return await read(db, actor=actor, assignment_id=assignment.id)


async def update(db: AsyncSession, *, actor: User, assignment_id: int, data: AssignmentUpdate) -> AssignmentRead:
    assignment, _ = await access.managed_assignment(db, actor=actor, assignment_id=assignment_id)
    changes = {key: value for key, value in data.model_dump(exclude_unset=True).items()
               if value is not None or key in CLEARABLE}
    if "client_id" in changes and changes["client_id"] != assignment.client_id:
        await personas.get_manageable(db, actor=actor, client_id=changes["client_id"])
        if await db.scalar(select(exists().where(PracticeSession.assignment_id == assignment_id))):
            raise Conflict("Students have already started this assignment, so its client cannot change. Create "
                           "a new assignment for the other client instead.")
    if changes.get("rubric_id") is not None:
        await rubrics.get_readable(db, actor=actor, rubric_id=changes["rubric_id"])
    opens_at, due_at = changes.get("opens_at", assignment.opens_at), changes.get("due_at", assignment.due_at)
    if opens_at is not None and due_at is not None and due_at <= opens_at:
        raise InvalidInput("The due date must come after the opening date.")
    withhold = (changes.get("feedback_release") == FeedbackRelease.after_review
                and assignment.feedback_release != FeedbackRelease.after_review)
    assignment.apply_changes(changes)
    await db.flush()
    if withhold:
        await withhold_unreviewed(db, assignment_id=assignment_id)
    return await read(db, actor=actor, assignment_id=assignment_id)


async def withhold_unreviewed(db: AsyncSession, *, assignment_id: int) -> None:
    """Scores shown at once until now are held for review from now on: every evaluation the teacher has not
    released themselves goes back to unreleased, so the drafts they type next never reach the student."""
    attempts = select(PracticeSession.id).where(PracticeSession.assignment_id == assignment_id)
    await db.execute(update_rows(Evaluation).where(Evaluation.session_id.in_(attempts),
                                                   Evaluation.released.is_(True), Evaluation.released_at.is_(None))
                     .values(released=False).execution_options(synchronize_session=False))


async def archive(db: AsyncSession, *, actor: User, assignment_id: int) -> None:
    """Gone from lists, the grid and the gradebook; the sessions held for it keep their transcripts."""
    assignment, _ = await access.managed_assignment(db, actor=actor, assignment_id=assignment_id)
    assignment.archived_at = utcnow()
    await db.flush()
