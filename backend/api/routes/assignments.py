"""Assignments across sections: a student's list with where they stand, and one assignment to read or change."""

from fastapi import APIRouter, Response, status

from backend.api.deps import CurrentUser, DbDep, StaffUser
from backend.api.params import AssignmentId
from backend.schemas.assignment import AssignmentRead, AssignmentUpdate
from backend.services.courses import assignments

router = APIRouter(prefix="/assignments", tags=["assignments"])


@router.get("", response_model=list[AssignmentRead])
async def list_assignments(actor: CurrentUser, db: DbDep) -> list[AssignmentRead]:
    """A student's across their sections with status and attempts, due soonest first; a teacher's own."""
    return await assignments.list_for(db, actor=actor)


@router.get("/{assignment_id}", response_model=AssignmentRead)
async def get_assignment(assignment_id: AssignmentId, actor: CurrentUser, db: DbDep) -> AssignmentRead:
    return await assignments.read(db, actor=actor, assignment_id=assignment_id)


@router.patch("/{assignment_id}", response_model=AssignmentRead)
async def update_assignment(assignment_id: AssignmentId, body: AssignmentUpdate, actor: StaffUser,
                            db: DbDep) -> AssignmentRead:
    return await assignments.update(db, actor=actor, assignment_id=assignment_id, data=body)


@router.delete("/{assignment_id}", status_code=status.HTTP_204_NO_CONTENT)
async def delete_assignment(assignment_id: AssignmentId, actor: StaffUser, db: DbDep) -> Response:
    """Archives the assignment: it leaves lists, the grid and the gradebook; its sessions stay."""
    await assignments.archive(db, actor=actor, assignment_id=assignment_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)
