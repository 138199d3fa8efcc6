"""The LTI endpoints of the API client: registered LMSs, the tool's configuration, roster syncs and score sends."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from mvp.client.parsing import build
from mvp.client.transport import Transport


@dataclass
class LtiPlatform:
    id: int
    name: str
    issuer: str
    client_id: str
    deployment_ids: list[str] = field(default_factory=list)
    auth_login_url: str = ""
    auth_token_url: str = ""
    keyset_url: str = ""
    link_by_email: bool = False
    last_launch_at: datetime | None = None
    last_roster_sync_at: datetime | None = None
    last_roster_sync: dict[str, Any] | None = None
    last_score_send_at: datetime | None = None
    last_score_send: str | None = None


@dataclass
class ScoreSend:
    id: int
    session_id: int
    student_id: int
    assignment_id: int
    score: float
    status: str
    label: str
    attempts: int = 0
    last_error: str | None = None
    sent_at: datetime | None = None


@dataclass
class RosterSync:
    added: int
    already: int
    removed: int
    skipped: int


class LtiApi:
    """Mixed into ApiClient, which provides `_request`."""

    def lti_platforms(self: Transport) -> list[LtiPlatform]:
        return [build(LtiPlatform, item) for item in self._request("GET", "/lti/platforms")]

    def create_lti_platform(self: Transport, body: dict[str, Any]) -> LtiPlatform:
        return build(LtiPlatform, self._request("POST", "/lti/platforms", json_body=body))

    def update_lti_platform(self: Transport, platform_id: int, changes: dict[str, Any]) -> LtiPlatform:
        return build(LtiPlatform, self._request("PATCH", f"/lti/platforms/{platform_id}", json_body=changes))

    def delete_lti_platform(self: Transport, platform_id: int) -> None:
        self._request("DELETE", f"/lti/platforms/{platform_id}")

    def rotate_lti_key(self: Transport) -> str:
        return str(self._request("POST", "/lti/keys/rotate")["kid"])

    def lti_config(self: Transport, *, canvas: bool = False) -> dict[str, Any]:
        """GET /lti/config: outside /api/v1, so addressed from the server's root (an absolute URL)."""
        return dict(self._request("GET", f"{self.base_url}/lti/config",
                                  params={"format": "canvas" if canvas else None}))

    def roster_sync(self: Transport, section_id: int) -> RosterSync:
        return build(RosterSync, self._request("POST", f"/sections/{section_id}/lti/roster-sync"))

    def score_sends(self: Transport, section_id: int) -> list[ScoreSend]:
        return [build(ScoreSend, item) for item in self._request("GET", f"/sections/{section_id}/lti/score-sends")]

    def resend_score(self: Transport, send_id: int) -> ScoreSend:
        return build(ScoreSend, self._request("POST", f"/lti/score-sends/{send_id}/resend"))
