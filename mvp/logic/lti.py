"""Plain functions behind the LTI screens: a platform form's body, the platforms table, a grid cell's LMS state."""

from __future__ import annotations

from typing import Any

from mvp.client.lti import LtiPlatform, ScoreSend


def platform_body(values: dict[str, Any]) -> dict[str, Any]:
    """The form's values as POST /lti/platforms takes them (deployment ids split on commas)."""
    body = {key: value.strip() if isinstance(value, str) else value for key, value in values.items()}
    body["deployment_ids"] = [d.strip() for d in str(values.get("deployment_ids", "")).split(",") if d.strip()]
    return body


def _when(value: object) -> str:
    return value.strftime("%Y-%m-%d %H:%M UTC") if hasattr(value, "strftime") else "never"


def platform_rows(platforms: list[LtiPlatform]) -> list[dict[str, str]]:
    rows = []
    for p in platforms:
        sync = p.last_roster_sync or {}
        counts = ", ".join(f"{sync[k]} {k}" for k in ("added", "already", "removed", "skipped") if k in sync)
        rows.append({"LMS": p.name, "Issuer": p.issuer, "Client id": p.client_id,
                     "Deployments": ", ".join(p.deployment_ids), "Last launch": _when(p.last_launch_at),
                     "Last roster sync": _when(p.last_roster_sync_at) + (f" ({counts})" if counts else ""),
                     "Last score send": _when(p.last_score_send_at) + (f" ({p.last_score_send})"
                                                                       if p.last_score_send else "")})
    return rows


def lms_labels(sends: list[ScoreSend]) -> dict[tuple[int, int], str]:
    """(student id, assignment id) -> what the grid cell says about its score at the LMS (the newest send), short
    enough for a cell: the table under the grid has the whole reason."""
    labels: dict[tuple[int, int], str] = {}
    for send in sorted(sends, key=lambda s: s.id):
        label = send.label
        labels[(send.student_id, send.assignment_id)] = label if len(label) <= 40 else label[:39] + "…"
    return labels
