"""Feedback over HTTP with the offline evaluator: evaluation, teacher review, release gating, queue and averages."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from tests.support.api import new_student
from tests.support.feedback import finished_conversation
from tests.support.server import ApiServer

WEIGHTS = {"engagement_empathy": 0.25, "open_questions": 0.2, "reflective_listening": 0.25,
           "avoiding_premature_advice": 0.15, "safety_exploration": 0.15}


@pytest.fixture(scope="module")
def learner(server: ApiServer, admin: httpx.Client) -> httpx.Client:
    return new_student(server, admin, "learner")


@pytest.fixture(scope="module")
def evaluated(learner: httpx.Client, published_client: dict[str, Any]) -> dict[str, Any]:
    """A finished conversation and the evaluation the student asked for."""
    session_id = finished_conversation(learner, published_client["id"])
    response = learner.post(f"/sessions/{session_id}/evaluation")
    assert response.status_code == 200, response.text
    return response.json()


def by_key(evaluation: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {item["key"]: item for item in evaluation["criteria"]}


def hand_total(scores: dict[str, float | None]) -> float:
    """The weighted total out of 100; a criterion not assessed (None) hands its weight to the others."""
    assessed = {key: score for key, score in scores.items() if score is not None}
    share = sum(WEIGHTS[key] for key in assessed)
    return round(100 * sum(WEIGHTS[key] * score / 4 for key, score in assessed.items()) / share + 1e-9, 1)


class TestEvaluation:
    def test_a_student_gets_coded_lines_metrics_and_scores_with_their_own_words_as_evidence(
            self, learner: httpx.Client, evaluated: dict[str, Any]) -> None:
        messages = learner.get(f"/sessions/{evaluated['session_id']}/messages").json()
        mine = {m["id"]: m["content"] for m in messages if m["role"] == "user"}
        assert evaluated["status"] == "ready" and evaluated["provider"] == "offline"
        assert evaluated["approximate"] is True and evaluated["fallback_reason"] is None
        assert evaluated["rubric_title"] == "Interviewing fundamentals"
        assert [line["message_id"] for line in evaluated["utterances"]] == list(mine)
        assert [line["codes"] for line in evaluated["utterances"]] == [
            ["open_question"], ["closed_question"], ["persuade"], ["complex_reflection"]]
        assert evaluated["metrics"]["student_turns"] == 4 and evaluated["metrics"]["percent_open_questions"] == 50
        assert evaluated["benchmarks"]["reflection_to_question_ratio"]["fair"] == 1
        assert evaluated["benchmarks"]["percent_complex_reflections"]["good"] == 50
        assert list(by_key(evaluated)) == list(WEIGHTS)
        for criterion in evaluated["criteria"]:
            if criterion["key"] == "safety_exploration":  # no risk came up in this conversation
                assert criterion["score"] is None and criterion["rationale"].startswith("Not assessed")
                continue
            assert criterion["evidence"] and criterion["rationale"].startswith("Approximate")
            assert all(e["quote"] in mine[e["message_id"]] for e in criterion["evidence"])
        assert evaluated["total_score"] == hand_total({k: c["score"] for k, c in by_key(evaluated).items()})
        assert evaluated["max_score"] == 100 and evaluated["released"] is True
        assert 2 <= len(evaluated["strengths"]) <= 3
        assert evaluated["next_step"]["original"] == "You should tell your partner."
        assert evaluated["cost_usd"] == 0

    def test_asking_again_returns_the_stored_evaluation(self, learner: httpx.Client,
                                                        evaluated: dict[str, Any]) -> None:
        again = learner.post(f"/sessions/{evaluated['session_id']}/evaluation").json()
        assert (again["id"], again["evaluated_at"]) == (evaluated["id"], evaluated["evaluated_at"])
        assert learner.get(f"/sessions/{evaluated['session_id']}/evaluation").json()["id"] == evaluated["id"]

    def test_only_a_teacher_runs_it_again(self, learner: httpx.Client, teacher: httpx.Client,
                                          published_client: dict[str, Any]) -> None:
        session_id = finished_conversation(learner, published_client["id"], ["What brings you in?"])
        first = learner.post(f"/sessions/{session_id}/evaluation").json()
        refused = learner.post(f"/sessions/{session_id}/evaluation", params={"refresh": "true"})
        assert refused.status_code == 403 and "teacher" in refused.json()["detail"]
        rerun = teacher.post(f"/sessions/{session_id}/evaluation", params={"refresh": "true"}).json()
        assert rerun["id"] == first["id"] and rerun["evaluated_at"] > first["evaluated_at"]

    def test_a_conversation_in_progress_is_not_evaluated(self, learner: httpx.Client,
                                                         published_client: dict[str, Any]) -> None:
        session_id = learner.post("/sessions", json={"client_id": published_client["id"]}).json()["id"]
        learner.post(f"/sessions/{session_id}/messages", json={"content": "Hello."})
        response = learner.post(f"/sessions/{session_id}/evaluation")
        assert response.status_code == 409 and "End the conversation first" in response.json()["detail"]
        learner.post(f"/sessions/{session_id}/end")

    def test_a_conversation_without_the_students_words_has_nothing_to_evaluate(
            self, learner: httpx.Client, published_client: dict[str, Any]) -> None:
        session_id = finished_conversation(learner, published_client["id"], [])
        response = learner.post(f"/sessions/{session_id}/evaluation")
        assert response.status_code == 409 and "nothing to evaluate" in response.json()["detail"]

    def test_before_any_evaluation_reading_one_says_how_to_get_it(self, learner: httpx.Client,
                                                                  published_client: dict[str, Any]) -> None:
        session_id = finished_conversation(learner, published_client["id"], ["Hi."])
        response = learner.get(f"/sessions/{session_id}/evaluation")
        assert response.status_code == 404 and "POST" in response.json()["detail"]


class TestReviewAndRelease:
    def test_an_override_keeps_the_original_score_and_moves_the_total(
            self, teacher: httpx.Client, evaluated: dict[str, Any]) -> None:
        session_id = evaluated["session_id"]
        before = teacher.get(f"/sessions/{session_id}/evaluation").json()
        original = {key: c["original_score"] for key, c in by_key(before).items()}
        body = {"criteria": [{"key": "open_questions", "score": 4, "comment": "Your opening question was spot on."},
                             {"key": "avoiding_premature_advice", "score": 1, "comment": ""}],
                "comment": "A warm start; hold the advice next time."}
        reviewed = teacher.patch(f"/sessions/{session_id}/evaluation", json=body).json()
        criteria = by_key(reviewed)
        assert criteria["open_questions"]["score"] == 4 and criteria["open_questions"]["overridden"] is True
        assert criteria["open_questions"]["original_score"] == original["open_questions"]
        assert criteria["open_questions"]["teacher_comment"] == "Your opening question was spot on."
        assert criteria["reflective_listening"]["overridden"] is False
        final = {**original, "open_questions": 4, "avoiding_premature_advice": 1}
        assert reviewed["total_score"] == hand_total(final)
        review = reviewed["teacher_review"]
        assert review["original_total_score"] == hand_total(original) == evaluated["total_score"]
        assert review["comment"] == body["comment"] and review["reviewer_name"] == "Demo Teacher"
        assert {item["key"]: item["score"] for item in review["criteria"]} == {
            "open_questions": 4, "avoiding_premature_advice": 1}

    def test_unreleased_scores_reach_no_student_reader_until_release(
            self, teacher: httpx.Client, learner: httpx.Client, evaluated: dict[str, Any]) -> None:
        session_id = evaluated["session_id"]
        teacher.patch(f"/sessions/{session_id}/evaluation", json={"released": False,
                                                                   "comment": "Private until I release it."})
        for read in (learner.get(f"/sessions/{session_id}/evaluation"),
                     learner.post(f"/sessions/{session_id}/evaluation")):
            hidden = read.json()
            assert hidden["criteria"] is None and hidden["total_score"] is None and hidden["max_score"] is None
            assert hidden["teacher_review"] is None and hidden["scores_withheld"] is True
            assert hidden["utterances"] and hidden["metrics"]["student_turns"] == 4 and hidden["next_step"]
            assert "Private until I release it" not in read.text
        [listed] = [e for e in learner.get("/evaluations").json() if e["session_id"] == session_id]
        assert listed["total_score"] is None and listed["released"] is False
        staff = teacher.get(f"/sessions/{session_id}/evaluation").json()
        assert staff["criteria"] and staff["total_score"] is not None and staff["scores_withheld"] is False

        released = teacher.patch(f"/sessions/{session_id}/evaluation", json={"released": True}).json()
        assert released["released"] is True and released["released_at"]
        shown = learner.get(f"/sessions/{session_id}/evaluation").json()
        assert shown["criteria"] and shown["total_score"] == released["total_score"]
        assert shown["teacher_review"]["comment"] == "Private until I release it."

    def test_overrides_the_rubric_does_not_allow_are_refused_with_the_reason(
            self, teacher: httpx.Client, evaluated: dict[str, Any]) -> None:
        path = f"/sessions/{evaluated['session_id']}/evaluation"
        too_high = teacher.patch(path, json={"criteria": [{"key": "open_questions", "score": 9}]})
        assert too_high.status_code == 422 and "scored from 1 to 4" in too_high.json()["detail"]
        unknown = teacher.patch(path, json={"criteria": [{"key": "punctuality", "score": 2}]})
        assert unknown.status_code == 422 and "no criterion 'punctuality'" in unknown.json()["detail"]

    def test_a_student_cannot_review_their_own_evaluation(self, learner: httpx.Client,
                                                          evaluated: dict[str, Any]) -> None:
        response = learner.patch(f"/sessions/{evaluated['session_id']}/evaluation", json={"released": True})
        assert response.status_code == 403

    def test_a_teacher_must_evaluate_before_reviewing(self, teacher: httpx.Client, learner: httpx.Client,
                                                      published_client: dict[str, Any]) -> None:
        session_id = finished_conversation(learner, published_client["id"], ["Hello there."])
        response = teacher.patch(f"/sessions/{session_id}/evaluation", json={"released": True})
        assert response.status_code == 404 and "not been evaluated" in response.json()["detail"]


class TestHiddenFacts:
    def test_a_student_never_reads_a_fact_they_did_not_uncover(self, learner: httpx.Client, teacher: httpx.Client,
                                                               evaluated: dict[str, Any]) -> None:
        path = f"/sessions/{evaluated['session_id']}/evaluation"
        staff_facts = teacher.get(path).json()["hidden_facts"]
        student_facts = learner.get(path).json()["hidden_facts"]
        assert [f["fact"] for f in staff_facts] == ["Jordan has been hiding the job loss from their partner."]
        for staff, student in zip(staff_facts, student_facts, strict=True):
            assert student["disclosed"] == staff["disclosed"]
            if not staff["disclosed"]:
                assert student["fact"] is None and student["unlock"] is None
                assert "hiding the job loss" not in learner.get(path).text


class TestQueueAndAverages:
    def test_the_review_queue_lists_what_is_not_released_yet(self, teacher: httpx.Client,
                                                              evaluated: dict[str, Any]) -> None:
        teacher.patch(f"/sessions/{evaluated['session_id']}/evaluation", json={"released": False})
        queue = teacher.get("/evaluations", params={"released": "false"}).json()
        [item] = [e for e in queue if e["session_id"] == evaluated["session_id"]]
        assert item["student_name"] == "Learner" and item["client_name"] == "Jordan Ellis"
        assert item["total_score"] is not None and item["metrics"]["student_turns"] == 4
        assert item["hidden_facts_total"] == 1
        teacher.patch(f"/sessions/{evaluated['session_id']}/evaluation", json={"released": True})
        released = teacher.get("/evaluations", params={"released": "false"}).json()
        assert evaluated["session_id"] not in [e["session_id"] for e in released]

    def test_averages_are_of_the_final_scores_overall_and_per_client(
            self, teacher: httpx.Client, evaluated: dict[str, Any], published_client: dict[str, Any]) -> None:
        mine = teacher.get("/evaluations", params={"status": "ready", "client_id": published_client["id"]}).json()
        averages = teacher.get("/evaluations/averages").json()
        overall, per_client = averages[0], {group["key"]: group for group in averages[1:]}
        assert overall["group"] == "overall" and overall["evaluations"] >= len(mine)
        jordan = per_client[str(published_client["id"])]
        assert jordan["label"] == "Jordan Ellis" and jordan["evaluations"] == len(mine)
        assert jordan["total_score"] == pytest.approx(sum(e["total_score"] for e in mine) / len(mine), abs=0.01)
        assert [c["key"] for c in jordan["criteria"]] == list(WEIGHTS)
        assert jordan["metrics"]["student_turns"] is not None

    def test_a_student_lists_only_their_own_evaluations(self, other_student: httpx.Client,
                                                        evaluated: dict[str, Any]) -> None:
        assert evaluated["session_id"] not in [e["session_id"] for e in other_student.get("/evaluations").json()]
        assert other_student.get("/evaluations/averages").status_code == 403
