"""Database failures reach the user as a clear status and message, never a 500."""

from __future__ import annotations

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy.exc import DataError, IntegrityError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout

from backend.core.error_handlers import install_error_handlers


def app_raising(exc: BaseException) -> TestClient:
    app = FastAPI()
    install_error_handlers(app)

    @app.get("/boom")
    async def boom() -> None:
        raise exc

    return TestClient(app, raise_server_exceptions=False)


@pytest.mark.parametrize(("exc", "status", "code"), [
    (IntegrityError("INSERT", {}, Exception("duplicate key")), 409, "conflict"),
    (OperationalError("SELECT 1", {}, Exception("server closed the connection")), 503, "database_unavailable"),
    (ConnectionRefusedError(111, "Connection refused"), 503, "database_unavailable"),
    (DataError("INSERT", {}, Exception("cannot connect now")), 503, "database_unavailable"),
    (PoolTimeout("QueuePool limit of size 20 overflow 30 reached"), 503, "server_busy"),
])
def test_database_failures_map_to_readable_statuses(exc: BaseException, status: int, code: str) -> None:
    response = app_raising(exc).get("/boom")
    assert response.status_code == status
    body = response.json()
    assert body["error"] == code
    assert "try again" in body["detail"].lower()
    if status == 503:
        assert response.headers["Retry-After"] == "5"
