"""Rubrics: teachers write their own, everyone on staff reads the shared default, admins manage all of them.

A rubric that has scored a conversation (or that an assignment names) cannot be deleted, since grades point
at it; evaluations keep a snapshot of its criteria, so editing one never rewrites a grade already given.
"""

from __future__ import annotations

from sqlalchemy import func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.core.errors import Conflict, Forbidden, NotFound
from backend.models.assignment import Assignment
from backend.models.base import utcnow
from backend.models.evaluation import Evaluation
from backend.models.rubric import Rubric
from backend.models.user import User, UserRole
from backend.schemas.rubric import RubricCreate, RubricUpdate

STAFF_ONLY = "Rubrics are written and managed by teachers; your feedback shows the criteria you were scored on."


def _require_staff(actor: User) -> None:
    if actor.role not in (UserRole.teacher, UserRole.admin):
        raise Forbidden(STAFF_ONLY)


def _can_manage(actor: User, rubric: Rubric) -> bool:
    return actor.role == UserRole.admin or (rubric.owner_id is not None and rubric.owner_id == actor.id)


async def default_rubric(db: AsyncSession) -> Rubric:
    """The shared rubric free practice is scored on (seeded by the migration that created rubrics)."""
    rubric = await db.scalar(select(Rubric).where(Rubric.is_default.is_(True), Rubric.archived_at.is_(None))
                             .order_by(Rubric.id).limit(1))
    if rubric is None:  # only if someone removed the seeded row by hand
        raise Conflict("There is no default rubric. An administrator needs to create one before feedback can run.")
    return rubric


async def list_for(db: AsyncSession, *, actor: User) -> list[Rubric]:
    _require_staff(actor)
    query = select(Rubric).where(Rubric.archived_at.is_(None)).order_by(Rubric.is_default.desc(), Rubric.title)
    if actor.role == UserRole.teacher:
        query = query.where(or_(Rubric.is_default.is_(True), Rubric.owner_id == actor.id))
    return list(await db.scalars(query))


async def get_readable(db: AsyncSession, *, actor: User, rubric_id: int) -> Rubric:
    _require_staff(actor)
    rubric = await db.get(Rubric, rubric_id)
    visible = rubric is not None and rubric.archived_at is None and (
        rubric.is_default or actor.role == UserRole.admin or rubric.owner_id == actor.id)
    if not visible:
        raise NotFound(f"Rubric {rubric_id} was not found.")
    assert rubric is not None
    return rubric


async def _get_manageable(db: AsyncSession, *, actor: User, rubric_id: int) -> Rubric:
    rubric = await get_readable(db, actor=actor, rubric_id=rubric_id)
    if not _can_manage(actor, rubric):
        raise Forbidden("The default rubric is shared by every teacher; only an administrator can change it. "
                        "Create your own rubric to score on different criteria.")
    return rubric


async def create(db: AsyncSession, *, actor: User, data: RubricCreate) -> Rubric:
    _require_staff(actor)
    rubric = Rubric(owner_id=actor.id, title=data.title, description=data.description,
                    criteria=[criterion.model_dump() for criterion in data.criteria])
    db.add(rubric)
    await db.flush()
    return rubric


async def update(db: AsyncSession, *, actor: User, rubric_id: int, data: RubricUpdate) -> Rubric:
    rubric = await _get_manageable(db, actor=actor, rubric_id=rubric_id)
    changes = data.model_dump(exclude_unset=True, exclude_none=True)
    for key, value in changes.items():
        setattr(rubric, key, value)
    if changes:
        rubric.updated_at = utcnow()
    await db.flush()
    return rubric


async def uses_of(db: AsyncSession, rubric_id: int) -> tuple[int, int]:
    """How many assignments name it (archived ones too: their attempts keep it) and evaluations were scored on it."""
    assignments = await db.scalar(select(func.count()).select_from(Assignment).where(Assignment.rubric_id == rubric_id))
    evaluations = await db.scalar(select(func.count()).select_from(Evaluation).where(Evaluation.rubric_id == rubric_id))
    return int(assignments or 0), int(evaluations or 0)


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


async def delete(db: AsyncSession, *, actor: User, rubric_id: int) -> None:
    rubric = await _get_manageable(db, actor=actor, rubric_id=rubric_id)
    if rubric.is_default:
        raise Conflict("The default rubric cannot be deleted: free practice is scored on it.")
    assignments, evaluations = await uses_of(db, rubric_id)
    if assignments or evaluations:
        uses = " and ".join(_count(n, noun) for n, noun in ((assignments, "assignment"), (evaluations, "evaluation"))
                            if n)
        raise Conflict(f"This rubric is in use ({uses}), so it cannot be deleted; grades point at it.")
    await db.delete(rubric)
    await db.flush()
