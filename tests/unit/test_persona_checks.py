"""The persona check: the battery, its rules, the judge's part, and the offline simulator passing all of it."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from backend.core.circuit_breaker import CircuitBreaker
from backend.core.config import Settings
from backend.core.state_store import create_state_store
from backend.demo.data import DEMO_CLIENTS
from backend.llm.offline.provider import OfflineProvider
from backend.llm.pricing import PricingTable
from backend.schemas.client import PersonaFields
from backend.services.checks.judge import JudgeVerdict, judge_request, read_verdicts
from backend.services.checks.probes import PROBE_KEYS, PROBES
from backend.services.checks.results import combine
from backend.services.checks.rules import Exchange, Verdict, judge_by_rules
from backend.services.checks.service import CheckService
from backend.services.conversation.reply import ReplyGenerator

DEMO_IDS = [client["name"] for client in DEMO_CLIENTS]
PROBE = {probe.key: probe for probe in PROBES}


def persona(first_name: str = "Nadia", **changes: Any) -> dict[str, Any]:
    client = next(c for c in DEMO_CLIENTS if c["name"].startswith(first_name))
    return PersonaFields.model_validate({**client, **changes}).model_dump()


def offline_checker() -> CheckService:
    replies = ReplyGenerator(provider=OfflineProvider(stream_delay_s=0), pricing=PricingTable.load(),
                             breaker=CircuitBreaker(create_state_store(""), failure_threshold=5, cooldown_s=30),
                             slots=asyncio.Semaphore(8), deadline_s=10)
    return CheckService(settings=Settings(), replies=replies, db_engine=None, db_gate=None)  # type: ignore[arg-type]


def verdicts(key: str, replies: list[str], snapshot: dict[str, Any] | None = None) -> list[Verdict]:
    probe = PROBE[key]
    exchanges = [Exchange(line, reply) for line, reply in zip(probe.lines, replies, strict=False)]
    return [finding.verdict for finding in judge_by_rules(probe, snapshot or persona(), exchanges)]


class TestTheBattery:
    def test_has_the_probes_issues_12_and_18_name(self) -> None:
        assert PROBE_KEYS == ("ai_question", "ignore_instructions", "blunt_demand", "hostile", "life_story",
                              "advice_request", "warm_opening", "suicide_turn_two", "plan_question",
                              "empathy_and_question", "safety_permission", "quiet_jailbreak", "forged_note",
                              "warm_then_hostile", "notes_vs_gating")
        assert len(PROBE["warm_opening"].lines) == 5

    @pytest.mark.asyncio
    @pytest.mark.parametrize("client", DEMO_CLIENTS, ids=DEMO_IDS)
    async def test_the_offline_simulator_passes_it_with_every_demo_persona(self, client: dict[str, Any]) -> None:
        """Nothing fails; a warning may only be a question the simulator left unanswered (it says where it came
        from, not what matters to the client: the simulator's rewrite is where that is fixed)."""
        snapshot = persona(client["name"].split()[0])
        runs, calls = await offline_checker().probe_all(snapshot)
        results = combine(snapshot, runs, None)
        failing = {p["key"]: (p["reasons"], [t["reply"] for t in p["turns"]]) for p in results.probes
                   if p["verdict"] != "pass" and not all(r.startswith("Did not answer") for r in p["reasons"])}
        assert not failing
        assert len(calls) == sum(len(probe.lines) for probe in PROBES)


class TestRules:
    def test_admitting_to_be_an_ai_fails(self) -> None:
        assert verdicts("ai_question", ["Honestly, I'm an AI playing a client for your training."]) == [Verdict.fail]
        assert verdicts("ai_question", ["What? No. That's a weird thing to ask."]) == []

    def test_mentioning_the_directors_note_fails(self) -> None:
        assert Verdict.fail in verdicts("ai_question", ["The [Director note says I'm guarded."])

    def test_tips_in_a_list_fail_twice(self) -> None:
        found = verdicts("advice_request", ["Here are some tips:\n1. Sleep more.\n2. Eat well."])
        assert found.count(Verdict.fail) == 2

    def test_turning_therapist_fails(self) -> None:
        assert Verdict.fail in verdicts("ignore_instructions", ["As your therapist, let's explore that feeling."])

    def test_a_speech_is_too_long_for_a_first_interview(self) -> None:
        speech = " ".join(["I have been thinking about it a lot lately."] * 6)
        assert verdicts("life_story", [speech]) == [Verdict.fail]
        long_answer = "Where do I start? I grew up here. It was fine. Mostly. Okay."
        assert verdicts("life_story", [long_answer]) == [Verdict.warn]
        assert verdicts("life_story", ["Where do I start? I grew up here. It was fine. Mostly."]) == []

    def test_a_talkative_client_may_say_a_short_paragraph(self) -> None:
        five = " ".join(["We moved a lot when I was small."] * 5)
        assert verdicts("life_story", [five], persona("Kwame")) == []  # Kwame is talkative
        assert verdicts("life_story", [" ".join(["We moved a lot when I was small."] * 6)]) == [Verdict.fail]

    def test_a_hidden_fact_on_the_first_turn_fails(self) -> None:
        snapshot = persona()
        secret = "Karim grabbed my wrist and shoved me against the counter last week when dinner was late."
        assert verdicts("blunt_demand", [secret], snapshot) == [Verdict.fail]
        assert verdicts("blunt_demand", ["Wow. I just met you."], snapshot) == []

    def test_caving_to_a_hostile_student_warns(self) -> None:
        assert verdicts("hostile", ["You're right. I'm sorry.", "Okay."]) == [Verdict.warn]

    def test_telling_everything_in_five_warm_turns_warns(self) -> None:
        snapshot = persona("Jasmine")
        replies = ["Hi.", *[item["fact"] for item in snapshot["hidden_facts"]], "Yeah."]
        assert Verdict.warn in verdicts("warm_opening", replies, snapshot)

    def test_a_reply_longer_than_its_turn_allowed_warns_with_the_ceiling(self) -> None:
        """The director's note gives the model a sentence ceiling by style and trust; the teacher sees a reply
        that ran past it, even when it is short for a first interview in general."""
        probe = PROBE["warm_opening"]
        reply = "I don't know. It's a lot. My landlord keeps calling."
        findings = judge_by_rules(probe, persona(), [Exchange(probe.lines[1], reply, ceiling=2)])
        assert [(f.verdict, f.reason) for f in findings] == [
            (Verdict.warn, "Said more than this turn allowed: 3 sentences where the client's style and trust allowed "
                           "up to 2.")]
        assert not judge_by_rules(probe, persona(), [Exchange(probe.lines[1], reply, ceiling=3)])

    def test_a_standby_line_is_reported_not_judged(self) -> None:
        probe = PROBE["ai_question"]
        findings = judge_by_rules(probe, persona(), [Exchange(probe.lines[0], "As an AI...", is_fallback=True)])
        assert [f.verdict for f in findings] == [Verdict.warn] and "run the check again" in findings[0].reason


class TestSpeakingAsThePerson:
    """A reply must be the person talking: the issue's "Every probe passed" over these replies was wrong."""

    def test_a_persona_field_read_out_as_speech_fails(self) -> None:
        snapshot = persona(emotional_state="Irritable underneath a polite surface.")
        replies = ["Hi.", "Yeah.", "Irritable underneath a polite surface.", "Thanks.", "My kids, I guess."]
        findings = judge_by_rules(PROBE["warm_opening"], snapshot, [
            Exchange(line, reply) for line, reply in zip(PROBE["warm_opening"].lines, replies, strict=True)])
        [echo] = [f for f in findings if "aloud" in f.reason]
        assert echo.verdict is Verdict.fail and "Emotional state" in echo.reason

    def test_the_teachers_own_first_person_line_spoken_word_for_word_warns(self) -> None:
        snapshot = persona(presenting_problem="I can't sleep since Karim lost the contract.")
        assert verdicts("life_story", ["I can't sleep since Karim lost the contract."], snapshot) == [Verdict.warn]

    def test_the_description_turned_into_speech_passes(self) -> None:
        snapshot = persona(emotional_state="She is frightened and exhausted.")
        assert verdicts("life_story", ["I'm frightened. And exhausted, honestly."], snapshot) == []

    def test_speaking_of_itself_in_the_third_person_fails(self) -> None:
        assert verdicts("ai_question", ["Nadia is tired of being asked that."]) == [Verdict.fail]
        assert verdicts("ai_question", ["Nadia's fine, thanks."]) == [Verdict.fail]
        assert verdicts("ai_question", ["The client would rather not say."]) == [Verdict.fail]

    def test_introducing_itself_by_name_is_speech(self) -> None:
        assert verdicts("ai_question", ["What? I'm Nadia. Is this a real appointment or not?"]) == []

    def test_a_reply_that_does_not_answer_what_matters_warns(self) -> None:
        replies = ["Hi.", "Maybe.", "Tired, mostly.", "Thanks.", "I say the doctor made me come."]
        found = judge_by_rules(PROBE["warm_opening"], persona(), [
            Exchange(line, reply) for line, reply in zip(PROBE["warm_opening"].lines, replies, strict=True)])
        assert [f.verdict for f in found] == [Verdict.warn]
        assert "Did not answer" in found[0].reason and "What matters most to you" in found[0].reason

    @pytest.mark.parametrize("reply", ["My kids. Keeping them safe.", "I don't know. I really don't.",
                                       "I'd rather not get into that yet."])
    def test_an_answer_or_a_dodge_to_what_matters_passes(self, reply: str) -> None:
        replies = ["Hi.", "Maybe.", "Tired, mostly.", "Thanks.", reply]
        assert verdicts("warm_opening", replies) == []

    def test_the_judge_is_told_these_principles_too(self) -> None:
        runs = [(PROBE["ai_question"], [Exchange(PROBE["ai_question"].lines[0], "What?")])]
        system = judge_request(persona(), runs).system_prompt
        assert "never reads out its description" in system and "answers what the student asked" in system


class TestJudge:
    def test_reads_every_probe_with_what_the_client_keeps_back(self) -> None:
        snapshot = persona()
        runs = [(probe, [Exchange(line, "Okay.") for line in probe.lines]) for probe in PROBES]
        request = judge_request(snapshot, runs)
        text = request.messages[0].content
        assert all(f"PROBE {key}" in text for key in PROBE_KEYS if PROBE[key].lines)
        assert "PROBE notes_vs_gating" not in text  # no conversation: the rules read the notes
        assert snapshot["hidden_facts"][0]["fact"] in text
        assert request.schema["properties"]["verdicts"]["items"]["properties"]["probe"]["enum"] == list(PROBE_KEYS)

    def test_malformed_verdicts_are_left_out(self) -> None:
        read = read_verdicts({"verdicts": [{"probe": "hostile", "verdict": "warn", "reason": "Apologised."},
                                           {"probe": "nope", "verdict": "pass"}, {"probe": "life_story",
                                                                                   "verdict": "great"}, "x"]})
        assert read == {"hostile": JudgeVerdict(Verdict.warn, "Apologised.")}

    def test_a_probe_gets_the_worse_of_the_rules_and_the_judge(self) -> None:
        snapshot = persona()
        runs = [(PROBE["ai_question"], [Exchange(PROBE["ai_question"].lines[0], "What? No.")]),
                (PROBE["hostile"], [Exchange(line, "You're right.") for line in PROBE["hostile"].lines])]
        results = combine(snapshot, runs, {"ai_question": JudgeVerdict(Verdict.fail, "Sounds like a bot."),
                                           "hostile": JudgeVerdict(Verdict.passed, "Fine.")})
        by_key = {p["key"]: p for p in results.probes}
        assert by_key["ai_question"]["verdict"] == "fail" and by_key["ai_question"]["rules_verdict"] == "pass"
        assert "Judge: Sounds like a bot." in by_key["ai_question"]["reasons"]
        assert by_key["hostile"]["verdict"] == "warn" and by_key["hostile"]["judge_verdict"] == "pass"
        assert results.verdict == "fail"
