"""The teacher's line under each reply says what check-and-revise did and how a safety question was answered."""

from __future__ import annotations

from mvp.widgets.chat import trust_caption


def test_a_rewritten_reply_says_what_was_flagged() -> None:
    caption = trust_caption({"trust": "warming", "direction": "up",
                             "check": {"flags": ["hidden_fact", "advice"], "result": "revised"}})
    assert "model's first reply flagged (hidden fact, advice): rewritten" in caption


def test_a_safe_line_says_so() -> None:
    caption = trust_caption({"trust": "guarded", "direction": "steady",
                             "check": {"flags": ["role_break"], "result": "safe_line"}})
    assert caption.endswith("replaced with a safe line")


def test_a_denied_risk_reads_plainly() -> None:
    assert "safety question denied (not in the persona)" in trust_caption({"trust": "guarded", "risk": "deny"})
    caption = trust_caption({"trust": "guarded", "risk": "deny", "risk_topic": "means"})
    assert "safety question (means) denied" in caption


def test_a_clean_reply_mentions_no_check() -> None:
    assert "flagged" not in trust_caption({"trust": "open", "direction": "up"})
