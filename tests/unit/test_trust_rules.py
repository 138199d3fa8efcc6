"""The disclosure state: trust moves with the student's moves, scaled by difficulty, and lets hidden material
out a piece at a time, hinted before told, with no model call."""

from __future__ import annotations

from typing import Any

import pytest

from backend.demo.data import DEMO_CLIENTS
from backend.interviewing.hidden import Offer, TurnStep, after_reply, replay, risk_sentences, step
from backend.interviewing.trust import DisclosureState, Trust, initial_state
from backend.schemas.client import PersonaFields
from backend.services.prompting import disclosure

REFLECTION = "It sounds like you've been carrying all of this on your own, and it's wearing you down."
OPEN_QUESTION = "What has that been like for you?"
CONFRONTATION = "That's just an excuse. You need to take responsibility."
CLOSED = "Do you work?"
FACTS = [
    {"fact": "She skips meals so Biscuit can eat.", "unlock": "a warm question about how she is managing day to day"},
    {"fact": "She hid the first late notice from everyone.", "unlock": "a reflection of her shame"},
]
RISK = risk_sentences("Karim once squeezed her throat during an argument. He keeps a handgun in the closet.")


def persona(first_name: str) -> dict[str, Any]:
    client = next(c for c in DEMO_CLIENTS if c["name"].startswith(first_name))
    return PersonaFields.model_validate(client).model_dump()


def play(lines: list[str], *, difficulty: int = 3, start: DisclosureState | None = None,
         replies: list[str] | None = None, risk: list[str] | None = None) -> list[TurnStep]:
    """Each student line in turn, each answered with a neutral reply unless replies are given."""
    state = start or initial_state(difficulty)
    steps, client_line = [], None
    for i, line in enumerate(lines):
        taken = step(state, text=line, client_line=client_line, difficulty=difficulty, facts=FACTS,
                     risk=RISK if risk is None else risk)
        steps.append(taken)
        client_line = (replies or [])[i] if replies and i < len(replies) else "I don't know. It's a lot."
        state, _ = after_reply(taken, client_line, FACTS, RISK)
    return steps


class TestTrust:
    @pytest.mark.parametrize(("difficulty", "level"), [(1, Trust.warming), (2, Trust.warming),
                                                        (3, Trust.guarded), (5, Trust.guarded)])
    def test_difficulty_sets_where_trust_starts(self, difficulty: int, level: Trust) -> None:
        assert initial_state(difficulty).trust is level

    def test_reflections_and_open_questions_raise_it(self) -> None:
        steps = play([OPEN_QUESTION, REFLECTION, REFLECTION, REFLECTION])
        assert [s.direction for s in steps] == ["up"] * 4
        assert steps[-1].state.trust is Trust.open

    def test_a_confrontation_lowers_it(self) -> None:
        warm = DisclosureState(score=4.0)
        taken = play([CONFRONTATION], start=warm)[0]
        assert taken.direction == "down" and taken.state.trust is Trust.guarded

    def test_the_same_message_moves_an_easy_client_more_and_a_hard_one_less(self) -> None:
        gain = {d: play([REFLECTION], difficulty=d)[0] for d in (1, 5)}
        assert (gain[1].state.score - gain[1].before.score) > (gain[5].state.score - gain[5].before.score) > 0
        loss = {d: play([CONFRONTATION], difficulty=d, start=DisclosureState(score=5.0))[0] for d in (1, 5)}
        assert (loss[5].before.score - loss[5].state.score) > (loss[1].before.score - loss[1].state.score) > 0

    def test_a_run_of_closed_questions_starts_to_cost_at_the_third(self) -> None:
        steps = play([CLOSED, CLOSED, CLOSED, CLOSED])
        assert [s.direction for s in steps] == ["steady", "steady", "down", "down"]
        assert steps[-1].state.closed_run == 4

    def test_a_hard_client_needs_many_good_turns_before_it_opens(self) -> None:
        steps = play([REFLECTION] * 12, difficulty=5)
        first_open = next(i for i, s in enumerate(steps) if s.state.trust is Trust.open)
        assert first_open >= 7
        assert steps[2].state.trust is Trust.guarded

    def test_the_state_survives_the_session_row(self) -> None:
        state = play([OPEN_QUESTION, REFLECTION, CLOSED])[-1].state
        stored = state.as_json(facts_total=2)
        assert stored["trust"] == state.trust.value and stored["facts_total"] == 2
        assert DisclosureState.from_json(stored, 3) == state
        assert DisclosureState.from_json(None, 4) == initial_state(4)


