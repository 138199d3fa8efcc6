"""Liveness and readiness probes for load balancers and Railway; no sign-in needed."""

from fastapi import APIRouter, Response, status

from backend.api.deps import RuntimeDep
from backend.services.spend import monitoring

router = APIRouter(prefix="/health", tags=["health"])


@router.get("")
async def liveness() -> dict[str, str]:
    return {"status": "ok"}


@router.get("/ready")
async def readiness(runtime: RuntimeDep, response: Response) -> dict[str, object]:
    async with runtime.sessions() as db:
        health = await monitoring.provider_health(db, runtime)
    ready = health.database == "ok"
    if not ready:
        response.status_code = status.HTTP_503_SERVICE_UNAVAILABLE
    return {
        "status": "ready" if ready else "not_ready",
        "database": health.database,
        "provider": health.provider,
        "provider_configured": True,
        "offline_mode": health.offline_mode,
        "model": health.model,
        "circuit_state": health.circuit_state,
        "recent_error_rate": health.recent_error_rate,
        "latency_p50_ms": health.latency_p50_ms,
        "latency_p95_ms": health.latency_p95_ms,
    }
