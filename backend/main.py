"""The FastAPI application: routers, error handlers, CORS, and the runtime built at start-up."""

from __future__ import annotations

import gc
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from fastapi_offline import FastAPIOffline

from backend.api.routes import (
    admin,
    assignments,
    auth,
    checks,
    clients,
    evaluations,
    front_door,
    health,
    invitations,
    limits,
    lti_courses,
    lti_platforms,
    lti_tool,
    rubrics,
    sections,
    sessions,
    users,
)
from backend.api.routes.front_door import DOCS_ASSETS
from backend.core.body_limit import BodySizeLimit
from backend.core.config import Settings, get_settings
from backend.core.error_handlers import install_error_handlers
from backend.llm.tokens import count_tokens
from backend.runtime import build_runtime
from backend.schemas.errors import ERROR_RESPONSES

API_PREFIX = "/api/v1"
MAX_BODY_BYTES = 1_000_000  # the largest persona is a few dozen KB; anything bigger is a mistake or an attack


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        runtime = build_runtime(settings)
        app.state.runtime = runtime
        app.state.audit = runtime.audit  # the error handlers count refused requests into it
        runtime.start()
        count_tokens("warm up")  # load the BPE ranks now, not during the first student's turn
        # Everything loaded so far lives as long as the process: keep the collector from re-scanning it. A large
        # response (a 300-student progress grid) otherwise triggers full collections over the whole heap, which
        # tripled its tail latency.
        gc.collect()
        gc.freeze()
        provider = runtime.provider
        logging.getLogger("virtual_client").info(
            "LLM provider: %s, %s (%s)%s%s", provider.name, provider.label, provider.model,
            " - OFFLINE MODE: replies come from the rule-based simulator" if provider.simulated else "",
            "" if runtime.pricing.is_priced(provider.model) else " - no price configured: not billed",
        )
        try:
            yield
        finally:
            await runtime.aclose()

    # FastAPIOffline serves /docs (Swagger UI 5, which reads OpenAPI 3.1) and /redoc from its own packaged assets,
    # so the docs work air-gapped.
    app = FastAPIOffline(
        docs_url="/docs",
        redoc_url="/redoc",
        static_url=DOCS_ASSETS,
        title="Virtual Client API",
        # Backstop only: BodySizeLimit refuses every body over MAX_BODY_BYTES, declared or chunked, in our JSON shape.
        max_body_size=MAX_BODY_BYTES * 20,
        version="1.0.0",
        description="Practice interviews with AI-simulated clients for social-work and counselling students.",
        lifespan=lifespan,
    )
    app.add_middleware(
        CORSMiddleware,
        allow_origins=settings.cors_origin_list,
        allow_credentials=False,
        allow_methods=["GET", "POST", "PATCH", "DELETE"],
        allow_headers=["Authorization", "Content-Type", "Idempotency-Key"],
        expose_headers=["X-Next-Cursor"],  # where a paged list's next page starts
    )
    app.add_middleware(BodySizeLimit, max_bytes=MAX_BODY_BYTES)
    install_error_handlers(app)
    app.include_router(front_door.router)
    not_ready: dict[int | str, dict[str, object]] = {503: {"description": "Not ready (database unreachable)"}}
    app.include_router(health.router, responses=not_ready)
    app.include_router(health.router, prefix=API_PREFIX, responses=not_ready)
    for router in (auth.router, users.router, clients.router, checks.router, sessions.router, sections.router,
                   assignments.router, evaluations.router, rubrics.router, admin.router, limits.router,
                   lti_platforms.router, lti_courses.router, invitations.router):
        app.include_router(router, prefix=API_PREFIX, responses=ERROR_RESPONSES)
    app.include_router(lti_tool.router, responses=ERROR_RESPONSES)
    return app
