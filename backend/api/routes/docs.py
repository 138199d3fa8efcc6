"""The API's front door and its interactive docs, served from this process so they work offline and air-gapped."""

from __future__ import annotations

from fastapi import APIRouter, FastAPI
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse, RedirectResponse
from fastapi.staticfiles import StaticFiles
from swagger_ui_bundle import swagger_ui_path

ASSETS = "/docs-assets"
router = APIRouter(include_in_schema=False)


@router.get("/")
async def front_door() -> dict[str, str]:
    """What a person (or curl) opening the API's address needs next."""
    return {"name": "Virtual Client API", "docs": "/docs", "openapi": "/openapi.json", "health": "/health",
            "api": "/api/v1"}


@router.get("/docs", response_class=HTMLResponse)
async def docs() -> HTMLResponse:
    return get_swagger_ui_html(openapi_url="/openapi.json", title="Virtual Client API · docs",
                               swagger_js_url=f"{ASSETS}/swagger-ui-bundle.js",
                               swagger_css_url=f"{ASSETS}/swagger-ui.css",
                               swagger_favicon_url=f"{ASSETS}/favicon-32x32.png")


@router.get("/redoc")
async def redoc() -> RedirectResponse:
    """ReDoc needs a CDN; the same reference lives at /docs."""
    return RedirectResponse("/docs")


def install_docs(app: FastAPI) -> None:
    app.mount(ASSETS, StaticFiles(directory=str(swagger_ui_path)), name="docs-assets")
    app.include_router(router)
