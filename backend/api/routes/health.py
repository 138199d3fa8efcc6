"""Liveness and readiness probes for load balancers and Railway; no sign-in needed."""

from fastapi import APIRouter, Response, status

from backend.api.deps import RuntimeDep
from backend.schemas.admin import Readiness
from backend.services.spend import monitoring

router = APIRouter(prefix="/health", tags=["health"])


@router.get("")
async def liveness() -> dict[str, str]:
    return {"status": "ok"}


@router.get("/ready", response_model=Readiness)
async def readiness(runtime: RuntimeDep, response: Response) -> Readiness:
    ready = await monitoring.readiness(runtime.session_factory, breaker=runtime.breaker, provider=runtime.provider,
                                       pricing=runtime.pricing)
    if ready.status != "ready":
        response.status_code = status.HTTP_503_SERVICE_UNAVAILABLE
    return ready
