"""Shared fixtures: the databases every integration test runs on, and a real API process per module."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.postgres import PostgresServer, start_postgres

REQUIRE_POSTGRES = os.environ.get("VC_REQUIRE_POSTGRES") == "1"


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer | None]:
    server = start_postgres()
    if server is None and REQUIRE_POSTGRES:
        pytest.fail("VC_REQUIRE_POSTGRES=1 but no PostgreSQL could be reached or started")
    yield server
    if server is not None:
        server.stop()


@pytest.fixture(scope="module", params=["sqlite", "postgres"])
def database_url(request: pytest.FixtureRequest, postgres_server: PostgresServer | None) -> Iterator[str]:
    """Every integration test that asks for a database runs once on SQLite and once on PostgreSQL."""
    if request.param == "sqlite":
        folder = Path(tempfile.mkdtemp(prefix="vc-sqlite-"))
        yield f"sqlite:///{folder / 'test.db'}"
        return
    if postgres_server is None:
        pytest.skip("PostgreSQL is not available here (set VC_TEST_POSTGRES_URL or install postgresql)")
    yield postgres_server.create_database()
