"""The API's front door: where a person (or curl) opening the API's address finds the docs and the API."""

from __future__ import annotations

from fastapi import APIRouter

DOCS_ASSETS = "/docs-assets"  # where /docs and /redoc load Swagger UI and ReDoc from (this process, not a CDN)
router = APIRouter(include_in_schema=False)


@router.get("/")
async def front_door() -> dict[str, str]:
    """What a person (or curl) opening the API's address needs next."""
    return {"name": "Virtual Client API", "docs": "/docs", "redoc": "/redoc", "openapi": "/openapi.json",
            "health": "/health", "api": "/api/v1"}
