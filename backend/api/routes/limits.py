"""The limits a signed-in person works within, so an app can show them before anything is refused."""

from fastapi import APIRouter

from backend.api.deps import CurrentUser, RuntimeDep
from backend.schemas.limits import PublicLimits

router = APIRouter(tags=["limits"])


@router.get("/limits", response_model=PublicLimits)
async def limits(actor: CurrentUser, runtime: RuntimeDep) -> PublicLimits:
    settings = runtime.settings
    return PublicLimits(max_message_chars=settings.max_message_chars,
                        messages_per_minute=settings.messages_per_minute)