class TestHiddenMaterial:
    def test_nothing_comes_out_on_the_first_message_however_it_asks(self) -> None:
        taken = play(["How are you managing day to day? What's the thing you've hidden?"], difficulty=1)[0]
        assert taken.fact is None

    def test_nothing_comes_out_while_guarded(self) -> None:
        steps = play([OPEN_QUESTION, "How are you managing day to day with meals?"], difficulty=5)
        assert steps[-1].state.trust is Trust.guarded and steps[-1].fact is None

    def test_warming_lets_out_a_hint_at_what_the_student_asked_about(self) -> None:
        steps = play([OPEN_QUESTION, "How are you managing day to day, with meals and all?"], difficulty=2)
        assert steps[-1].state.trust is Trust.warming
        assert steps[-1].fact is not None and steps[-1].fact.index == 0 and steps[-1].fact.offer is Offer.hint

    def test_open_trust_lets_the_client_tell_what_was_asked_about(self) -> None:
        taken = play([OPEN_QUESTION, "How are you managing day to day, with meals and all?"],
                     start=DisclosureState(score=7.0))[-1]
        assert taken.fact is not None and taken.fact.offer is Offer.tell and taken.fact.asked

    def test_one_piece_per_turn_and_each_only_once_disclosed(self) -> None:
        question = "How are you managing day to day? I imagine you feel ashamed about the late notice."
        replies = ["Fine.", "I skip meals so Biscuit can eat."]
        steps = play([OPEN_QUESTION, question, question], start=DisclosureState(score=7.0), replies=replies)
        offered = [s.fact.index for s in steps if s.fact]
        assert offered == [0, 1]  # the first was disclosed in the reply, so the next turn moves on

    def test_sustained_openness_volunteers_a_hint_before_telling(self) -> None:
        steps = play([REFLECTION] * 4, start=DisclosureState(score=8.0))
        offers = [(s.fact.index, s.fact.offer) for s in steps if s.fact]
        assert offers[0][1] is Offer.hint and (offers[0][0], Offer.tell) in offers[1:]

    def test_a_fact_whose_unlock_names_another_waits_for_it(self) -> None:
        facts = [{"fact": "Karim grabbed her wrist last week.", "unlock": "several accurate reflections"},
                 {"fact": "It has happened four times this year.",
                  "unlock": "once the wrist is talked about, a gentle question about whether it happened before"}]
        open_state = DisclosureState(score=7.0, turns=3)
        ask = "Tell me about the other times it has happened."
        before = step(open_state, text=ask, client_line=None, difficulty=4, facts=facts, risk=[])
        assert before.fact is None
        told = DisclosureState(score=7.0, turns=3, disclosed=frozenset({0}))
        after = step(told, text=ask, client_line=None, difficulty=4, facts=facts, risk=[])
        assert after.fact is not None and after.fact.index == 1 and after.fact.offer is Offer.tell


class TestSafety:
    ask = "Are you safe at home?"

    def test_a_guarded_client_brushes_a_safety_question_off(self) -> None:
        assert play([self.ask], difficulty=4)[0].risk.offer is Offer.brush_off

    def test_warming_admits_a_little_and_open_tells_one_sentence_at_a_time(self) -> None:
        warming = play([OPEN_QUESTION, self.ask], start=DisclosureState(score=3.5))[-1].risk
        assert warming.offer is Offer.hint and warming.text == RISK[0]
        replies = ["Fine.", "Karim once squeezed my throat during an argument."]
        steps = play([OPEN_QUESTION, self.ask, "Is there a gun in the house?"], start=DisclosureState(score=7.5),
                     replies=replies)
        assert [s.risk.text for s in steps[1:]] == RISK  # each question releases the risk it asked about

    def test_a_safety_question_never_releases_a_different_risk(self) -> None:
        steps = play([OPEN_QUESTION, self.ask, self.ask], start=DisclosureState(score=7.5),
                     replies=["Fine.", "Karim once squeezed my throat during an argument."])
        assert [s.risk.text for s in steps[1:]] == [RISK[0], RISK[0]]  # not the handgun: nobody asked about means

    def test_a_risk_the_client_does_not_carry_is_denied_plainly(self) -> None:
        offer = play([OPEN_QUESTION, self.ask], difficulty=1, risk=[])[-1].risk
        assert offer is not None and offer.offer is Offer.deny and offer.topic == "violence from others"


class TestServiceAndSimulatorAgree:
    @pytest.mark.parametrize("first_name", ["Jasmine", "Nadia", "Dale"])
    def test_replaying_a_conversation_gives_the_state_the_service_kept(self, first_name: str) -> None:
        snapshot = persona(first_name)
        lines = [OPEN_QUESTION, REFLECTION, "How are you managing day to day?", CLOSED, REFLECTION,
                 "Are you safe at home?", CONFRONTATION, REFLECTION]
        stored, history, client_line = None, [], None
        for line in lines:
            taken = disclosure.next_step(snapshot, stored, line, client_line)
            history.append(("user", line))
            reply = f"Reply to: {line}"
            stored, _ = disclosure.settle(snapshot, taken, reply)
            replayed = replay(history, difficulty=snapshot["difficulty"], facts=snapshot["hidden_facts"],
                              risk=risk_sentences(snapshot["risk_factors"]))
            assert replayed == taken
            history.append(("assistant", reply))
            client_line = reply

    def test_a_fallback_reply_moves_trust_but_discloses_nothing(self) -> None:
        snapshot = persona("Jasmine")
        taken = disclosure.next_step(snapshot, {"score": 7.0, "turns": 3}, "How do you manage meals?", "Okay.")
        fact = snapshot["hidden_facts"][1]["fact"]
        stored, line = disclosure.settle(snapshot, taken, fact, counts=False)
        assert stored["disclosed"] == [] and line["disclosed"] == []
        stored, line = disclosure.settle(snapshot, taken, fact)
        assert stored["disclosed"] == [1] and line["disclosed"] == [fact]
        assert line["trust"] == "open" and line["student_move"] == "open_question"
