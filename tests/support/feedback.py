"""Shared material for feedback tests: the default rubric's criteria, a small coded conversation, model answers."""

from __future__ import annotations

import copy
import importlib.util
import time
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import httpx

from backend.interviewing.miti import code_utterance
from backend.services.feedback.transcript import Transcript, build_transcript

MIGRATION = Path(__file__).resolve().parents[2] / "alembic" / "versions" / "0011_feedback.py"


def default_criteria() -> list[dict[str, Any]]:
    """The seeded rubric's criteria, read from the migration that seeds it (so the tests score what ships)."""
    spec = importlib.util.spec_from_file_location("feedback_migration", MIGRATION)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return copy.deepcopy(module.DEFAULT_CRITERIA)


HIDDEN_FACT = "Jordan has been hiding the job loss from their partner."
# (message id, speaker, text): ids skip like real ones, so nothing relies on position.
CONVERSATION: list[tuple[int, str, str]] = [
    (11, "student", "Hi Jordan, thanks for coming in. What brings you here today?"),
    (12, "client", "I lost my job at the warehouse. I can't sleep."),
    (13, "student", "Are you worried about money?"),
    (14, "client", "Yeah. Rent is due and I haven't told anyone."),
    (15, "student", "You should tell your partner."),
    (16, "client", "It's not that easy. I've been hiding the job loss from my partner."),
    (17, "student", "It sounds like you're carrying this alone and it feels heavy."),
    (18, "client", "Yeah. It does."),
]


def transcript(lines: list[tuple[int, str, str]] | None = None, *, criteria: list[dict[str, Any]] | None = None,
               facts: list[str] | None = None, risk: str = "") -> Transcript:
    messages = [SimpleNamespace(id=mid, role="user" if who == "student" else "assistant", content=text)
                for mid, who, text in (lines or CONVERSATION)]
    persona = {"name": "Jordan Ellis", "student_brief": "Referred by their GP.", "risk_factors": risk,
               "hidden_facts": [{"fact": fact, "unlock": "a reflection of the shame"}
                                for fact in ([HIDDEN_FACT] if facts is None else facts)]}
    return build_transcript(messages, persona, criteria or default_criteria())


def _rule_codes(text: str) -> list[str]:
    """The rule coder's reading, so a test's model answer agrees with it on confront and persuade (a disagreement
    would draw a second reading, which tests/integration/test_feedback_claude.py covers on purpose)."""
    return [code.value for code in code_utterance(text).codes]


def valid_answer(student: dict[int, str], client_ids: list[int], keys: list[str], *, disclosed_in: int | None = None
                 ) -> dict[str, Any]:
    """A model answer that passes every check: each student line coded, quotes taken from the lines themselves."""
    first_id, first_text = next(iter(student.items()))
    quote = first_text.split(".")[0] if "." in first_text else first_text
    return {
        "utterances": [{"message_id": mid, "codes": _rule_codes(text) or ["complex_reflection"],
                        "note": "You invited the client to say more."} for mid, text in student.items()],
        "hidden_facts": [{"number": 1, "disclosed": disclosed_in is not None, "message_id": disclosed_in}],
        "criteria": [{"key": key, "score": 3, "evidence": [{"message_id": first_id, "quote": quote}],
                      "rationale": "You kept the focus on the client."} for key in keys],
        "strengths": [{"text": "A warm opening.", "message_id": first_id, "quote": quote},
                      {"text": "You stayed curious.", "message_id": first_id, "quote": quote}],
        "next_step": {"focus": "Open with their agenda", "advice": "Let the client set the topic.",
                      "message_id": first_id, "original": first_text,
                      "rewrite": "Thanks for coming in. Where would you like to start today?"},
    }


STUDENT_LINES = [
    "Hi Jordan, thanks for coming in. What brings you here today?",
    "Are you worried about money?",
    "You should tell your partner.",
    "It sounds like you're carrying this alone and it feels heavy.",
]


def finished_conversation(student: httpx.Client, client_id: int, lines: list[str] | None = None) -> int:
    """A conversation the student held and ended, over HTTP; returns its id."""
    response = student.post("/sessions", json={"client_id": client_id})
    assert response.status_code == 201, response.text
    session_id = int(response.json()["id"])
    for text in STUDENT_LINES if lines is None else lines:
        sent = student.post(f"/sessions/{session_id}/messages", json={"content": text})
        assert sent.status_code == 201, sent.text
    assert student.post(f"/sessions/{session_id}/end").status_code == 200
    return session_id


def evaluation_when_ready(http: httpx.Client, session_id: int, timeout_s: float = 30) -> dict[str, Any]:
    """The evaluation a submission started in the background, once it is stored."""
    deadline = time.monotonic() + timeout_s
    response = http.get(f"/sessions/{session_id}/evaluation")
    while time.monotonic() < deadline:
        response = http.get(f"/sessions/{session_id}/evaluation")
        if response.status_code == 200 and response.json()["status"] == "ready":
            return dict(response.json())
        time.sleep(0.2)
    raise AssertionError(f"no evaluation of session {session_id} within {timeout_s} s: {response.text}")
