"""What a platform admin pastes into their LMS: the generic LTI 1.3 fields, or Canvas's developer-key JSON."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

TITLE = "Virtual Client"
DESCRIPTION = "Practice interviews with AI-simulated clients: single sign-on, rosters and grades from the LMS."

SCOPE_LINEITEM = "https://purl.imsglobal.org/spec/lti-ags/scope/lineitem"
SCOPE_SCORE = "https://purl.imsglobal.org/spec/lti-ags/scope/score"
SCOPE_RESULT = "https://purl.imsglobal.org/spec/lti-ags/scope/result.readonly"
SCOPE_NRPS = "https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly"
SCOPES = [SCOPE_LINEITEM, SCOPE_RESULT, SCOPE_SCORE, SCOPE_NRPS]


def urls(base_url: str) -> dict[str, Any]:
    """Every address a platform needs, from the tool's public base URL."""
    base = base_url.rstrip("/")
    launch = f"{base}/lti/launch"
    return {
        "title": TITLE,
        "description": DESCRIPTION,
        "login_url": f"{base}/lti/login",
        "launch_url": launch,
        "redirect_uris": [launch],
        "target_link_uri": launch,
        "deep_linking_url": launch,
        "jwks_url": f"{base}/lti/jwks",
        "scopes": SCOPES,
        "custom_parameters": {},
        "messages": ["LtiResourceLinkRequest", "LtiDeepLinkingRequest"],
    }


def canvas(base_url: str) -> dict[str, Any]:
    """Canvas's "Paste JSON" developer key: deep linking from the assignment and module pickers."""
    generic = urls(base_url)
    launch = generic["launch_url"]
    picker = {"message_type": "LtiDeepLinkingRequest", "target_link_uri": launch}
    return {
        "title": TITLE,
        "description": DESCRIPTION,
        "oidc_initiation_url": generic["login_url"],
        "target_link_uri": launch,
        "public_jwk_url": generic["jwks_url"],
        "scopes": SCOPES,
        "extensions": [{
            "domain": urlsplit(base_url).hostname or "",
            "tool_id": "virtual-client",
            "platform": "canvas.instructure.com",
            "privacy_level": "public",
            "settings": {"text": TITLE, "placements": [
                {"placement": "assignment_selection", **picker},
                {"placement": "link_selection", **picker},
                {"placement": "course_navigation", "message_type": "LtiResourceLinkRequest",
                 "target_link_uri": launch, "text": TITLE},
            ]},
        }],
        "custom_fields": {},
    }
