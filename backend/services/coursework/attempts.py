"""Sessions as attempts at an assignment: reading a student's attempts, and claiming the next one to start."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.core.errors import Conflict, Forbidden, NotFound
from backend.models.assignment import Assignment
from backend.models.base import utcnow
from backend.models.client import Client
from backend.models.session import PracticeSession, SessionStatus
from backend.models.user import User, UserRole
from backend.schemas.assignment import AssignmentRead
from backend.services.coursework import access
from backend.services.coursework.status import Attempt, Rules, standing, start_refusal

ATTEMPT_COLUMNS = (PracticeSession.assignment_id, PracticeSession.user_id, PracticeSession.id,
                   PracticeSession.attempt_number, PracticeSession.status, PracticeSession.submitted_at,
                   PracticeSession.student_turns)


def rules_of(assignment: Assignment | AssignmentRead) -> Rules:
    """The rules an assignment sets, from its row or from its API view (the same fields)."""
    return Rules(opens_at=assignment.opens_at, due_at=assignment.due_at, max_attempts=assignment.max_attempts,
                 min_turns=assignment.min_turns, allow_late=assignment.allow_late,
                 is_published=assignment.is_published)


async def attempts_by_cell(db: AsyncSession, assignment_ids: Iterable[int], user_id: int | None = None
                           ) -> dict[tuple[int, int], list[Attempt]]:
    """(assignment id, student id) -> their attempts, for these assignments (and one student, if given)."""
    ids = list(assignment_ids)
    found: dict[tuple[int, int], list[Attempt]] = defaultdict(list)
    if not ids:
        return found
    query = select(*ATTEMPT_COLUMNS).where(PracticeSession.assignment_id.in_(ids))
    if user_id is not None:
        query = query.where(PracticeSession.user_id == user_id)
    for row in (await db.execute(query)).all():
        found[(row.assignment_id, row.user_id)].append(Attempt(
            session_id=row.id, attempt_number=row.attempt_number or 0, active=row.status == SessionStatus.active,
            submitted_at=row.submitted_at, student_turns=row.student_turns or 0))
    return found


@dataclass(frozen=True)
class Claim:
    """What a new attempt is started with: the assigned client and the attempt's number."""

    client: Client
    assignment_id: int
    attempt_number: int


async def claim(db: AsyncSession, *, actor: User, assignment_id: int) -> Claim:
    """The next attempt for an enrolled student, or the reason it cannot start (4xx with a readable sentence)."""
    assignment, section = await access.live_assignment(db, assignment_id)
    if actor.role != UserRole.student:
        if access.manages(actor, section):
            raise Forbidden("Assignments are attempted by enrolled students. To try the client yourself, start a "
                            "test conversation with it instead.")
        raise access.assignment_missing(assignment_id)
    enrollment = await access.enrollment_of(db, section_id=section.id, student_id=actor.id)
    if enrollment is None or not assignment.is_published:  # a draft is as invisible here as on every read
        raise access.assignment_missing(assignment_id)
    if not enrollment.is_active:
        raise Forbidden(f"You are no longer enrolled in {section.name}; ask your teacher if this is a mistake.")
    attempts = (await attempts_by_cell(db, [assignment.id], actor.id)).get((assignment.id, actor.id), [])
    rules = rules_of(assignment)
    refusal = start_refusal(rules, standing(rules, attempts, utcnow()), utcnow())
    if refusal is not None:
        raise Conflict(refusal)
    client = await db.get(Client, assignment.client_id)
    if client is None or client.archived_at is not None:
        raise NotFound("The client for this assignment is no longer available; ask your teacher.")
    return Claim(client=client, assignment_id=assignment.id,
                 attempt_number=max((a.attempt_number for a in attempts), default=0) + 1)
