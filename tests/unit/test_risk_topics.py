"""Risk keyed by topic: everyday and clinical ways of asking, permission to ask, and what each question releases."""

from __future__ import annotations

from typing import ClassVar

import pytest

from backend.interviewing.hidden import Offer, step
from backend.interviewing.risk import (
    RiskTopic,
    asks_permission_for_safety,
    denies_risk,
    risk_items,
    risk_topics_asked,
)
from backend.interviewing.trust import DisclosureState
from backend.interviewing.words import sentences

# How students really ask, skilled and clumsy, blunt and gentle (keep adding to this corpus).
PHRASINGS: dict[RiskTopic, list[str]] = {
    RiskTopic.suicidal_thoughts: [
        "Some nights, do you find yourself wishing you would not wake up?",
        "Have you had thoughts of ending it?",
        "Are you thinking about killing yourself?",
        "Have you ever thought about suicide?",
        "Do you ever think about hurting yourself?",
        "When it gets that dark, do you ever wish you were dead?",
        "Have you been having any thoughts of not wanting to be here anymore?",
        "Do you sometimes feel like life isn't worth living?",
        "I'm wondering if you've had any thoughts of taking your own life.",
        "Have you done anything to harm yourself, like cutting?",
        "do u ever think everyone would be better off without you",
        "Do you ever go to sleep hoping you won't wake up?",
    ],
    RiskTopic.plan_intent: [
        "Have you thought about how you would do it?",
        "Have you made any plan?",
        "Have you thought about doing anything to make that happen, or made any plan?",
        "Do you think you would act on those thoughts?",
        "Have you set a date or written a note?",
    ],
    RiskTopic.means: [
        "Is there a gun in the house?",
        "Do you have pills saved up at home?",
        "Do you have access to any weapons?",
        "Could you lock the rifle up somewhere else for a while?",
    ],
    RiskTopic.violence_from_others: [
        "Are you safe at home?",
        "Has he ever hit you?",
        "Has your partner ever put his hands around your neck?",
        "Are you afraid of him?",
        "Do you feel safe going home tonight?",
    ],
    RiskTopic.childrens_safety: [
        "Is anyone hurting the kids?",
        "Are the children safe when he drinks?",
    ],
}


class TestHowStudentsAskAboutRisk:
    @pytest.mark.parametrize(("topic", "line"), [(topic, line) for topic, lines in PHRASINGS.items()
                                                 for line in lines])
    def test_every_phrasing_is_recognised_as_its_topic(self, topic: RiskTopic, line: str) -> None:
        assert topic in risk_topics_asked(line)

    @pytest.mark.parametrize("line", [
        "Would it be okay if I asked you some questions about your safety?",
        "Can I ask you something about suicide? It's a question I ask everyone.",
        "Is it alright with you if we talk about some hard stuff, like safety at home?",
    ])
    def test_asking_permission_to_talk_about_safety_is_not_the_safety_question(self, line: str) -> None:
        assert risk_topics_asked(line) == ()
        assert asks_permission_for_safety(line)

    @pytest.mark.parametrize("line", [
        "Everything you say stays here unless I'm worried about your safety.",
        "I want you to know suicide hotlines are open all night.",
        "It sounds like you've been feeling pretty hopeless.",
    ])
    def test_mentioning_safety_is_not_asking(self, line: str) -> None:
        assert risk_topics_asked(line) == ()


NOTES = ("Passive SI: sometimes wishes she would not wake up. No plan, no intent. Keeps her late husband's "
         "rifle in the garage. Her son has hit her twice.")


