"""Checking an id_token from a platform: signature, issuer, audience, times, state and nonce, deployment, version."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import jwt
from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from backend.models.base import utcnow
from backend.models.lti_launch import LtiLoginState
from backend.models.lti_platform import LtiPlatform
from backend.services.lti import claims, platforms
from backend.services.lti.errors import LaunchRefused
from backend.services.lti.platform_keys import PlatformKeys

MAX_ID_LENGTH = 255  # LTI 1.3: sub and the ids are at most 255 characters (and so are our columns)
LEEWAY_S = 60
RELAUNCH = " Open the tool again from your course."


@dataclass
class VerifiedLaunch:
    platform: LtiPlatform
    claims: dict[str, Any]


def _unverified(id_token: str) -> dict[str, Any]:
    try:
        return jwt.decode(id_token, options={"verify_signature": False})
    except jwt.PyJWTError:
        raise LaunchRefused("The id_token is not a readable JWT." + RELAUNCH) from None


async def _platform(db: AsyncSession, unverified: dict[str, Any]) -> LtiPlatform:
    issuer, aud = unverified.get("iss"), unverified.get("aud")
    audiences = aud if isinstance(aud, list) else [aud]
    if not isinstance(issuer, str) or not issuer:
        raise LaunchRefused("The id_token names no issuer." + RELAUNCH)
    if any("\x00" in value for value in [issuer, unverified.get("azp"), *audiences] if isinstance(value, str)):
        raise LaunchRefused("The id_token's issuer or audience holds a NUL character.")
    for client_id in [unverified.get("azp"), *audiences][:5]:  # an unsigned token cannot buy a query per entry
        if isinstance(client_id, str):
            platform = await platforms.by_issuer(db, issuer, client_id)
            if platform is not None:
                return platform
    if await _issuer_known(db, issuer):
        raise LaunchRefused("The id_token is not addressed to this tool (its audience is not our client id).")
    raise LaunchRefused(f"No LMS with issuer {issuer[:200]} is registered here. An administrator adds it under "
                        "LTI platforms.")


async def _issuer_known(db: AsyncSession, issuer: str) -> bool:
    return bool(await db.scalar(select(LtiPlatform.id).where(LtiPlatform.issuer == issuer).limit(1)))


def _decode(id_token: str, key: jwt.PyJWK, platform: LtiPlatform) -> dict[str, Any]:
    try:
        return jwt.decode(id_token, key, algorithms=["RS256"], audience=platform.client_id, issuer=platform.issuer,
                          leeway=LEEWAY_S, options={"require": ["exp", "iat", "iss", "aud", "sub", "nonce"]})
    except jwt.ExpiredSignatureError:
        raise LaunchRefused("The launch has expired (its id_token is too old)." + RELAUNCH) from None
    except jwt.InvalidSignatureError:
        raise LaunchRefused("The id_token's signature does not match the platform's keys.") from None
    except jwt.InvalidAudienceError:
        raise LaunchRefused("The id_token is not addressed to this tool (its audience is not our client id).") from None
    except jwt.ImmatureSignatureError:
        raise LaunchRefused("The id_token was issued in the future: check the LMS server's clock.") from None
    except jwt.PyJWTError as exc:
        raise LaunchRefused(f"The id_token is not valid: {exc}.") from None


def _check_message(payload: dict[str, Any], platform: LtiPlatform) -> None:
    aud = payload.get("aud")
    if isinstance(aud, list) and len(aud) > 1 and payload.get("azp") != platform.client_id:
        raise LaunchRefused("The id_token has several audiences and its azp is not our client id.")
    if "azp" in payload and payload["azp"] != platform.client_id:
        raise LaunchRefused("The id_token's azp is not our client id.")
    deployment = payload.get(claims.DEPLOYMENT_ID)
    if deployment not in platform.deployment_ids:
        raise LaunchRefused(f"Deployment {str(deployment)[:100]} of {platform.name} is not registered here. An "
                            "administrator adds it to the platform's deployment ids.")
    if payload.get(claims.VERSION) != "1.3.0":
        raise LaunchRefused("Only LTI version 1.3.0 launches are accepted.")
    if payload.get(claims.MESSAGE_TYPE) not in claims.MESSAGE_TYPES:
        raise LaunchRefused(f"Message type {str(payload.get(claims.MESSAGE_TYPE))[:60]} is not supported here.")
    _check_ids(payload)


def _check_ids(payload: dict[str, Any]) -> None:
    """The ids we store and look up by (user, course, link, deployment) fit their columns and hold no NUL."""
    context, link = payload.get(claims.CONTEXT), payload.get(claims.RESOURCE_LINK)
    ids = {"sub": payload.get("sub"), "deployment_id": payload.get(claims.DEPLOYMENT_ID),
           "context id": context.get("id") if isinstance(context, dict) else None,
           "resource link id": link.get("id") if isinstance(link, dict) else None}
    for name, value in ids.items():
        if value is not None and (not isinstance(value, str) or len(value) > MAX_ID_LENGTH or "\x00" in value):
            raise LaunchRefused(f"The id_token's {name} is not a string of at most {MAX_ID_LENGTH} characters "
                                "without NUL, as LTI 1.3 requires.")


async def _use_state(db: AsyncSession, *, state: str, nonce: object, platform: LtiPlatform) -> None:
    """The state must be one we issued for this platform, unused and fresh, and carry this token's nonce."""
    row = await db.get(LtiLoginState, state)
    now = utcnow()
    if row is None or row.platform_id != platform.id:
        raise LaunchRefused("The launch's state does not match a login started here." + RELAUNCH)
    if row.used_at is not None:
        raise LaunchRefused("This launch was already used (its nonce was seen before)." + RELAUNCH)
    if row.nonce != nonce:
        raise LaunchRefused("The id_token's nonce is not the one this login asked for (a replayed or mixed-up "
                            "launch)." + RELAUNCH)
    if row.expires_at < now:
        raise LaunchRefused("The login took longer than 10 minutes." + RELAUNCH)
    used = await db.execute(update(LtiLoginState).where(LtiLoginState.state == state, LtiLoginState.used_at.is_(None))
                            .values(used_at=now))
    if used.rowcount != 1:  # type: ignore[attr-defined]
        raise LaunchRefused("This launch was already used (its nonce was seen before)." + RELAUNCH)


async def verify(db: AsyncSession, keys: PlatformKeys, *, id_token: str, state: str) -> VerifiedLaunch:
    """Every check before anything is created; the state is spent only when all of them pass."""
    platform = await _platform(db, _unverified(id_token))
    try:
        key = await keys.key_for(platform.keyset_url, id_token)
    except jwt.PyJWTError as exc:
        raise LaunchRefused(f"The id_token's signing key could not be found in {platform.name}'s key set: {exc}"
                            ) from None
    payload = _decode(id_token, key, platform)
    _check_message(payload, platform)
    await _use_state(db, state=state, nonce=payload.get("nonce"), platform=platform)
    return VerifiedLaunch(platform=platform, claims=payload)
