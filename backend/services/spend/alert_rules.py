"""Cost alerts as rules: which thresholds a turn can still cross, and which it did. The turn's store asks the
database for the amounts in the same round trip as the reply; these functions decide around that."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from backend.core.config import Settings
from backend.models.base import utcnow
from backend.services.spend.costs import FiredAlerts

# The platform's day total sums every call of the day, so each process looks at it at most this often: the
# alert fires within seconds of the crossing instead of costing a growing scan on every turn.
PLATFORM_CHECK_EVERY_S = 10.0


@dataclass(frozen=True, slots=True)
class AlertKeys:
    """The three alerts one turn can fire, with each threshold (0: switched off) and whether to look at all."""

    session: str
    user_day: str
    platform_day: str
    day: date
    check_session: bool
    check_user_day: bool
    check_platform_day: bool

    @property
    def any(self) -> bool:
        return self.check_session or self.check_user_day or self.check_platform_day


def alert_keys(settings: Settings, fired: FiredAlerts, *, session_id: int, user_id: int) -> AlertKeys:
    """Keys this process has seen fire are never looked at again: an alert never un-fires."""
    today = utcnow().date()
    keys = (f"session:{session_id}", f"user:{user_id}:{today.isoformat()}", f"platform:{today.isoformat()}")
    return AlertKeys(
        *keys, day=today,
        check_session=bool(settings.alert_session_usd) and keys[0] not in fired,
        check_user_day=bool(settings.alert_user_day_usd) and keys[1] not in fired,
        check_platform_day=bool(settings.alert_platform_day_usd) and keys[2] not in fired
        and fired.due(keys[2], PLATFORM_CHECK_EVERY_S),
    )


def alerts_crossed(settings: Settings, fired: FiredAlerts, keys: AlertKeys, amounts: dict[str, float | None], *,
                   session_id: int, user_id: int, user_label: str) -> list[dict[str, Any]]:
    """The alert rows to insert for thresholds now crossed; `None` amounts had already fired (now remembered)."""
    rules = (
        ("session", keys.session, keys.check_session, session_id, settings.alert_session_usd,
         "Session {subject} has cost ${amount:.4f}, over ${threshold:.2f}."),
        ("user_day", keys.user_day, keys.check_user_day, user_id, settings.alert_user_day_usd,
         "{label} has spent ${amount:.4f} today, over ${threshold:.2f}."),
        ("platform_day", keys.platform_day, keys.check_platform_day, None, settings.alert_platform_day_usd,
         "The platform has spent ${amount:.2f} today, over ${threshold:.2f}."),
    )
    rows = []
    for scope, key, checked, subject, threshold, template in rules:
        if not checked:
            continue
        amount = amounts.get(key)
        if amount is None:
            fired.add(key)
            continue
        if float(amount) > threshold:
            rows.append({
                "scope": scope, "dedupe_key": key, "subject_id": subject, "day": keys.day,
                "threshold_usd": threshold, "amount_usd": round(float(amount), 6), "created_at": utcnow(),
                "message": template.format(subject=subject, label=user_label, amount=float(amount),
                                           threshold=threshold),
            })
            fired.add(key)
    return rows
