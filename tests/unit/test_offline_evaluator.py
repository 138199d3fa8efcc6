"""The offline evaluator: codes, metrics, hidden facts, rubric scores with verbatim evidence, and coaching."""

from __future__ import annotations

import pytest

from backend.interviewing.miti import code_transcript
from backend.interviewing.words import normalise
from backend.services.feedback import rewrites
from backend.services.feedback.offline import evaluate_offline
from tests.support.feedback import CONVERSATION, HIDDEN_FACT, default_criteria, transcript
from tests.support.miti_turns import load_corpus, part

STUDENT = {mid: text for mid, who, text in CONVERSATION if who == "student"}


def test_every_student_line_is_coded_with_a_note() -> None:
    analysis = evaluate_offline(transcript())
    coded = {line.message_id: line for line in analysis.utterances}
    assert list(coded) == list(STUDENT)
    assert coded[11].codes == ["open_question"]
    assert coded[13].codes == ["closed_question"]
    assert coded[15].primary == "persuade"
    assert coded[17].primary == "complex_reflection"
    assert all(line.note for line in analysis.utterances)


def test_its_codes_are_the_coders_on_real_conversations() -> None:
    """Feedback and the simulated client read the student with the same coder: the evaluation's codes are its."""
    rows = part(load_corpus(), "test")
    for conversation in sorted({row.conversation for row in rows})[:6]:
        turns = sorted((row for row in rows if row.conversation == conversation), key=lambda row: row.turn)
        lines: list[tuple[int, str, str]] = []
        for row in turns:
            if row.client:
                lines.append((len(lines) + 1, "client", row.client))
            lines.append((len(lines) + 1, "student", row.student))
        analysis = evaluate_offline(transcript(lines, criteria=default_criteria(), facts=[]))
        expected = code_transcript(transcript(lines, criteria=default_criteria(), facts=[]).turns())
        assert [line.codes for line in analysis.utterances] == [[c.value for c in item.codes] for item in expected]


def test_metrics_and_benchmarks_follow_from_the_codes() -> None:
    analysis = evaluate_offline(transcript())
    assert analysis.metrics.student_turns == 4
    assert analysis.metrics.percent_open_questions == 50.0
    assert analysis.metrics.reflection_to_question_ratio == 0.5
    assert analysis.metrics.mi_non_adherent == 1
    assert analysis.benchmarks["reflection_to_question_ratio"].standing == "below_fair"
    assert analysis.benchmarks["percent_open_questions"].standing == "fair"


def test_a_hidden_fact_is_found_in_the_client_reply_that_said_it() -> None:
    [fact] = evaluate_offline(transcript()).hidden_facts
    assert (fact.fact, fact.disclosed, fact.message_id) == (HIDDEN_FACT, True, 16)


def test_a_fact_the_client_never_said_is_not_disclosed() -> None:
    kept_back = "Jordan sold their car to pay for their sister's wedding."
    [fact] = evaluate_offline(transcript(facts=[kept_back])).hidden_facts
    assert (fact.disclosed, fact.message_id) == (False, None)


def test_every_criterion_is_scored_at_a_level_with_verbatim_evidence_and_says_it_is_approximate() -> None:
    analysis = evaluate_offline(transcript())
    rubric = {item["key"]: item for item in default_criteria()}
    assert [item.key for item in analysis.criteria] == list(rubric)
    for item in analysis.criteria:
        if item.key == "safety_exploration":  # no risk came up in this conversation
            assert item.score is None and item.rationale.startswith("Not assessed") and not item.evidence
            continue
        assert item.score in {level["score"] for level in rubric[item.key]["levels"]}
        assert item.rationale.startswith("Approximate")
        for evidence in item.evidence:
            assert evidence.quote in STUDENT[evidence.message_id]


def test_scores_follow_the_skills_they_name() -> None:
    scores = {item.key: item.score for item in evaluate_offline(transcript()).criteria}
    assert scores["avoiding_premature_advice"] == 2  # one piece of advice without permission
    assert scores["open_questions"] == 3  # half the questions open: MITI's fair
    listening = [(11, "student", "What brings you in?"), (12, "client", "I lost my job and I can't sleep."),
                 (13, "student", "You lost your job, and you feel like you're letting everyone down."),
                 (14, "client", "Exactly. My partner doesn't even know."),
                 (15, "student", "It sounds like keeping it secret has been a heavy weight on you."),
                 (16, "client", "It has.")]
    better = {item.key: item.score for item in evaluate_offline(transcript(listening)).criteria}
    assert better["reflective_listening"] > scores["reflective_listening"]
    assert better["avoiding_premature_advice"] > scores["avoiding_premature_advice"]


