"""OIDC third-party login initiation: a fresh one-use state and nonce, kept here, then off to the platform."""

from __future__ import annotations

import secrets
from datetime import timedelta
from urllib.parse import urlencode

from sqlalchemy import delete
from sqlalchemy.ext.asyncio import AsyncSession

from backend.models.base import utcnow
from backend.models.lti_launch import LtiLoginState
from backend.services.lti import platforms
from backend.services.lti.errors import LaunchRefused

STATE_LIFETIME = timedelta(minutes=10)


async def begin(db: AsyncSession, *, params: dict[str, str], launch_url: str) -> str:
    """The platform's authorization URL to redirect to; refuses an unregistered issuer or deployment."""
    issuer, login_hint = params.get("iss", ""), params.get("login_hint", "")
    if not issuer or not login_hint:
        raise LaunchRefused("An LTI login needs iss and login_hint: start the launch from the LMS.")
    platform = await platforms.by_issuer(db, issuer, params.get("client_id"))
    if platform is None:
        raise LaunchRefused(f"No LMS with issuer {issuer[:200]} (and this client id) is registered here. An "
                            "administrator adds it under LTI platforms.")
    deployment = params.get("lti_deployment_id")
    if deployment and deployment not in platform.deployment_ids:
        raise LaunchRefused(f"Deployment {deployment[:100]} of {platform.name} is not registered here. An "
                            "administrator adds it to the platform's deployment ids.")
    now = utcnow()
    await db.execute(delete(LtiLoginState).where(LtiLoginState.expires_at < now - timedelta(days=1)))
    state = LtiLoginState(state=secrets.token_urlsafe(32), nonce=secrets.token_urlsafe(32), platform_id=platform.id,
                          expires_at=now + STATE_LIFETIME)
    db.add(state)
    await db.flush()
    query = {"scope": "openid", "response_type": "id_token", "response_mode": "form_post", "prompt": "none",
             "client_id": platform.client_id, "redirect_uri": launch_url, "login_hint": login_hint,
             "state": state.state, "nonce": state.nonce}
    if params.get("lti_message_hint"):
        query["lti_message_hint"] = params["lti_message_hint"]
    separator = "&" if "?" in platform.auth_login_url else "?"
    return f"{platform.auth_login_url}{separator}{urlencode(query)}"
