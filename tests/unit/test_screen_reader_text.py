"""What a screen reader hears: who said a chat line, and a chart's trend in words."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from mvp import state
from mvp.widgets.avatars import Speakers
from mvp.widgets.chart_text import trend_summary
from mvp.widgets.screen_reader import speaker_name

SESSION = Speakers(client="Nadia Haddad", interviewer="Sam Rivera")


class TestSpeakerName:
    def test_the_client_is_named_by_first_name(self, monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.setattr(state.user, "get", lambda: None)
        assert speaker_name("assistant", SESSION) == "Nadia"
        assert speaker_name("assistant", None) == "The client"

    def test_the_reader_hears_you_for_their_own_lines(self, monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.setattr(state.user, "get", lambda: SimpleNamespace(display_name="Sam Rivera"))
        assert speaker_name("user", SESSION) == "You"
        assert speaker_name("user", None) == "You"

    def test_a_teacher_hears_the_students_name(self, monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.setattr(state.user, "get", lambda: SimpleNamespace(display_name="Demo Teacher"))
        assert speaker_name("user", SESSION) == "Sam"


class TestTrendSummary:
    def test_first_and_latest_values_per_series(self) -> None:
        rows = [{"Open (%)": 40.0, "Ratio": None}, {"Open (%)": 65.5, "Ratio": 1.5}]
        assert trend_summary(rows, ["Open (%)", "Ratio"]) == (
            "Open (%): 40 in your first conversation, 65.5 in your latest; Ratio: 1.5 (2 conversations).")

    def test_nothing_to_say_without_values(self) -> None:
        assert trend_summary([{"Open (%)": None}], ["Open (%)"]) == "No data yet."
