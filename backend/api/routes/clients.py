"""Personas: full records for their teachers and admins, the public card for students."""

from fastapi import APIRouter, Response, status

from backend.api.deps import CurrentUser, DbDep, RuntimeDep, StaffUser
from backend.api.params import ClientId
from backend.models.user import UserRole
from backend.schemas.client import (
    SUGGESTED_ISSUES,
    ClientCreate,
    ClientPublic,
    ClientRead,
    ClientUpdate,
    PromptPreview,
)
from backend.services.clients import personas as clients
from backend.services.clients import preview

router = APIRouter(prefix="/clients", tags=["clients"])


@router.get("", response_model=list[ClientRead] | list[ClientPublic])
async def list_clients(actor: CurrentUser, db: DbDep) -> list[ClientRead] | list[ClientPublic]:
    found = await clients.list_for(db, actor=actor)
    if actor.role == UserRole.student:
        return [ClientPublic.model_validate(client) for client in found]
    return [ClientRead.model_validate(client) for client in found]


@router.get("/vocabulary", response_model=dict[str, list[str]])
async def vocabulary(actor: CurrentUser) -> dict[str, list[str]]:
    """Suggested issue names for the persona form; free entries are allowed too."""
    return {"issues": list(SUGGESTED_ISSUES)}


@router.post("", response_model=ClientRead, status_code=status.HTTP_201_CREATED)
async def create_client(body: ClientCreate, actor: StaffUser, db: DbDep) -> ClientRead:
    return ClientRead.model_validate(await clients.create(db, actor=actor, data=body))


@router.get("/{client_id}", response_model=ClientRead | ClientPublic)
async def get_client(client_id: ClientId, actor: CurrentUser, db: DbDep) -> ClientRead | ClientPublic:
    client = await clients.get_readable(db, actor=actor, client_id=client_id)
    if clients.can_manage(actor, client):
        return ClientRead.model_validate(client)
    return ClientPublic.model_validate(client)


@router.patch("/{client_id}", response_model=ClientRead)
async def update_client(client_id: ClientId, body: ClientUpdate, actor: StaffUser, db: DbDep) -> ClientRead:
    return ClientRead.model_validate(await clients.update(db, actor=actor, client_id=client_id, data=body))


@router.delete("/{client_id}", status_code=status.HTTP_204_NO_CONTENT)
async def delete_client(client_id: ClientId, actor: StaffUser, db: DbDep) -> Response:
    await clients.archive(db, actor=actor, client_id=client_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.get("/{client_id}/prompt-preview", response_model=PromptPreview)
async def prompt_preview(client_id: ClientId, actor: StaffUser, db: DbDep, runtime: RuntimeDep) -> PromptPreview:
    return await preview.prompt_preview(db, actor=actor, client_id=client_id, model=runtime.provider.model,
                                        pricing=runtime.pricing)