def test_a_teachers_own_criteria_are_matched_by_their_wording() -> None:
    own = [{"key": "curiosity", "title": "Asks good questions", "description": "", "weight": 0.5,
            "levels": [{"score": 0, "descriptor": "none"}, {"score": 10, "descriptor": "all open"}]},
           {"key": "partnership", "title": "Partnership", "description": "Works with the client", "weight": 0.5,
            "levels": [{"score": 0, "descriptor": "no"}, {"score": 5, "descriptor": "some"},
                       {"score": 10, "descriptor": "yes"}]}]
    analysis = evaluate_offline(transcript(criteria=own))
    assert [item.key for item in analysis.criteria] == ["curiosity", "partnership"]
    assert "questions" in analysis.criteria[0].rationale
    assert "overall MI consistency" in analysis.criteria[1].rationale


def test_safety_cues_the_student_passed_over_score_lowest() -> None:
    risky = [(1, "student", "How are things?"), (2, "client", "Honestly some nights I think there's no point."),
             (3, "student", "Do you have a job?"), (4, "client", "Not anymore.")]
    asked = [*risky[:2], (3, "student", "Are you thinking about hurting yourself?"), (4, "client", "Sometimes.")]
    missed = {item.key: item for item in evaluate_offline(transcript(risky)).criteria}["safety_exploration"]
    explored = {item.key: item for item in evaluate_offline(transcript(asked)).criteria}["safety_exploration"]
    assert missed.score == 1 and "did not ask about it" in missed.rationale
    assert explored.score >= 3 and explored.evidence[0].message_id == 3


def test_strengths_cite_the_students_words_and_there_are_two_or_three() -> None:
    strengths = evaluate_offline(transcript()).strengths
    assert 2 <= len(strengths) <= 3
    quoted = [s for s in strengths if s.quote]
    assert quoted and all(s.quote in STUDENT[s.message_id] for s in quoted)  # type: ignore[index]


def test_the_next_step_rewrites_one_of_the_students_own_lines() -> None:
    step = evaluate_offline(transcript()).next_step
    assert step is not None
    assert step.focus == "Ask before advising"
    assert step.message_id == 15 and step.original == "You should tell your partner."
    assert step.rewrite.startswith("Would it be okay if I shared an idea?")
    assert normalise(step.rewrite) != normalise(step.original)


def test_a_run_of_closed_questions_is_rewritten_as_a_reflection() -> None:
    closed = [(1, "student", "Do you work?"), (2, "client", "Not since March, and the rent is due on Friday."),
              (3, "student", "Are you worried about the rent?"), (4, "client", "Yes.")]
    step = evaluate_offline(transcript(closed)).next_step
    assert step is not None and step.focus == "Open up your questions"
    assert (step.original, step.rewrite) == ("Are you worried about the rent?", "You're worried about the rent.")


class TestRewrites:
    def test_closed_questions_become_statements(self) -> None:
        assert rewrites.as_reflection("Do you feel stuck at work?") == "You feel stuck at work."
        assert rewrites.as_reflection("Have you told your partner?") == "You've told your partner."
        assert rewrites.as_reflection("Why now?") is None

    def test_advice_is_offered_with_permission_and_left_open(self) -> None:
        assert rewrites.with_permission("You need to tell her the truth.") == (
            "Would it be okay if I shared an idea? You could tell her the truth. What do you make of that?")

    def test_the_clients_words_come_back_in_the_second_person_with_a_feeling(self) -> None:
        assert rewrites.mirror("I was fired last week and my mum doesn't know.") == (
            "It sounds like you were fired last week and your mum doesn't know, and that has been weighing on you.")
        assert rewrites.mirror("Fine.") is None


def test_a_reflection_rewrite_names_a_burden_only_where_the_client_spoke_of_one() -> None:
    """"...and that has been weighing on you" after "That's kind of smart." tells the student a feeling nobody had."""
    hopeful = rewrites.mirror("I never thought of it like that. That's kind of smart.")
    heavy = rewrites.mirror("Since my husband died I can't sleep and the house feels empty.")
    assert hopeful is not None and "weighing" not in hopeful and "matters to you" in hopeful
    assert heavy is not None and "weighing on you" in heavy
    assert rewrites.mirror("Kind of awkward.") is None  # no sentence to give back whole


