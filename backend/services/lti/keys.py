"""The tool's RS256 keys: stored in the database, the newest signs, retired ones stay published for a while."""

from __future__ import annotations

import json
import secrets
from datetime import timedelta
from typing import Any

import anyio
import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from sqlalchemy import false, func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from backend.models.base import utcnow
from backend.models.lti_platform import LtiKey

# Platforms cache a tool's JWKS and verify assertions signed minutes ago: a retired key stays published this long.
RETIRED_KEY_PUBLISHED = timedelta(days=7)
FIRST_KEY_LOCK = 0x4C54494B  # PostgreSQL advisory lock id ("LTIK") held while a first key is made


def _new_key() -> LtiKey:
    private = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pem = private.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                serialization.NoEncryption()).decode()
    kid = secrets.token_urlsafe(16)
    public = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(private.public_key()))
    public.update({"kid": kid, "alg": "RS256", "use": "sig"})
    return LtiKey(kid=kid, private_pem=pem, public_jwk=public, created_at=utcnow())


async def _newest_live(db: AsyncSession) -> LtiKey | None:
    return await db.scalar(select(LtiKey).where(LtiKey.retired_at.is_(None)).order_by(LtiKey.id.desc()).limit(1))


async def _wait_for_other_first_keys(db: AsyncSession) -> None:
    """Until this transaction ends, another first use waits here and then finds this one's key: PostgreSQL by an
    advisory lock, SQLite by a write statement (its one writer at a time; the statement matches no row)."""
    if db.get_bind().dialect.name == "postgresql":
        await db.execute(select(func.pg_advisory_xact_lock(FIRST_KEY_LOCK)))
    else:
        await db.execute(update(LtiKey).where(false()).values(retired_at=None))


async def signing_key(db: AsyncSession) -> LtiKey:
    """The newest live key, made on first use (bootstrap makes it before the API serves). The RSA key is generated
    in a worker thread; first uses racing each other end with one key."""
    key = await _newest_live(db)
    if key is not None:
        return key
    made = await anyio.to_thread.run_sync(_new_key)
    await _wait_for_other_first_keys(db)
    key = await _newest_live(db)
    if key is None:
        key = made
        db.add(key)
        await db.flush()
    return key


async def published(db: AsyncSession) -> dict[str, Any]:
    """GET /lti/jwks: the live keys and those retired recently enough that something they signed may be in use."""
    await signing_key(db)
    since = utcnow() - RETIRED_KEY_PUBLISHED
    keys = await db.scalars(select(LtiKey).where(or_(LtiKey.retired_at.is_(None), LtiKey.retired_at > since))
                            .order_by(LtiKey.id.desc()))
    return {"keys": [key.public_jwk for key in keys]}


async def rotate(db: AsyncSession) -> LtiKey:
    """A new signing key; the old ones are retired but stay in the JWKS (platforms refresh on an unknown kid)."""
    now = utcnow()
    key = await anyio.to_thread.run_sync(_new_key)
    for live in await db.scalars(select(LtiKey).where(LtiKey.retired_at.is_(None))):
        live.retired_at = now
    db.add(key)
    await db.flush()
    return key


async def sign(db: AsyncSession, claims: dict[str, Any]) -> str:
    """A JWT signed with the current key, its kid in the header so the platform picks the right public key."""
    key = await signing_key(db)
    return jwt.encode(claims, key.private_pem, algorithm="RS256", headers={"kid": key.kid})
