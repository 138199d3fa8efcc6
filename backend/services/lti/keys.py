"""The tool's RS256 keys: stored in the database, the newest signs, retired ones stay published for a while."""

from __future__ import annotations

import json
import secrets
from datetime import timedelta
from typing import Any

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from sqlalchemy import or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.models.base import utcnow
from backend.models.lti_platform import LtiKey

# Platforms cache a tool's JWKS and verify assertions signed minutes ago: a retired key stays published this long.
RETIRED_KEY_PUBLISHED = timedelta(days=7)


def _new_key() -> LtiKey:
    private = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pem = private.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                serialization.NoEncryption()).decode()
    kid = secrets.token_urlsafe(16)
    public = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(private.public_key()))
    public.update({"kid": kid, "alg": "RS256", "use": "sig"})
    return LtiKey(kid=kid, private_pem=pem, public_jwk=public, created_at=utcnow())


async def signing_key(db: AsyncSession) -> LtiKey:
    """The newest live key, made on first use (two racing first uses make two keys: both are published)."""
    key = await db.scalar(select(LtiKey).where(LtiKey.retired_at.is_(None)).order_by(LtiKey.id.desc()).limit(1))
    if key is None:
        key = _new_key()
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
    for key in await db.scalars(select(LtiKey).where(LtiKey.retired_at.is_(None))):
        key.retired_at = now
    key = _new_key()
    db.add(key)
    await db.flush()
    return key


async def sign(db: AsyncSession, claims: dict[str, Any]) -> str:
    """A JWT signed with the current key, its kid in the header so the platform picks the right public key."""
    key = await signing_key(db)
    return jwt.encode(claims, key.private_pem, algorithm="RS256", headers={"kid": key.kid})
