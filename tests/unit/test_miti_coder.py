"""The offline MITI coder: agreement with hand-coded student lines, and each rule written as a specification."""

from __future__ import annotations

import pytest

from backend.interviewing.miti import MitiCode, Turn, code_transcript, code_utterance
from tests.support.miti_labels import agreement, load_labelled, score

OQ, CQ = MitiCode.open_question, MitiCode.closed_question
SR, CR = MitiCode.simple_reflection, MitiCode.complex_reflection
AF, SEEK, EA = MitiCode.affirm, MitiCode.seek_collaboration, MitiCode.emphasize_autonomy
GI, PER, PWP, CON = (MitiCode.giving_information, MitiCode.persuade, MitiCode.persuade_with_permission,
                     MitiCode.confront)


def codes_of(student: str, client: str | None = None) -> tuple[MitiCode, ...]:
    return code_utterance(student, client).codes


def primary_of(student: str, client: str | None = None) -> MitiCode | None:
    return code_utterance(student, client).primary


class TestAgreementWithHandCodedLines:
    def test_the_labelled_set_is_large_and_keeps_a_held_out_part(self) -> None:
        items = load_labelled()
        assert len(items) >= 200
        assert sum(item.held_out for item in items) >= 50

    def test_primary_code_agrees_on_at_least_80_percent_of_all_lines(self) -> None:
        assert agreement(score(load_labelled())) >= 0.80

    def test_primary_code_agrees_on_at_least_80_percent_of_the_held_out_lines(self) -> None:
        assert agreement(score([item for item in load_labelled() if item.held_out])) >= 0.80


class TestQuestions:
    @pytest.mark.parametrize("line", ["What brings you in today?", "How did you feel when he said that?",
                                      "What happens when he grabs you?", "Could you tell me a bit about your family?",
                                      "Tell me more about that.", "Help me understand what makes it hard."])
    def test_an_invitation_to_answer_in_ones_own_words_is_an_open_question(self, line: str) -> None:
        assert codes_of(line) == (OQ,)

    @pytest.mark.parametrize("line", ["Do you have family nearby?", "How many drinks is a few?",
                                      "When did you last see a friend?", "Is it worse in the mornings or evenings?",
                                      "How is your pain on a scale of 0 to 10?", "Who helps you?"])
    def test_a_question_answered_by_yes_no_or_a_short_fact_is_closed(self, line: str) -> None:
        assert codes_of(line) == (CQ,)

    def test_stacked_questions_in_one_message_count_once(self) -> None:
        assert codes_of("Do you have friends here? Do you go out much?") == (CQ,)


class TestReflections:
    def test_giving_back_the_clients_words_is_a_simple_reflection(self) -> None:
        client = "My hours got cut at the pharmacy. I went from 32 to 18 hours."
        assert codes_of("Your hours were cut almost in half.", client) == (SR,)

    def test_naming_a_feeling_the_client_did_not_say_is_a_complex_reflection(self) -> None:
        client = "CPS says I have to do these classes or I could lose my kids."
        assert codes_of("You're scared of losing your kids.", client) == (CR,)

    def test_a_feeling_the_client_already_named_stays_simple(self) -> None:
        assert codes_of("You're scared he'll find out.", "I'm scared he'll find out I came here.") == (SR,)

    def test_both_sides_of_ambivalence_is_a_complex_reflection(self) -> None:
        line = "Part of you wants to defend him, and part of you is tired of living on edge."
        assert codes_of(line, "He's not a bad man. He's under a lot of pressure.") == (CR,)

    def test_a_statement_said_as_a_question_reflects_rather_than_asks(self) -> None:
        assert codes_of("You're still staying with him?", "I'm still at his place for now.") == (SR,)

    def test_a_reflection_that_quotes_advice_words_is_still_a_reflection(self) -> None:
        line = "Part of you knows you can't keep going like this, and part of you feels you'd be abandoning her."
        assert primary_of(line, "I feel guilty even thinking about a home.") is CR


class TestAffirmations:
    def test_recognising_effort_is_an_affirmation(self) -> None:
        assert codes_of("You followed through on something that scared you. That took courage.") == (AF,)

    @pytest.mark.parametrize("line", ["Good.", "Great!", "Congratulations!", "That's great news."])
    def test_generic_praise_is_not_coded(self, line: str) -> None:
        assert code_utterance(line, "I got the job!").primary is None

    def test_you_should_be_proud_is_an_affirmation_not_advice(self) -> None:
        assert codes_of("You should be proud of yourself for telling her.") == (AF,)


