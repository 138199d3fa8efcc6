"""What an assignment decides about feedback: the rubric its attempts are scored on, and when scores show."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from backend.models.assignment import Assignment, FeedbackRelease
from backend.models.rubric import Rubric
from backend.services.feedback.access import Target
from backend.services.feedback.rubrics import default_rubric


async def _assignment_of(db: AsyncSession, target: Target) -> Assignment | None:
    if target.session.assignment_id is None:
        return None
    return await db.get(Assignment, target.session.assignment_id)


async def rubric_for(db: AsyncSession, target: Target) -> Rubric:
    """The assignment's rubric; free practice, and an assignment that names none, use the default."""
    assignment = await _assignment_of(db, target)
    if assignment is not None and assignment.rubric_id is not None:
        rubric = await db.get(Rubric, assignment.rubric_id)
        if rubric is not None:
            return rubric
    return await default_rubric(db)


async def released_at_start(db: AsyncSession, target: Target) -> bool:
    """Free practice is the student's own: its scores show at once; an assignment may hold them for review."""
    assignment = await _assignment_of(db, target)
    return assignment is None or assignment.feedback_release != FeedbackRelease.after_review