@pytest.mark.parametrize("client", [
    "He grabbed my arm once. Hard. The kids, no. Never.",
    "Last month he threw a plate and it hit the wall next to me.",
    "My ex pushed me down the stairs in June.",
    "She slapped me in front of the kids and laughed.",
])
def test_harm_done_to_the_client_is_given_back_with_fear_not_as_something_that_matters(client: str) -> None:
    """ "It sounds like he grabbed your arm once, and that matters to you" is not what a supervisor would model."""
    said = rewrites.mirror(client, risk=True)
    assert said is not None and said.endswith("must have been frightening."), said


@pytest.mark.parametrize("client", ["Yes. I just don't know how.", "I have no idea what to do about the rent.",
                                    "Honestly I can't see a way out of this job."])
def test_not_knowing_the_way_forward_is_given_back_as_being_stuck(client: str) -> None:
    said = rewrites.mirror(client)
    assert said is not None and "matters to you" not in said and "way through" in said, said


@pytest.mark.parametrize(("advice", "offered"), [
    ("Since you asked, you should call the pharmacy today about the assistance program.",
     "You could call the pharmacy today about the assistance program."),
    ("Also, you should write the landlord a letter saying you're getting help.",
     "You could write the landlord a letter saying you're getting help."),
    ("And, um, you really need to keep the patch on when you get home, don't just stop it.",
     "You could keep the patch on when you get home."),
    ("Okay, see, that's domestic violence, and you need to get out of there before it gets worse.",
     "You could get out of there before it gets worse."),
])
def test_advice_offered_with_permission_drops_what_would_undo_the_asking(advice: str, offered: str) -> None:
    """ "Would it be okay if I shared an idea? Since you asked, ..." and a label kept in front argue against the
    permission just asked for."""
    expected = f"Would it be okay if I shared an idea? {offered} What do you make of that?"
    assert rewrites.with_permission(advice) == expected


@pytest.mark.parametrize(("client", "tail"), [
    ("He'd have to stop drinking. And not check my phone.", "that's what it would take"),
    ("My cousin had a heart attack on the patch.", "that worries you"),
])
def test_a_condition_or_a_health_scare_is_given_back_as_what_it_is(client: str, tail: str) -> None:
    said = rewrites.mirror(client)
    assert said is not None and said.endswith(f"{tail}."), said


@pytest.mark.parametrize(("client", "kept", "left"), [
    ("There's a group of boys. They took his phone, they call him names. He didn't tell me till March.",
     "he didn't tell you till March", "group of boys"),
    ("The landlord sent another letter. It says thirty days. I don't know where we'd go.",
     "you don't know where you'd go", "landlord"),
    ("It was a Tuesday. The bus was late again. I just sat there and cried.", "you just sat there and cried", "bus"),
])
def test_a_reflection_rewrite_gives_back_what_is_about_the_client_not_the_scene(client: str, kept: str,
                                                                               left: str) -> None:
    """A supervisor's rewrite reflects the client's own voice ("He didn't tell me till March."), not the first
    sentence of scene-setting ("It sounds like there's a group of boys, and that matters to you.")."""
    rewrite = rewrites.mirror(client)
    assert rewrite is not None and kept in rewrite and left not in rewrite


@pytest.mark.parametrize("client", ["pretty much. this is a waste of time.", "Honestly this whole thing is pointless.",
                                    "Nobody at that office listens to a word I say."])
def test_a_complaint_is_given_back_as_frustration_not_as_something_that_matters(client: str) -> None:
    rewrite = rewrites.mirror(client)
    assert rewrite is not None and rewrite.endswith("that has been frustrating.")
    assert rewrites.checked_reflection(rewrite, client) == rewrite  # still codes as a reflection echoing them


def test_reported_speech_is_not_given_back_garbled() -> None:
    """ "It sounds like you said 'I'm sorry you got hurt.' She said that's not an apology, and ..." mixes up who
    spoke: a sentence with a quotation is never mirrored."""
    rewrite = rewrites.mirror("I told her, 'I'm sorry you got hurt.' She said that's not an apology. I feel awful.")
    assert rewrite == "It sounds like you feel awful, and that has been weighing on you."
    assert rewrites.mirror('He goes "you never listen" and walks out.') is None


