"""Cost alerts: which thresholds a turn still looks at, and which it crossed (each fires once per subject)."""

from __future__ import annotations

from backend.core.config import Settings
from backend.services.spend.alert_rules import alert_keys, alerts_crossed
from backend.services.spend.costs import FiredAlerts

SETTINGS = Settings(VC_ALERT_SESSION_USD=0.05, VC_ALERT_USER_DAY_USD=1.0, VC_ALERT_PLATFORM_DAY_USD=100.0)


def test_a_crossed_session_threshold_fires_with_a_readable_message_and_is_never_looked_at_again() -> None:
    fired = FiredAlerts()
    keys = alert_keys(SETTINGS, fired, session_id=7, user_id=1)
    rows = alerts_crossed(SETTINGS, fired, keys, {keys.session: 0.06, keys.user_day: 0.06, keys.platform_day: 0.06},
                          session_id=7, user_id=1, user_label="Sam")
    assert [(row["scope"], row["subject_id"], row["amount_usd"]) for row in rows] == [("session", 7, 0.06)]
    assert rows[0]["message"] == "Session 7 has cost $0.0600, over $0.05."
    assert not alert_keys(SETTINGS, fired, session_id=7, user_id=1).check_session


def test_below_every_threshold_nothing_fires() -> None:
    fired = FiredAlerts()
    keys = alert_keys(SETTINGS, fired, session_id=8, user_id=2)
    assert alerts_crossed(SETTINGS, fired, keys, {keys.session: 0.01, keys.user_day: 0.5, keys.platform_day: 9.0},
                          session_id=8, user_id=2, user_label="Ana") == []
    assert alert_keys(SETTINGS, fired, session_id=8, user_id=2).any


def test_an_alert_the_database_says_already_fired_is_remembered_not_fired_again() -> None:
    fired = FiredAlerts()
    keys = alert_keys(SETTINGS, fired, session_id=9, user_id=3)
    rows = alerts_crossed(SETTINGS, fired, keys, {keys.session: None, keys.user_day: 2.5, keys.platform_day: None},
                          session_id=9, user_id=3, user_label="Kim")
    assert [row["message"] for row in rows] == ["Kim has spent $2.5000 today, over $1.00."]
    later = alert_keys(SETTINGS, fired, session_id=9, user_id=3)
    assert not (later.check_session or later.check_user_day or later.check_platform_day)


def test_a_switched_off_threshold_is_never_checked() -> None:
    keys = alert_keys(Settings(VC_ALERT_SESSION_USD=0, VC_ALERT_USER_DAY_USD=0, VC_ALERT_PLATFORM_DAY_USD=0),
                      FiredAlerts(), session_id=1, user_id=1)
    assert not keys.any


def test_the_platform_total_is_looked_at_once_per_interval_per_process(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import backend.services.spend.costs as costs_module

    clock = [1000.0]
    monkeypatch.setattr(costs_module.time, "monotonic", lambda: clock[0])
    fired = FiredAlerts()
    assert alert_keys(SETTINGS, fired, session_id=1, user_id=1).check_platform_day
    assert not alert_keys(SETTINGS, fired, session_id=2, user_id=2).check_platform_day
    clock[0] += 10.5
    assert alert_keys(SETTINGS, fired, session_id=3, user_id=3).check_platform_day
