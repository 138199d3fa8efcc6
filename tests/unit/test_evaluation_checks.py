"""A model's evaluation is held to the transcript: codes for every student line, verbatim quotes, real levels."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from backend.services.feedback.model_prompt import answer_schema, evaluation_request
from backend.services.feedback.validation import check_answer
from tests.support.feedback import CONVERSATION, transcript, valid_answer

STUDENT = {mid: text for mid, who, text in CONVERSATION if who == "student"}
CLIENT_IDS = [mid for mid, who, _ in CONVERSATION if who == "client"]
KEYS = [c.key for c in transcript().criteria]


def answer(**changes: Any) -> dict[str, Any]:
    data = valid_answer(STUDENT, CLIENT_IDS, KEYS, disclosed_in=16)
    data.update(copy.deepcopy(changes))
    return data


def reasons_for(data: Any) -> list[str]:
    analysis, reasons = check_answer(data, transcript())
    assert analysis is None, "the answer should have been rejected"
    return reasons


def test_a_sound_answer_becomes_the_analysis_with_metrics_computed_from_its_codes() -> None:
    analysis, reasons = check_answer(answer(), transcript())
    assert reasons == [] and analysis is not None
    assert [line.message_id for line in analysis.utterances] == list(STUDENT)
    # the answer codes 2 questions, 1 piece of advice and 1 complex reflection: the arithmetic is ours
    assert analysis.metrics.reflection_to_question_ratio == 0.5
    assert analysis.metrics.percent_complex_reflections == 100.0
    assert analysis.hidden_facts[0].disclosed and analysis.hidden_facts[0].message_id == 16
    assert [item.key for item in analysis.criteria] == KEYS


def test_quotes_may_differ_in_spacing_and_curly_apostrophes_only() -> None:
    data = answer()
    data["criteria"][0]["evidence"] = [{"message_id": 17, "quote": "It sounds  like you\u2019re carrying this alone"}]
    assert check_answer(data, transcript())[1] == []


def test_evidence_that_is_not_in_the_students_message_is_rejected() -> None:
    data = answer()
    data["criteria"][2]["evidence"] = [{"message_id": 13, "quote": "What feels hardest about all this?"}]
    [reason] = reasons_for(data)
    assert "criteria.reflective_listening.evidence" in reason and "not found verbatim in student message 13" in reason


def test_quoting_the_client_is_not_evidence_of_the_students_work() -> None:
    data = answer()
    data["criteria"][0]["evidence"] = [{"message_id": 12, "quote": "I lost my job"}]
    assert "12 is not one of the student's messages" in reasons_for(data)[0]


def test_every_student_message_must_be_coded_once() -> None:
    data = answer()
    data["utterances"] = data["utterances"][:-1]
    assert "student messages [17] are not coded" in reasons_for(data)[0]


def test_a_score_between_levels_or_a_missing_criterion_is_rejected() -> None:
    data = answer()
    data["criteria"][0]["score"] = 3.5
    data["criteria"] = data["criteria"][:-1]
    reasons = reasons_for(data)
    assert any("score each of" in reason for reason in reasons)
    assert any("3.5 is not one of the level scores" in reason for reason in reasons)


def test_a_fact_cannot_be_disclosed_in_the_students_own_message() -> None:
    data = answer(hidden_facts=[{"number": 1, "disclosed": True, "message_id": 15}])
    assert "15 is not a client message" in reasons_for(data)[0]


def test_the_next_step_must_quote_and_change_a_real_line() -> None:
    data = answer()
    data["next_step"]["rewrite"] = data["next_step"]["original"]
    assert "rewrite the original line differently" in reasons_for(data)[0]


@pytest.mark.parametrize("bad", [None, [], "not an object", {"utterances": "nope"}])
def test_a_malformed_answer_is_rejected_with_readable_reasons(bad: Any) -> None:
    assert reasons_for(bad)


def test_an_unknown_code_is_rejected() -> None:
    data = answer()
    data["utterances"][0]["codes"] = ["small_talk"]
    assert "utterances.0.codes.0" in reasons_for(data)[0]


def test_the_request_carries_the_rubric_keys_the_transcript_and_on_retry_the_reasons() -> None:
    request = evaluation_request(transcript(), model="claude-haiku-4-5", rejected=["criteria.x: bad quote"])
    schema = answer_schema(transcript())
    assert request.tool_name == "record_evaluation" and request.schema == schema
    assert schema["properties"]["criteria"]["items"]["properties"]["key"]["enum"] == KEYS
    text = request.messages[0].content
    assert "[15] STUDENT: You should tell your partner." in text and "[16] CLIENT:" in text
    assert "1. Jordan has been hiding the job loss" in text
    assert "rejected for these reasons" in text and "criteria.x: bad quote" in text