class TestAdviceAndInformation:
    def test_unasked_advice_is_persuasion(self) -> None:
        assert codes_of("You should go to the food bank today.", "We've got no money for food till Friday.") == (PER,)

    def test_a_suggestion_phrased_as_a_question_is_persuasion_not_a_question(self) -> None:
        assert codes_of("Have you thought about volunteering?") == (PER,)

    def test_should_as_an_expectation_is_information(self) -> None:
        assert codes_of("You should receive a letter from the housing authority within ten working days.") == (GI,)

    def test_advice_the_client_asked_for_is_persuasion_with_permission(self) -> None:
        line = "I'd suggest calling the rental assistance line first."
        assert codes_of(line, "What should I do?") == (PWP,)

    def test_advice_after_asking_permission_in_the_same_message_is_with_permission(self) -> None:
        line = "Would it be okay if I shared an idea? Some people find it helps to pay rent the day they're paid."
        assert codes_of(line, "I can't stick to a budget.") == (SEEK, CQ, PWP)

    def test_advice_that_leaves_the_choice_open_is_with_permission(self) -> None:
        line = "Some people look at a credit union loan instead, but you'd know better than me whether that fits."
        assert primary_of(line, "I'm thinking of taking out a payday loan.") is PWP

    def test_the_argument_behind_advice_is_part_of_the_persuasion(self) -> None:
        assert codes_of("You should join a bereavement group. It would get you out of the house.") == (PER,)

    def test_a_neutral_fact_about_a_service_is_information(self) -> None:
        assert codes_of("The respite service can give you up to 28 days a year of free cover.") == (GI,)

    def test_answering_the_clients_question_is_information(self) -> None:
        assert codes_of("Usually about an hour.", "How long will this take?") == (GI,)


class TestConfrontation:
    def test_a_rhetorical_question_that_challenges_is_a_confrontation_not_a_question(self) -> None:
        assert codes_of("Do you really think three DUIs means you don't have a problem?") == (CON,)

    def test_a_label_delivered_with_a_reflection_stem_is_a_confrontation(self) -> None:
        assert codes_of("Sounds like you're just drug seeking.") == (CON,)

    def test_a_confrontation_outranks_a_reflection_in_the_same_message(self) -> None:
        coded = code_utterance("You don't think it's a problem. Come on, be honest with me.",
                               "I don't have a drinking problem.")
        assert coded.primary is CON


class TestCollaborationAndAutonomy:
    def test_asking_permission_seeks_collaboration_and_counts_as_a_question(self) -> None:
        assert codes_of("Would it be all right if I shared how that compares with the guidelines?") == (SEEK, CQ)

    def test_inviting_the_client_to_set_the_agenda_seeks_collaboration(self) -> None:
        assert codes_of("What would you like to focus on today?") == (SEEK, OQ)

    @pytest.mark.parametrize("line", ["It's your decision.", "You get to decide when, and if, you're ready.",
                                      "Whether you take medication is entirely your choice."])
    def test_putting_the_choice_with_the_client_emphasises_autonomy(self, line: str) -> None:
        assert codes_of(line) == (EA,)


class TestWhatTheStudentReads:
    def test_a_greeting_has_no_code_and_says_so(self) -> None:
        coded = code_utterance("Hi, I'm Sam, a social work student.")
        assert (coded.codes, coded.primary) == ((), None)
        assert "Not coded" in coded.note

    def test_a_greeting_then_a_question_is_coded_as_the_question(self) -> None:
        assert codes_of("Hi, I'm Sam. What brings you in today?") == (OQ,)

    def test_a_reflection_then_a_question_carries_both_codes_in_order(self) -> None:
        coded = code_utterance("It sounds like you lost a community as well as a marriage. What was church like?",
                               "I've stopped going to church since the divorce.")
        assert coded.codes == (CR, OQ)
        assert coded.primary is CR
        assert "Also in this message: open question" in coded.note

    def test_every_quote_is_found_verbatim_in_the_message(self) -> None:
        message = "Hmm.  You've been  really persistent!\nHave you thought about asking someone to look at your CV?"
        coded = code_utterance(message, "I've been applying for jobs every day and nothing.")
        assert coded.quotes and all(quote in message for quote in coded.quotes.values())

    def test_the_note_on_a_confrontation_quotes_the_students_words(self) -> None:
        assert "making excuses" in code_utterance("You're making excuses for him.").note


class TestTranscript:
    def test_each_student_line_is_judged_against_the_client_line_before_it(self) -> None:
        turns = [Turn("student", "What brings you in?"),
                 Turn("client", "I'm scared. I got an eviction notice."),
                 Turn("student", "You're scared."),
                 Turn("client", "I have nowhere to go."),
                 Turn("student", "You're scared.")]
        assert [coded.primary for coded in code_transcript(turns)] == [OQ, SR, CR]
