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


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(DomainError)
    async def _domain(_: Request, exc: DomainError) -> JSONResponse:
        return JSONResponse({"error": exc.code, "detail": exc.detail}, exc.status_code, headers=exc.headers)

    @app.exception_handler(RequestValidationError)
    async def _validation(_: Request, exc: RequestValidationError) -> JSONResponse:
        return JSONResponse(
            {"error": "invalid_input", "detail": describe_validation_errors(list(exc.errors()))}, 422
        )

    @app.exception_handler(StarletteHTTPException)
    async def _http(_: Request, exc: StarletteHTTPException) -> JSONResponse:
        code = {404: "not_found", 405: "method_not_allowed", 401: "unauthorized", 413: "too_large"}.get(
            exc.status_code, "error")
        detail = exc.detail if isinstance(exc.detail, str) else "The request could not be completed."
        if exc.status_code == 404 and detail == "Not Found":
            detail = "There is nothing at this address. Check the URL."
        return JSONResponse({"error": code, "detail": detail}, exc.status_code, headers=exc.headers)

    @app.exception_handler(IntegrityError)
    async def _integrity(request: Request, exc: IntegrityError) -> JSONResponse:
        """A unique or foreign-key rule refused the write (usually two requests racing for the same thing)."""
        log.warning("integrity error during %s %s", request.method, request.url.path)
        return JSONResponse(
            {"error": "conflict",
             "detail": "That change conflicts with data saved a moment ago. Reload and try again."}, 409,
        )

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
