"""Rubrics: the criteria conversations are scored on (teachers their own and the shared default; admins all)."""

from fastapi import APIRouter, Response, status

from backend.api.deps import CurrentUser, DbDep
from backend.api.params import RubricId
from backend.schemas.rubric import RubricCreate, RubricRead, RubricUpdate
from backend.services.feedback import rubrics

router = APIRouter(prefix="/rubrics", tags=["feedback"])


@router.get("", response_model=list[RubricRead])
async def list_rubrics(actor: CurrentUser, db: DbDep) -> list[RubricRead]:
    return [RubricRead.model_validate(rubric) for rubric in await rubrics.list_for(db, actor=actor)]


@router.post("", response_model=RubricRead, status_code=status.HTTP_201_CREATED)
async def create_rubric(body: RubricCreate, actor: CurrentUser, db: DbDep) -> RubricRead:
    """Weights must add up to 1; each criterion's levels need distinct scores."""
    return RubricRead.model_validate(await rubrics.create(db, actor=actor, data=body))


@router.get("/{rubric_id}", response_model=RubricRead)
async def get_rubric(rubric_id: RubricId, actor: CurrentUser, db: DbDep) -> RubricRead:
    return RubricRead.model_validate(await rubrics.get_readable(db, actor=actor, rubric_id=rubric_id))


@router.patch("/{rubric_id}", response_model=RubricRead)
async def update_rubric(rubric_id: RubricId, body: RubricUpdate, actor: CurrentUser, db: DbDep) -> RubricRead:
    """Evaluations already made keep the criteria they were scored on."""
    return RubricRead.model_validate(await rubrics.update(db, actor=actor, rubric_id=rubric_id, data=body))


@router.delete("/{rubric_id}", status_code=status.HTTP_204_NO_CONTENT)
async def delete_rubric(rubric_id: RubricId, actor: CurrentUser, db: DbDep) -> Response:
    """409 while the rubric is in use (it scored a conversation) and for the default rubric."""
    await rubrics.delete(db, actor=actor, rubric_id=rubric_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)
