"""Rubric arithmetic: the weighted total out of 100, overrides beside the original scores, levels reached."""

from __future__ import annotations

import pytest

from backend.schemas.rubric import RubricCriterion
from backend.services.feedback.scoring import final_scores, level_for, merge_overrides, total_score


def criterion(key: str, weight: float, scores: tuple[int, ...] = (1, 2, 3, 4)) -> RubricCriterion:
    return RubricCriterion(key=key, title=key.title(), weight=weight,
                           levels=[{"score": s, "descriptor": f"level {s}"} for s in scores])


TWO_HALVES = [criterion("empathy", 0.5), criterion("questions", 0.5)]
DEFAULT_WEIGHTS = [criterion("a", 0.25), criterion("b", 0.2), criterion("c", 0.25), criterion("d", 0.15),
                   criterion("e", 0.15)]


class TestTotal:
    def test_top_levels_everywhere_make_100_and_the_shares_add_by_weight(self) -> None:
        assert total_score(TWO_HALVES, {"empathy": 4, "questions": 4}) == 100.0
        assert total_score(TWO_HALVES, {"empathy": 2, "questions": 3}) == 62.5

    def test_halves_round_up_as_a_gradebook_expects(self) -> None:
        # 0.25*2/4 + 0.2*4/4 + 0.25*2/4 + 0.15*2/4 + 0.15*3/4 = 0.6375
        assert total_score(DEFAULT_WEIGHTS, {"a": 2, "b": 4, "c": 2, "d": 2, "e": 3}) == 63.8

    def test_a_missing_score_counts_as_the_lowest_level(self) -> None:
        assert total_score(TWO_HALVES, {"empathy": 4}) == 62.5


class TestOverrides:
    def test_the_final_score_is_the_override_and_the_original_stays(self) -> None:
        original = {"empathy": 2.0, "questions": 3.0}
        review = merge_overrides({}, [{"key": "empathy", "score": 4, "comment": "Better than the model saw."}])
        assert final_scores(original, review) == {"empathy": 4.0, "questions": 3.0}
        assert original == {"empathy": 2.0, "questions": 3.0}
        assert total_score(TWO_HALVES, original) == 62.5
        assert total_score(TWO_HALVES, final_scores(original, review)) == 87.5

    def test_a_later_override_replaces_only_its_own_criterion(self) -> None:
        review = merge_overrides({}, [{"key": "empathy", "score": 4, "comment": ""}])
        review = merge_overrides(review, [{"key": "questions", "score": 1, "comment": "Mostly closed."}])
        assert final_scores({"empathy": 2, "questions": 3}, review) == {"empathy": 4, "questions": 1}

    def test_a_null_score_without_a_comment_removes_the_override(self) -> None:
        review = merge_overrides({}, [{"key": "empathy", "score": 4, "comment": ""}])
        review = merge_overrides(review, [{"key": "empathy", "score": None, "comment": ""}])
        assert review["criteria"] == {}
        assert final_scores({"empathy": 2}, review) == {"empathy": 2}

    def test_a_comment_alone_keeps_the_evaluators_score(self) -> None:
        review = merge_overrides({"comment": "Overall, well done."}, [{"key": "empathy", "score": None,
                                                                        "comment": "Good warmth."}])
        assert final_scores({"empathy": 2}, review) == {"empathy": 2}
        assert review["comment"] == "Overall, well done."


@pytest.mark.parametrize(("score", "expected"), [(1, "level 1"), (2.5, "level 2"), (4, "level 4"), (0, "level 1")])
def test_a_score_reaches_the_highest_level_at_or_below_it(score: float, expected: str) -> None:
    assert level_for(criterion("x", 1.0), score) == expected
