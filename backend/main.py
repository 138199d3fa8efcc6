"""The FastAPI application: routers, error handlers, CORS, and the runtime built at start-up."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware

from backend.api.routes import admin, auth, clients, health, sessions, users
from backend.core.config import Settings, get_settings
from backend.core.error_handlers import install_error_handlers
from backend.core.runtime import build_runtime

API_PREFIX = "/api/v1"


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        runtime = build_runtime(settings)
        app.state.runtime = runtime
        logging.getLogger("virtual_client").info(
            "LLM provider: %s (%s)%s", runtime.provider.name, runtime.provider.model,
            " - OFFLINE MODE: replies come from the rule-based simulator" if runtime.provider.name == "offline"
            else "",
        )
        try:
            yield
        finally:
            await runtime.aclose()

    app = FastAPI(
        title="Virtual Client API",
        version="1.0.0",
        description="Practice interviews with AI-simulated clients for social-work and counselling students.",
        lifespan=lifespan,
    )
    app.add_middleware(
        CORSMiddleware,
        allow_origins=settings.cors_origin_list,
        allow_credentials=False,
        allow_methods=["GET", "POST", "PATCH", "DELETE"],
        allow_headers=["Authorization", "Content-Type"],
    )
    install_error_handlers(app)
    app.include_router(health.router)
    app.include_router(health.router, prefix=API_PREFIX)
    for router in (auth.router, users.router, clients.router, sessions.router, admin.router):
        app.include_router(router, prefix=API_PREFIX)
    return app
