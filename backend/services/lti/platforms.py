"""The LMSs an admin registered: issuer, client id, deployments and the platform's three URLs."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from backend.core.errors import Conflict, NotFound
from backend.models.lti_platform import LtiPlatform
from backend.schemas.lti import LtiPlatformCreate, LtiPlatformRead, LtiPlatformUpdate


def _duplicate(issuer: str, client_id: str) -> Conflict:
    return Conflict(f"A platform with issuer {issuer} and client id {client_id} is already registered.")


async def get(db: AsyncSession, platform_id: int) -> LtiPlatform:
    platform = await db.get(LtiPlatform, platform_id)
    if platform is None:
        raise NotFound(f"LTI platform {platform_id} was not found.")
    return platform


async def by_issuer(db: AsyncSession, issuer: str, client_id: str | None) -> LtiPlatform | None:
    """The registration a login or launch names; with no client id, the issuer's only one."""
    query = select(LtiPlatform).where(LtiPlatform.issuer == issuer)
    if client_id:
        query = query.where(LtiPlatform.client_id == client_id)
    found = list(await db.scalars(query.limit(2)))
    return found[0] if len(found) == 1 else None


async def list_all(db: AsyncSession) -> list[LtiPlatformRead]:
    rows = await db.scalars(select(LtiPlatform).order_by(LtiPlatform.name, LtiPlatform.id))
    return [LtiPlatformRead.model_validate(row) for row in rows]


async def _flush(db: AsyncSession, platform: LtiPlatform) -> None:
    try:
        async with db.begin_nested():
            await db.flush()
    except IntegrityError as exc:
        raise _duplicate(platform.issuer, platform.client_id) from exc


async def create(db: AsyncSession, *, data: LtiPlatformCreate) -> LtiPlatformRead:
    if await db.scalar(select(LtiPlatform.id).where(LtiPlatform.issuer == data.issuer,
                                                    LtiPlatform.client_id == data.client_id)):
        raise _duplicate(data.issuer, data.client_id)
    platform = LtiPlatform(**data.model_dump())
    db.add(platform)
    await _flush(db, platform)
    return LtiPlatformRead.model_validate(platform)


async def read(db: AsyncSession, *, platform_id: int) -> LtiPlatformRead:
    return LtiPlatformRead.model_validate(await get(db, platform_id))


async def update(db: AsyncSession, *, platform_id: int, data: LtiPlatformUpdate) -> LtiPlatformRead:
    platform = await get(db, platform_id)
    platform.apply_changes(data.model_dump(exclude_unset=True, exclude_none=True))
    await _flush(db, platform)
    return LtiPlatformRead.model_validate(platform)


async def delete(db: AsyncSession, *, platform_id: int) -> None:
    """Its launches stop; the sections, accounts and history it created stay."""
    await db.delete(await get(db, platform_id))
    await db.flush()
