"""The demo course as a new teacher first meets it: its submitted attempt already evaluated (both databases)."""

from __future__ import annotations

import httpx


def test_the_demo_submitted_attempt_has_a_released_evaluation(teacher: httpx.Client, student: httpx.Client) -> None:
    [submitted] = [s for s in student.get("/sessions").json() if s.get("submitted_at")]
    evaluation = teacher.get(f"/sessions/{submitted['id']}/evaluation")
    assert evaluation.status_code == 200, evaluation.text
    body = evaluation.json()
    assert body["status"] == "ready" and body["approximate"] is True and body["released"] is True
    assert body["total_score"] is not None and body["criteria"]
    summary = next(e for e in teacher.get("/evaluations").json() if e["session_id"] == submitted["id"])
    assert summary["status"] == "ready"
    assert student.get(f"/sessions/{submitted['id']}/evaluation").json()["total_score"] == body["total_score"]