class TestWhatAQuestionReleases:
    def test_the_notes_are_tagged_by_topic(self) -> None:
        items = risk_items(tuple(sentences(NOTES)))
        assert RiskTopic.suicidal_thoughts in items[0].topics
        assert items[1].denies
        assert RiskTopic.means in items[2].topics
        assert RiskTopic.violence_from_others in items[3].topics

    @pytest.mark.parametrize(("question", "expected"), [
        ("Have you had thoughts of not waking up?", "wishes she would not wake up"),
        ("Is there a gun in the house?", "rifle"),
        ("Has anyone at home hit you?", "son has hit her"),
    ])
    def test_a_risk_question_releases_the_item_it_asked_about_and_no_other(self, question: str,
                                                                           expected: str) -> None:
        taken = step(DisclosureState(score=7.5, turns=4), text=question, client_line="I'm so tired.", difficulty=2,
                     facts=[], risk=sentences(NOTES))
        assert taken.risk is not None and taken.risk.offer is Offer.tell
        assert expected in taken.risk.text

    def test_a_plan_question_gets_the_plain_denial_the_notes_record(self) -> None:
        taken = step(DisclosureState(score=7.5, turns=4), text="Have you made a plan?", client_line="I'm tired.",
                     difficulty=2, facts=[], risk=sentences(NOTES))
        assert taken.risk is not None and taken.risk.offer is Offer.deny

    def test_a_guarded_client_brushes_off_first(self) -> None:
        taken = step(DisclosureState(score=0.0, turns=1), text="Are you thinking about suicide?", client_line=None,
                     difficulty=4, facts=[], risk=sentences(NOTES))
        assert taken.risk is not None and taken.risk.offer is Offer.brush_off

    def test_permission_to_ask_releases_nothing(self) -> None:
        taken = step(DisclosureState(score=7.5, turns=4), text="Would it be okay if I asked about your safety?",
                     client_line="Fine.", difficulty=2, facts=[], risk=sentences(NOTES))
        assert taken.risk is None


class TestPacingAtHighDifficulty:
    FACTS: ClassVar[list[dict[str, str]]] = [
        {"fact": "She sleeps in the car some nights.", "unlock": "several complex reflections about her home"},
        {"fact": "Her brother took her savings.", "unlock": "a reflection of her anger"}]

    def test_a_fact_waits_for_the_moves_its_unlock_names(self) -> None:
        state = DisclosureState(score=8.0, turns=5, open_turns=3, made={"open_question": 4})
        taken = step(state, text="Where do you sleep these days?", client_line="Here and there.", difficulty=4,
                     facts=self.FACTS, risk=[])
        assert taken.fact is None  # open questions, but the unlock asks for reflections

    def test_at_most_one_fact_every_three_turns(self) -> None:
        state = DisclosureState(score=8.0, turns=5, open_turns=3, offered_at=5,
                                made={"complex_reflection": 3, "simple_reflection": 2})
        taken = step(state, text="It sounds like home doesn't feel like home anymore, like you're always on edge.",
                     client_line="I don't really have a home.", difficulty=4, facts=self.FACTS, risk=[])
        assert taken.fact is None
        later = step(DisclosureState(score=8.0, turns=7, open_turns=3, offered_at=4,
                                     made={"complex_reflection": 3}),
                     text="It sounds like home doesn't feel like home anymore, like you're always on edge.",
                     client_line="I don't really have a home.", difficulty=4, facts=self.FACTS, risk=[])
        assert later.fact is not None

    def test_trust_grows_by_the_best_move_not_the_sum(self) -> None:
        stacked = ("That took courage. It sounds like you're carrying a lot, and it's your call what we talk about. "
                   "What feels most important?")
        one = step(DisclosureState(score=2.0, turns=2), text="It sounds like you're carrying a lot on your own.",
                   client_line="I just do everything myself.", difficulty=4, facts=[], risk=[])
        many = step(DisclosureState(score=2.0, turns=2), text=stacked, client_line="I just do everything myself.",
                    difficulty=4, facts=[], risk=[])
        assert many.state.score - 2.0 <= (one.state.score - 2.0) + 1e-9


@pytest.mark.parametrize(("sentence", "denial"), [
    ("Denies SI.", True), ("No suicidal ideation at intake.", True), ("No plan or intent.", True),
    ("Never attempted.", True), ("I never told anyone I have been saving up pills.", False),
    ("He never hits me where it shows.", False), ("Has thought about overdosing on her mother's pills.", False),
])
def test_one_reading_of_a_risk_note_that_denies_the_risk(sentence: str, denial: bool) -> None:
    """The offline client, the persona checks and the disclosure rules read a denial the same way; a bare "never"
    inside a disclosure is not one."""
    assert denies_risk(sentence) is denial
    assert risk_items((sentence,))[0].denies is denial
