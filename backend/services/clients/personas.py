"""Personas: teachers manage their own, admins all, students read the published public card only."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.core.errors import Forbidden, NotFound
from backend.models.base import utcnow
from backend.models.client import Client
from backend.models.user import User, UserRole
from backend.schemas.client import ClientCreate, ClientUpdate, PersonaFields

PERSONA_KEYS: tuple[str, ...] = tuple(PersonaFields.model_fields)


def persona_snapshot(client: Client) -> dict[str, Any]:
    """The persona frozen into a session at start, so later edits never rewrite past conversations."""
    return {key: getattr(client, key) for key in PERSONA_KEYS}


def can_manage(actor: User, client: Client) -> bool:
    return actor.role == UserRole.admin or (actor.role == UserRole.teacher and client.owner_id == actor.id)


async def get_readable(db: AsyncSession, *, actor: User, client_id: int) -> Client:
    """A client the actor may see; anything else is reported as missing, never as someone else's."""
    client = await db.get(Client, client_id)
    if client is None or client.archived_at is not None:
        raise NotFound(f"Client {client_id} was not found.")
    if can_manage(actor, client) or (actor.role == UserRole.student and client.is_published):
        return client
    raise NotFound(f"Client {client_id} was not found.")


async def get_manageable(db: AsyncSession, *, actor: User, client_id: int) -> Client:
    client = await get_readable(db, actor=actor, client_id=client_id)
    if not can_manage(actor, client):
        raise Forbidden("Only the teacher who owns this client can change it.")
    return client


async def list_for(db: AsyncSession, *, actor: User) -> list[Client]:
    query = select(Client).where(Client.archived_at.is_(None)).order_by(Client.name, Client.id)
    if actor.role == UserRole.teacher:
        query = query.where(Client.owner_id == actor.id)
    elif actor.role == UserRole.student:
        query = query.where(Client.is_published.is_(True))
    return list(await db.scalars(query))


async def create(db: AsyncSession, *, actor: User, data: ClientCreate, owner_id: int | None = None) -> Client:
    if actor.role == UserRole.student:
        raise Forbidden("Only teachers and administrators can create clients.")
    client = Client(owner_id=owner_id or actor.id, **data.model_dump())
    db.add(client)
    await db.flush()
    return client


async def update(db: AsyncSession, *, actor: User, client_id: int, data: ClientUpdate) -> Client:
    client = await get_manageable(db, actor=actor, client_id=client_id)
    changes = data.model_dump(exclude_unset=True)
    if changes.get("hidden_facts") is not None:
        changes["hidden_facts"] = _keep_unlocks(client.hidden_facts or [], changes["hidden_facts"])
    for key, value in changes.items():
        if value is None:  # an explicit null means "leave as is", never "erase a required field"
            continue
        setattr(client, key, value)
    if changes:
        client.updated_at = utcnow()
    await db.flush()
    return client


def _keep_unlocks(current: list[dict[str, str]], edited: list[dict[str, str]]) -> list[dict[str, str]]:
    """A fact sent back without its unlock condition (say, from an older form) keeps the one it had."""
    known = {item.get("fact", "").strip(): item.get("unlock", "") for item in current}
    return [{**item, "unlock": item.get("unlock") or known.get(item["fact"].strip(), "")} for item in edited]


async def archive(db: AsyncSession, *, actor: User, client_id: int) -> None:
    """Remove from every list; transcripts of past sessions stay readable."""
    client = await get_manageable(db, actor=actor, client_id=client_id)
    client.archived_at = utcnow()
    client.is_published = False
    await db.flush()