@pytest.mark.parametrize("fragment", ["Some people, not you.", "Three kids.", "Not since March."])
def test_only_a_whole_reflection_is_carried_deeper(fragment: str) -> None:
    """ "Some people, not you, and that matters to you." is not a reflection a supervisor would offer."""
    assert rewrites.deepen(fragment) is None


def test_a_whole_reflection_is_carried_to_the_feeling_underneath() -> None:
    assert rewrites.deepen("You're behind on rent again.") == (
        "You're behind on rent again, and that has been weighing on you.")


@pytest.mark.parametrize(("advice", "offered"), [
    ("Have you, um, tried just apologising to her?", "You could try apologising to her."),
    ("Have you thought about going to a meeting?", "You could consider going to a meeting."),
    ("Okay, well, you need to, uh, get on a schedule.", "You could get on a schedule."),
    ("Why don't you call the tenant line?", "You could call the tenant line."),
])
def test_advice_offered_with_permission_reads_as_a_sentence_a_supervisor_would_say(advice: str, offered: str) -> None:
    """Fillers, lead-ins and "Have you tried...?" no longer come through into the rewrite ("Would it be okay if I
    shared an idea? Have you, um, tried apologising to her. What do you make of that?")."""
    rewrite = rewrites.with_permission(advice)
    assert rewrite == f"Would it be okay if I shared an idea? {offered} What do you make of that?"
    assert rewrites.checked_permission(rewrite, None) == rewrite


def test_a_sentence_that_opens_with_a_time_word_is_still_given_back() -> None:
    assert rewrites.mirror("And I mean, yeah, sometimes I think about cutting down. My ex goes on about it.") == (
        "It sounds like sometimes you think about cutting down, and that matters to you.")


@pytest.mark.parametrize("client", ["I'm not missing any doses, I told you.", "Honestly I'm not worried about it.",
                                    "I don't miss him. Not one bit."])
def test_a_denied_burden_is_not_given_back_as_one(client: str) -> None:
    """ "It sounds like you're not missing it, and that has been weighing on you." names a weight the client denied."""
    rewrite = rewrites.mirror(client)
    assert rewrite is not None and "weighing" not in rewrite


@pytest.mark.parametrize("client", [
    "His mum maybe. Or the family court mediator.",  # no verb: nothing to say "It sounds like" to
    "If I stopped waking at three. Then maybe.",  # half a thought
    "And tell him what? That I want to shoot myself? He'd freak.",  # a question back, and suicide
])
def test_a_fragment_a_question_or_a_suicide_line_is_never_mirrored_with_a_tail(client: str) -> None:
    """ "It sounds like his mum maybe, and that matters to you." and "It sounds like that you want to shoot
    yourself, and that matters to you." are worse than no rewrite at all."""
    assert rewrites.mirror(client) is None


def test_what_the_client_said_about_suicide_is_still_asked_about_directly() -> None:
    rewrite = rewrites.ask_about_risk("Some nights I think about ending it.", "ending it")
    assert rewrite is not None and rewrite.endswith("are you having thoughts of ending your life?")


def test_a_strength_is_not_praised_twice_in_other_words() -> None:
    """ "Most of your questions were open" and "You asked open questions..." on the same line is one strength."""
    lines = [(1, "student", "Can you tell me what happened?"), (2, "client", "I got drunk and crashed the car."),
             (3, "student", "Were you hurt?"), (4, "client", "No."),
             (5, "student", "You need to stop drinking before you drive."), (6, "client", "Fine."),
             (7, "student", "What do you think you'll do next time?"), (8, "client", "Get a ride, I guess."),
             (9, "student", "Do you drink every weekend?"), (10, "client", "Mostly.")]
    strengths = [item.text for item in evaluate_offline(transcript(lines, criteria=default_criteria(),
                                                                   facts=[])).strengths]
    assert not ({text for text in strengths if text.startswith("Most of your questions")}
                and "You asked open questions that let the client answer in their own words." in strengths)


def test_a_filler_comma_does_not_survive_into_an_offered_idea() -> None:
    assert rewrites.with_permission("Have you thought about, like, setting a limit before you go?") == (
        "Would it be okay if I shared an idea? You could consider setting a limit before you go. What do you make "
        "of that?")
