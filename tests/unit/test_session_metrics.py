"""Session metrics and where they stand against the MITI thresholds, as a student's feedback page shows them."""

from __future__ import annotations

import pytest

from backend.interviewing.benchmarks import BENCHMARKS, Standing, benchmarks_for, standing
from backend.interviewing.metrics import SessionMetrics, session_metrics
from backend.interviewing.miti import CodedUtterance, MitiCode, Turn, code_transcript


def coded(*codes: MitiCode) -> CodedUtterance:
    """A student message already coded, so the arithmetic is tested apart from the coder."""
    return CodedUtterance(codes=codes, primary=codes[0] if codes else None, note="")


def metrics_of(*messages: tuple[MitiCode, ...], student: list[str] | None = None,
               client: list[str] | None = None) -> SessionMetrics:
    student_texts = student if student is not None else ["line"] * len(messages)
    return session_metrics([coded(*codes) for codes in messages], student_texts, client or [])


OQ, CQ = MitiCode.open_question, MitiCode.closed_question
SR, CR = MitiCode.simple_reflection, MitiCode.complex_reflection


class TestCounts:
    def test_every_code_is_counted_and_unused_codes_show_zero(self) -> None:
        metrics = metrics_of((OQ,), (CR, OQ), (MitiCode.persuade,))
        assert metrics.counts["open_question"] == 2
        assert metrics.counts["complex_reflection"] == 1
        assert metrics.counts["confront"] == 0
        assert set(metrics.counts) == {code.value for code in MitiCode}

    def test_mi_adherent_is_seek_affirm_and_autonomy(self) -> None:
        metrics = metrics_of((MitiCode.seek_collaboration, CQ), (MitiCode.affirm,), (MitiCode.emphasize_autonomy,))
        assert metrics.mi_adherent == 3

    def test_mi_non_adherent_is_confront_and_persuade_but_not_advice_with_permission(self) -> None:
        metrics = metrics_of((MitiCode.confront,), (MitiCode.persuade,), (MitiCode.persuade_with_permission,))
        assert metrics.mi_non_adherent == 2
        assert metrics.percent_mi_adherent == 0.0

    def test_student_turns_counts_every_message_even_uncoded_greetings(self) -> None:
        assert metrics_of((), (OQ,)).student_turns == 2


class TestRatios:
    def test_reflection_to_question_ratio(self) -> None:
        assert metrics_of((SR,), (CR,), (CR,), (OQ,), (CQ,)).reflection_to_question_ratio == 1.5

    def test_reflections_without_questions_still_rate(self) -> None:
        assert metrics_of((SR,), (CR,)).reflection_to_question_ratio == 2.0

    def test_no_reflections_and_no_questions_gives_no_ratio_rather_than_zero(self) -> None:
        metrics = metrics_of((MitiCode.giving_information,))
        assert metrics.reflection_to_question_ratio is None
        assert metrics.percent_open_questions is None
        assert metrics.percent_complex_reflections is None
        assert metrics.percent_mi_adherent is None

    def test_percent_open_questions(self) -> None:
        assert metrics_of((OQ,), (OQ,), (CQ,)).percent_open_questions == 66.7

    def test_percent_complex_reflections(self) -> None:
        assert metrics_of((CR,), (SR,), (SR,), (SR,)).percent_complex_reflections == 25.0


class TestTalkShare:
    def test_talk_share_is_the_students_share_of_all_words(self) -> None:
        metrics = metrics_of((OQ,), student=["What brings you in?"],
                             client=["I got an eviction notice and I have nowhere to go."])
        assert metrics.student_talk_share == round(4 / (4 + 11), 3)

    def test_no_words_at_all_gives_no_share(self) -> None:
        assert metrics_of(student=[], client=[]).student_talk_share is None


class TestFromATranscript:
    def test_a_short_interview_end_to_end(self) -> None:
        turns = [Turn("student", "Hi, I'm Sam. What brings you in today?"),
                 Turn("client", "I got an eviction notice. I have 14 days."),
                 Turn("student", "Fourteen days. That sounds frightening."),
                 Turn("client", "It is. I don't know where I'd go."),
                 Turn("student", "Do you have family nearby?"),
                 Turn("client", "No."),
                 Turn("student", "You should call the landlord today.")]
        coded_lines = code_transcript(turns)
        metrics = session_metrics(coded_lines, [t.text for t in turns if t.speaker == "student"],
                                  [t.text for t in turns if t.speaker == "client"])
        assert metrics.counts["simple_reflection"] + metrics.counts["complex_reflection"] == 1
        assert metrics.reflection_to_question_ratio == 0.5
        assert metrics.percent_open_questions == 50.0
        assert metrics.mi_non_adherent == 1
        assert metrics.student_turns == 4


class TestBenchmarks:
    @pytest.mark.parametrize(("value", "expected"), [(0.99, Standing.below_fair), (1.0, Standing.fair),
                                                      (1.99, Standing.fair), (2.0, Standing.good),
                                                      (3.5, Standing.good)])
    def test_reflection_to_question_ratio_is_fair_from_1_and_good_from_2(self, value: float,
                                                                          expected: Standing) -> None:
        assert standing("reflection_to_question_ratio", value) is expected

    @pytest.mark.parametrize(("value", "expected"), [(39.9, Standing.below_fair), (40.0, Standing.fair),
                                                      (50.0, Standing.good)])
    def test_complex_reflections_are_fair_from_40_and_good_from_50_percent(self, value: float,
                                                                           expected: Standing) -> None:
        assert standing("percent_complex_reflections", value) is expected

    def test_open_questions_use_the_miti_3_1_1_thresholds(self) -> None:
        assert (BENCHMARKS["percent_open_questions"].fair, BENCHMARKS["percent_open_questions"].good) == (50, 70)
        assert "3.1.1" in BENCHMARKS["percent_open_questions"].source

    def test_a_missing_value_has_no_standing(self) -> None:
        assert standing("percent_complex_reflections", None) is None

    def test_a_metric_miti_sets_no_threshold_for_has_no_standing(self) -> None:
        assert standing("student_talk_share", 0.9) is None

    def test_benchmarks_sit_beside_the_sessions_values(self) -> None:
        table = benchmarks_for(metrics_of((CR,), (SR,), (OQ,)))
        assert table["reflection_to_question_ratio"] == {"value": 2.0, "fair": 1.0, "good": 2.0,
                                                         "standing": Standing.good, "source": "MITI 4.2.1"}
        assert table["percent_complex_reflections"]["standing"] is Standing.good
        assert table["percent_mi_adherent"]["standing"] is None
