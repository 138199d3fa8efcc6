"""Every failure leaves as `{"error": code, "detail": message}` with a status a client can act on."""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from starlette.exceptions import HTTPException as StarletteHTTPException

from backend.core.errors import DomainError
from backend.core.request_audit import RequestAudit

log = logging.getLogger("virtual_client")


def _field_path(location: tuple[object, ...]) -> str:
    parts = [str(part) for part in location if part not in ("body", "query", "path")]
    return ".".join(parts) or "request body"


def describe_validation_errors(errors: list[dict[str, object]]) -> str:
    """Turn pydantic's list into one sentence a person can fix their input from."""
    messages = []
    for error in errors[:5]:
        if error.get("type") == "json_invalid":
            messages.append("the request body is not valid JSON")
            continue
        location = tuple(error.get("loc", ()))  # type: ignore[arg-type]
        text = str(error.get("msg", "is not valid")).removeprefix("Value error, ")
        messages.append(f"{_field_path(location)}: {text}")
    return "; ".join(messages) + "."


def _route_template(request: Request) -> str:
    """The address with its ids as placeholders (`/api/v1/sessions/{session_id}`), so counts group by route."""
    if request.scope.get("route") is None:
        return "(no such address)"
    path = request.url.path
    for name, value in request.path_params.items():
        path = path.replace(f"/{value}", f"/{{{name}}}", 1)
    return path


def _refused(request: Request, status: int, code: str, detail: str,
             headers: dict[str, str] | None = None) -> JSONResponse:
    """The JSON error a client reads, counted (by route template, never by content) for the admin's error log."""
    audit: RequestAudit | None = getattr(request.app.state, "audit", None)
    if audit is not None and 400 <= status < 500:
        audit.refused(status=status, code=code, method=request.method, route=_route_template(request),
                      address=request.client.host if request.client else "unknown")
    return JSONResponse({"error": code, "detail": detail}, status, headers=headers)


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(DomainError)
    async def _domain(request: Request, exc: DomainError) -> JSONResponse:
        return _refused(request, exc.status_code, exc.code, exc.detail, exc.headers)

    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, exc: RequestValidationError) -> JSONResponse:
        return _refused(request, 422, "invalid_input", describe_validation_errors(list(exc.errors())))

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        code = {404: "not_found", 405: "method_not_allowed", 401: "unauthorized", 413: "too_large"}.get(
            exc.status_code, "error")
        detail = exc.detail if isinstance(exc.detail, str) else "The request could not be completed."
        if exc.status_code == 404 and detail == "Not Found":
            detail = "There is nothing at this address. Check the URL."
        return _refused(request, exc.status_code, code, detail, exc.headers)

    @app.exception_handler(IntegrityError)
    async def _integrity(request: Request, exc: IntegrityError) -> JSONResponse:
        """A unique or foreign-key rule refused the write (usually two requests racing for the same thing)."""
        log.warning("integrity error during %s %s", request.method, request.url.path)
        return _refused(request, 409, "conflict",
                        "That change conflicts with data saved a moment ago. Reload and try again.")

    # asyncpg reports a server shutting down or refusing connections as plain DBAPIErrors, and its connect
    # errors (refused, DNS, timeout) arrive unwrapped as OSError: to a user every one of them is an outage.
    @app.exception_handler(PoolTimeout)
    async def _busy(request: Request, exc: PoolTimeout) -> JSONResponse:
        """Every database connection stayed busy for the whole pool timeout: overload, not an outage."""
        log.warning("no database connection free in time during %s %s", request.method, request.url.path)
        return JSONResponse(
            {"error": "server_busy",
             "detail": "The server is very busy right now and could not take this request in time. Nothing "
                       "you sent before was lost; please try again in a few seconds."},
            503, headers={"Retry-After": "5"},
        )

    @app.exception_handler(OSError)
    @app.exception_handler(DBAPIError)
    async def _database(request: Request, exc: Exception) -> JSONResponse:
        log.error("database unavailable during %s %s: %s", request.method, request.url.path, type(exc).__name__)
        return JSONResponse(
            {"error": "database_unavailable",
             "detail": "The database is not reachable right now. Nothing was lost; please try again shortly."},
            503, headers={"Retry-After": "5"},
        )
