"""Persona checks: scripted probes against a client before it is published (its owner and admins)."""

from fastapi import APIRouter, status

from backend.api.deps import DbDep, RuntimeDep, StaffUser
from backend.api.params import ClientId
from backend.schemas.check import PersonaCheckRead

router = APIRouter(prefix="/clients", tags=["checks"])


@router.post("/{client_id}/checks", response_model=PersonaCheckRead, status_code=status.HTTP_201_CREATED)
async def check_client(client_id: ClientId, actor: StaffUser, db: DbDep, runtime: RuntimeDep) -> PersonaCheckRead:
    """Run the battery through the configured provider (seconds, not minutes); each probe gets pass, warn or fail
    with the replies and why. The probes are not practice sessions; their cost is recorded with purpose `check`."""
    return await runtime.checks.run(db, actor=actor, client_id=client_id)


@router.get("/{client_id}/checks/latest", response_model=PersonaCheckRead | None)
async def latest_check(client_id: ClientId, actor: StaffUser, db: DbDep, runtime: RuntimeDep
                       ) -> PersonaCheckRead | None:
    """The most recent check of this client; null until one has been run (never checked is not an error)."""
    return await runtime.checks.latest(db, actor=actor, client_id=client_id)
