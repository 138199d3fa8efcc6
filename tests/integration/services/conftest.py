"""A migrated database per kind for the session, and a session per test whose work is rolled back afterwards."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

from tests.support.databases import migrated_database, rollback_engine, rolled_back_session
from tests.support.postgres import PostgresServer


@pytest.fixture(scope="session", params=["sqlite", "postgres"])
def service_database_url(request: pytest.FixtureRequest, postgres_server: PostgresServer | None) -> Iterator[str]:
    if request.param == "postgres" and postgres_server is None:
        pytest.skip("PostgreSQL is not available here (set VC_TEST_POSTGRES_URL or install postgresql)")
    yield migrated_database(request.param, postgres_server)


@pytest.fixture(scope="session")
async def service_engine(service_database_url: str) -> AsyncIterator[AsyncEngine]:
    engine = rollback_engine(service_database_url)
    yield engine
    await engine.dispose()


@pytest.fixture
async def db(service_engine: AsyncEngine) -> AsyncIterator[AsyncSession]:
    async with rolled_back_session(service_engine) as session:
        yield session
