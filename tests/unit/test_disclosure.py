"""Hidden facts: a client's reply gives one away when it says the same thing, in its own first-person words."""

from __future__ import annotations

from typing import ClassVar

import pytest

from backend.demo.data import DEMO_CLIENTS
from backend.interviewing.disclosure import DEFAULT_THRESHOLD, detect_disclosures, discloses, fact_coverage
from backend.llm.persona import hidden_facts_of

# (fact as the teacher wrote it, a reply a client might give)
PARAPHRASES = [
    ("She skips meals so Biscuit can eat.", "I skip meals so Biscuit can eat"),
    ("She skips meals so Biscuit can eat.", "I've been skipping some meals, but it's fine, Biscuit eats first."),
    ("She has been sleeping some nights at her ex-boyfriend's place, and he is controlling about money.",
     "Some nights I end up sleeping at my ex's. He's... really controlling about money."),
    ("She hid the first late notice from everyone, even her best friend.",
     "I hid the notice from everyone, even Tasha, my best friend."),
    ("He has not told Abena how little is left in savings after paying his son's tuition.",
     "I haven't told Abena how little is left. After the tuition there's almost nothing in savings."),
    ("He lies awake at 3 a.m. doing sums.", "Most nights I'm lying awake at three in the morning, doing sums."),
    ("He feels he has failed as the provider of the family.",
     "I feel like I've failed my family. A man is supposed to provide."),
    ("Karim grabbed her wrist and shoved her against the counter last week when dinner was late.",
     "Last week he grabbed my wrist and pushed me into the counter. Dinner was late, that's all."),
    ("Ray calls him lazy and said he will end up 'just like his father.'",
     "Ray says I'm lazy. He says I'll end up just like my dad."),
    ("His older daughter refused to get in the car with him last Christmas because he had been drinking.",
     "Last Christmas my older girl wouldn't get in the car with me. I'd had a few."),
    ("The first panic attack came on the anniversary of Tate's death.",
     "The first attack came on the anniversary. Of Tate dying."),
]
# Replies that touch a fact's subject without saying it.
NEAR_MISSES = [
    ("She skips meals so Biscuit can eat.", "Biscuit is a fussy eater, she won't eat anything but salmon."),
    ("She skips meals so Biscuit can eat.", "I skip breakfast sometimes, I'm just not hungry in the morning."),
    ("She has been sleeping some nights at her ex-boyfriend's place, and he is controlling about money.",
     "My ex-boyfriend was always weird about money."),
    ("She hid the first late notice from everyone, even her best friend.",
     "My best friend says I should get a lawyer."),
    ("He has not told Abena how little is left in savings after paying his son's tuition.",
     "I told Abena everything about the savings and the tuition."),
    ("He lies awake at 3 a.m. doing sums.", "I sleep fine, mostly. I wake at 6."),
    ("He feels he has failed as the provider of the family.", "My family has been very supportive."),
    ("Karim grabbed her wrist and shoved her against the counter last week when dinner was late.",
     "Karim gets angry when dinner is late. That's normal, no?"),
    ("He is saving money for a bus ticket to Mexico to see his dad.", "My dad lives in Mexico."),
]


class TestOneReply:
    @pytest.mark.parametrize(("fact", "reply"), PARAPHRASES)
    def test_a_first_person_paraphrase_discloses_the_fact(self, fact: str, reply: str) -> None:
        assert discloses(fact, reply)

    @pytest.mark.parametrize(("fact", "reply"), NEAR_MISSES)
    def test_touching_the_subject_without_saying_it_does_not_disclose(self, fact: str, reply: str) -> None:
        assert not discloses(fact, reply)

    def test_saying_the_opposite_does_not_disclose(self) -> None:
        fact = "He has not told Abena how little is left in savings."
        assert not discloses(fact, "I told Abena how little is left in savings.")

    def test_denying_the_fact_does_not_disclose_it(self) -> None:
        assert not discloses("She skips meals so Biscuit can eat.", "I don't skip meals, Biscuit can eat her own food.")

    def test_a_negation_elsewhere_in_the_reply_does_not_hide_a_disclosure(self) -> None:
        assert discloses("She skips meals so Biscuit can eat.", "I skip meals so Biscuit can eat. Don't judge me.")

    def test_the_threshold_is_tunable(self) -> None:
        fact, reply = "She skips meals so Biscuit can eat.", "Biscuit eats before I do, every day."
        assert fact_coverage(fact, reply) == 0.5
        assert not discloses(fact, reply)
        assert discloses(fact, reply, threshold=0.5)

    def test_one_shared_word_is_never_enough(self) -> None:
        assert not discloses("Biscuit eats.", "Biscuit is a cat.", threshold=0.1)


class TestAConversation:
    FACTS: ClassVar[list[dict[str, str]]] = [
        {"fact": "She skips meals so Biscuit can eat.", "unlock": "a warm question about managing"},
        {"fact": "She hid the first late notice from everyone, even her best friend.", "unlock": "a reflection"},
        {"fact": "She has been sleeping some nights at her ex-boyfriend's place.", "unlock": "trust"},
    ]
    REPLIES: ClassVar[list[str]] = [
        "Hi. I got this notice on my door.",
        "Honestly I'm fine. Biscuit's fine. She eats better than I do.",
        "I didn't tell anyone about the first late notice. Not even my best friend.",
        "Sometimes I skip meals so Biscuit can eat. Don't tell anyone.",
    ]

    def test_each_fact_reports_the_first_reply_that_disclosed_it(self) -> None:
        results = detect_disclosures(self.FACTS, self.REPLIES)
        assert [(r.disclosed, r.reply_index) for r in results] == [(True, 3), (True, 2), (False, None)]

    def test_results_keep_the_fact_its_unlock_and_how_close_the_client_came(self) -> None:
        meals = detect_disclosures(self.FACTS, self.REPLIES)[0]
        assert (meals.fact, meals.unlock, meals.coverage) == (self.FACTS[0]["fact"], self.FACTS[0]["unlock"], 1.0)

    def test_no_replies_discloses_nothing(self) -> None:
        assert all(not r.disclosed and r.coverage == 0.0 for r in detect_disclosures(self.FACTS, []))

    def test_the_default_threshold_sits_between_near_misses_and_paraphrases(self) -> None:
        worst_paraphrase = min(fact_coverage(fact, reply) for fact, reply in PARAPHRASES)
        best_near_miss = max(fact_coverage(fact, reply) for fact, reply in NEAR_MISSES)
        assert best_near_miss < DEFAULT_THRESHOLD <= worst_paraphrase


class TestDemoPersonas:
    @pytest.mark.parametrize("persona", DEMO_CLIENTS, ids=[p["name"] for p in DEMO_CLIENTS])
    def test_every_demo_hidden_fact_is_detected_when_said_word_for_word(self, persona: dict[str, object]) -> None:
        facts = hidden_facts_of(persona)
        results = detect_disclosures(facts, ["Hello.", *(item["fact"] for item in facts)])
        assert [r.reply_index for r in results] == list(range(1, len(facts) + 1))
