"""Prepare a database before the API serves: migrate, create the first admin, seed demo data when empty."""

from __future__ import annotations

import asyncio

from backend.core.config import Settings
from backend.core.db import create_engine, create_sessionmaker
from backend.core.migrations import upgrade_to_head
from backend.demo.seed import database_is_empty, seed_demo
from backend.services.accounts import users
from backend.services.lti import keys


async def _prepare_data(settings: Settings, *, demo: bool) -> list[dict[str, str]]:
    engine = create_engine(settings)
    try:
        async with create_sessionmaker(engine)() as db:
            logins: list[dict[str, str]] = []
            if demo and await database_is_empty(db):
                logins = await seed_demo(db)
            # The LTI signing key exists before any request: made inside a request's transaction, it would be
            # invisible to the platform fetching our JWKS to check what that same request signed.
            await keys.signing_key(db)
            admin = await users.ensure_first_admin(db, email=settings.admin_email, password=settings.admin_password)
            if admin is not None:
                logins.append({"email": admin.email, "password": "(from VC_ADMIN_PASSWORD)", "role": "admin"})
            await db.commit()
            return logins
    finally:
        await engine.dispose()


def prepare_database(settings: Settings, *, demo: bool = True) -> list[dict[str, str]]:
    """Returns the demo logins created now (empty when the database already had users)."""
    upgrade_to_head(settings.database_url)
    return asyncio.run(_prepare_data(settings, demo=demo))
