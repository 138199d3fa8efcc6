"""Liveness and readiness probes for load balancers and Railway; no sign-in needed (admins see more)."""

from fastapi import APIRouter, Response, status

from backend.api.deps import IsAdmin, RuntimeDep
from backend.schemas.admin import Readiness, ReadinessDetails
from backend.services.spend import monitoring

router = APIRouter(prefix="/health", tags=["health"])


@router.get("")
async def liveness() -> dict[str, str]:
    return {"status": "ok"}


@router.get("/ready", response_model=ReadinessDetails | Readiness)
async def readiness(runtime: RuntimeDep, response: Response, admin: IsAdmin) -> Readiness | ReadinessDetails:
    """`{"status": "ready"}` or 503 `not_ready` for anyone; with an admin's token, the database and provider too."""
    ready = await monitoring.readiness(runtime.session_factory, breaker=runtime.breaker, provider=runtime.provider,
                                       pricing=runtime.pricing, details=admin)
    if ready.status != "ready":
        response.status_code = status.HTTP_503_SERVICE_UNAVAILABLE
    return ready
