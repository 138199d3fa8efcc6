"""Admins register the LMSs that may launch the tool, and rotate the tool's signing key."""

from typing import Annotated

from fastapi import APIRouter, Path, Response, status

from backend.api.deps import AdminUser, DbDep
from backend.schemas.base import MAX_ID
from backend.schemas.lti import LtiPlatformCreate, LtiPlatformRead, LtiPlatformUpdate
from backend.services.lti import keys, platforms

router = APIRouter(prefix="/lti", tags=["lti"])
PlatformId = Annotated[int, Path(ge=1, le=MAX_ID, description="A registered platform's id")]


@router.get("/platforms", response_model=list[LtiPlatformRead])
async def list_platforms(actor: AdminUser, db: DbDep) -> list[LtiPlatformRead]:
    """Each platform with its last launch, roster sync and score send."""
    return await platforms.list_all(db)


@router.post("/platforms", response_model=LtiPlatformRead, status_code=status.HTTP_201_CREATED)
async def create_platform(body: LtiPlatformCreate, actor: AdminUser, db: DbDep) -> LtiPlatformRead:
    return await platforms.create(db, data=body)


@router.get("/platforms/{platform_id}", response_model=LtiPlatformRead)
async def get_platform(platform_id: PlatformId, actor: AdminUser, db: DbDep) -> LtiPlatformRead:
    return await platforms.read(db, platform_id=platform_id)


@router.patch("/platforms/{platform_id}", response_model=LtiPlatformRead)
async def update_platform(platform_id: PlatformId, body: LtiPlatformUpdate, actor: AdminUser, db: DbDep
                          ) -> LtiPlatformRead:
    return await platforms.update(db, platform_id=platform_id, data=body)


@router.delete("/platforms/{platform_id}", status_code=status.HTTP_204_NO_CONTENT)
async def delete_platform(platform_id: PlatformId, actor: AdminUser, db: DbDep) -> Response:
    """Its launches stop; the sections and accounts it made stay."""
    await platforms.delete(db, platform_id=platform_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.post("/keys/rotate", response_model=dict[str, str])
async def rotate_key(actor: AdminUser, db: DbDep) -> dict[str, str]:
    """A new signing key; the old one stays in /lti/jwks while platforms may still hold what it signed."""
    key = await keys.rotate(db)
    return {"kid": key.kid}
