"""The apps' feedback logic: metric cards against their bands, what a review sends, a rubric from the editor's rows."""

from __future__ import annotations

from mvp.client.feedback_models import Benchmark, CriterionResult, Evaluation, Rubric
from mvp.logic.feedback import metric_cards, standing_badge
from mvp.logic.review import overrides
from mvp.logic.rubrics import rubric_body, rubric_rows
from tests.support.feedback import default_criteria


def test_metric_cards_write_each_figure_with_its_bands_and_standing() -> None:
    evaluation = Evaluation(id=1, session_id=1, status="ready", metrics={
        "reflection_to_question_ratio": 0.5, "percent_open_questions": 50.0, "percent_complex_reflections": None,
        "percent_mi_adherent": 100.0, "student_talk_share": 0.35, "student_turns": 4},
        benchmarks={"reflection_to_question_ratio": Benchmark(0.5, 1, 2, "below_fair", "MITI 4.2.1"),
                    "percent_open_questions": Benchmark(50, 50, 70, "fair", "MITI 3.1.1"),
                    "percent_complex_reflections": Benchmark(None, 40, 50, None, "MITI 4.2.1")})
    cards = {card.label: card for card in metric_cards(evaluation)}
    assert cards["Reflections per question"].value == "0.5 : 1"
    assert cards["Reflections per question"].bands == "fair 1.0 : 1 · good 2.0 : 1"
    assert standing_badge(cards["Reflections per question"].benchmark) == ("Below fair", "red")
    assert cards["Open questions"].value == "50 %" and standing_badge(cards["Open questions"].benchmark)[0] == "Fair"
    assert cards["Complex reflections"].value == "—"
    assert standing_badge(cards["Complex reflections"].benchmark) == ("Not enough to tell", "gray")
    assert cards["Your share of the talk"].value == "35 %" and cards["Your messages"].value == "4"


def test_a_review_sends_a_score_only_where_the_teacher_changed_it() -> None:
    criteria = [CriterionResult(key="a", title="A", score=4, max_score=4, original_score=2),
                CriterionResult(key="b", title="B", score=3, max_score=4, original_score=3)]
    sent = overrides(criteria, {"a": 4.0, "b": 3.0}, {"b": " Good questions. "})
    assert sent == [{"key": "a", "score": 4.0, "comment": ""},
                    {"key": "b", "score": None, "comment": "Good questions."}]


def test_a_rubric_round_trips_through_the_editor_rows() -> None:
    default = Rubric(id=1, title="Interviewing fundamentals", criteria=default_criteria(), is_default=True)
    rows = rubric_rows(default)
    assert rows[0]["Criterion"] == "Engagement and empathy" and rows[0]["Weight (%)"] == 25.0
    rows[1]["Level 4"] = ""  # an empty level is left out
    rows.append({"Criterion": "", "Weight (%)": 0})  # a blank row is dropped
    rows.append({"Criterion": "Open questions", "Weight (%)": 0, "Level 1": "x", "Level 2": "y"})
    body = rubric_body(" Week 3 ", "", rows)
    assert body["title"] == "Week 3" and len(body["criteria"]) == 6
    assert [c["key"] for c in body["criteria"]][:2] == ["engagement_and_empathy", "open_questions"]
    assert body["criteria"][-1]["key"] == "open_questions_2", "a repeated title still gets its own key"
    assert [level["score"] for level in body["criteria"][1]["levels"]] == [1, 2, 3]
    assert sum(c["weight"] for c in body["criteria"]) == 1.0
