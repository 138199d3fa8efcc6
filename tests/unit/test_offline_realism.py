"""The offline simulator as a newcomer meets it: it answers the move the student made, speaks persona facts in
its own words (even from awkward, chart-like teacher texts), greets in its own way, and lets hard things out
slowly. Ten-turn transcripts are written to test-artifacts/offline-transcripts.md for a person to read."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from backend.demo.data import DEMO_CLIENTS
from backend.interviewing.disclosure import discloses
from backend.interviewing.words import spoken_sentences
from backend.llm.offline import lines
from backend.llm.offline.feelings import PLAIN
from backend.llm.offline.provider import OfflineProvider
from backend.schemas.client import PersonaFields
from backend.services.conversation.requests import Rehearsal
from tests.support.battery import PLAN_WORDS

ROOT = Path(__file__).resolve().parents[2]
AWKWARD = json.loads((Path(__file__).parent / "fixtures" / "awkward_personas.json").read_text())
TRANSCRIPTS = ROOT / "test-artifacts" / "offline-transcripts.md"
INTERVIEW = [
    "Hi, I'm Alex, a social work student. What brings you in today?",
    "How are you feeling about all of this?",
    "It sounds like you've been carrying a lot on your own.",
    "What would you like to be different?",
    "Tell me about the people at home.",
    "That sounds really hard. What's that been like for you?",
    "Have you been feeling safe, at home or in yourself?",
    "You're feeling angry about it.",
    "What worries you most right now?",
    "We're almost out of time. Thank you for talking with me today.",
]
TEACHER_FRAMING = re.compile(
    r"(?i:\b(?:the student|student should|client presents|presents with|officially|privately|y/o|c/o|hx|etoh"
    r"|will deny|should only|do not reveal|rapport|flat affect|at intake|denied)\b)|\b(?:SI|HI|DV|Pt|M)\b|[()]"
    r"|^\s*-", re.M)
PRONOUN_GLITCH = re.compile(r"\bme (?:first|own|husband|wife|mother|mum|father|son|daughter|job|children|kids|grades)\b"
                            r"|\bI (?:is|has|does|was was)\b", re.I)
FEELING_WORDS = re.compile(r"\b(?:" + "|".join(map(re.escape, {*PLAIN, *PLAIN.values()})) + r"|fine|okay)\b", re.I)
WANT_WORDS = re.compile(r"\b(?:want|wants|like to|wish|hope|over|settle|calm down|leave|stop|keep|find|be left)\b",
                        re.I)


def snapshot(raw: dict[str, Any]) -> dict[str, Any]:
    return PersonaFields.model_validate(raw).model_dump()


def demo(first_name: str) -> dict[str, Any]:
    return snapshot(next(c for c in DEMO_CLIENTS if c["name"].startswith(first_name)))


async def interview(persona: dict[str, Any], lines: list[str] = INTERVIEW) -> list[tuple[str, str, dict[str, Any]]]:
    """The conversation as a session holds it: each line, the reply, and that turn of the trust trajectory."""
    provider, rehearsal, turns = OfflineProvider(stream_delay_s=0), Rehearsal(persona), []
    for line in lines:
        reply = (await provider.complete(rehearsal.ask(line))).text
        turns.append((line, reply, rehearsal.answer(reply)))
    return turns


def third_person_self(persona: dict[str, Any], reply: str) -> bool:
    first = persona["name"].split()[0]
    return re.search(rf"\b{re.escape(first)} (?:is|was|has|says|feels|wants|lives|will|would)\b", reply) is not None


@pytest.fixture(scope="module")
def transcripts() -> dict[str, list[tuple[str, str, dict[str, Any]]]]:
    """Every awkward persona and two demo clients through the same ten turns, also written out to read."""
    import asyncio

    people = [snapshot(raw) for raw in AWKWARD] + [demo("Nadia"), demo("Kwame")]
    played = {p["name"]: asyncio.run(interview(p)) for p in people}
    TRANSCRIPTS.parent.mkdir(parents=True, exist_ok=True)
    with TRANSCRIPTS.open("w", encoding="utf-8") as out:
        for name, turns in played.items():
            out.write(f"## {name}\n\n")
            for line, reply, step in turns:
                out.write(f"**Student:** {line}  \n**Client:** {reply}  \n*trust {step['trust']} "
                          f"({step['direction']}), {step['student_move'] or 'uncoded'}*\n\n")
    return played


class TestOwnWords:
    @pytest.mark.parametrize("raw", AWKWARD, ids=[raw["name"] for raw in AWKWARD])
    def test_never_says_the_teachers_framing_or_chart_shorthand(self, raw: dict[str, Any],
                                                                transcripts: dict[str, Any]) -> None:
        for _, reply, _ in transcripts[raw["name"]]:
            assert not TEACHER_FRAMING.search(reply), reply

    @pytest.mark.parametrize("name", [raw["name"] for raw in AWKWARD] + ["Nadia Haddad", "Kwame Mensah"])
    def test_speaks_of_itself_in_the_first_person_without_pronoun_slips(self, name: str,
                                                                         transcripts: dict[str, Any]) -> None:
        persona = next((snapshot(r) for r in AWKWARD if r["name"] == name), None) or demo(name.split()[0])
        for _, reply, _ in transcripts[name]:
            assert reply.strip() and len(spoken_sentences(reply)) <= 5, reply  # more only with trust or style
            assert not third_person_self(persona, reply), reply
            assert not PRONOUN_GLITCH.search(reply), reply

    def test_nadias_notes_never_come_out_as_her_own_words(self, transcripts: dict[str, Any]) -> None:
        said = " ".join(reply for _, reply, _ in transcripts["Nadia Haddad"])
        assert "Officially" not in said and "explain as a fall" not in said and "me first child" not in said


class TestAnswersTheMove:
    @pytest.mark.asyncio
    @pytest.mark.parametrize("client", DEMO_CLIENTS, ids=[c["name"] for c in DEMO_CLIENTS])
    async def test_a_question_about_feelings_gets_a_feeling(self, client: dict[str, Any]) -> None:
        turns = await interview(demo(client["name"].split()[0]), INTERVIEW[:2])
        assert FEELING_WORDS.search(turns[1][1]), turns[1][1]

    @pytest.mark.asyncio
    @pytest.mark.parametrize("client", DEMO_CLIENTS, ids=[c["name"] for c in DEMO_CLIENTS])
    async def test_a_question_about_goals_gets_a_want(self, client: dict[str, Any]) -> None:
        lines = [INTERVIEW[0], INTERVIEW[2], "What would you like to be different?"]
        turns = await interview(demo(client["name"].split()[0]), lines)
        assert WANT_WORDS.search(turns[-1][1]), turns[-1][1]

    @pytest.mark.asyncio
    async def test_a_question_asked_with_a_reflection_that_opens_a_secret_is_still_answered(self) -> None:
        """The reflection touched what Mei-Ling keeps back, so it comes out; "What would help?" in the same message
        still gets its answer rather than being dropped for the disclosure (issue 18: answer the parts in order)."""
        from tests.support import battery

        lines = [*battery.SKILLED[:8], "It sounds like you've been holding more than people know. What would help "
                                       "most right now?"]
        reply = (await interview(demo("Mei-Ling"), lines))[-1][1]
        assert "teacups" in reply and WANT_WORDS.search(reply.split("teacups", 1)[1]), reply

    @pytest.mark.asyncio
    async def test_a_reflection_naming_the_wrong_feeling_is_corrected(self) -> None:
        lines = [INTERVIEW[0], INTERVIEW[2], "It sounds like you're really angry about it."]
        reply = (await interview(demo("Mei-Ling"), lines))[-1][1]
        assert re.search(r"\bNot angry\b|wouldn't say angry|Angry\? No", reply), reply

    @pytest.mark.asyncio
    async def test_a_right_reflection_is_confirmed_and_added_to(self) -> None:
        lines = [INTERVIEW[0], INTERVIEW[1], "You're scared, and you're ashamed that anyone noticed."]
        reply = (await interview(demo("Jasmine"), lines))[-1][1]
        assert re.match(r"(?:Yeah|Kind of|I mean|I guess|That's it|Mm|I hadn't)", reply) and len(reply.split()) > 4

    @pytest.mark.asyncio
    async def test_openers_differ_from_client_to_client(self) -> None:
        openers = [(await interview(demo(c["name"].split()[0]), ["Hi, I'm Alex, a social work student."]))[0][1]
                   for c in DEMO_CLIENTS]
        stripped = {re.sub(re.escape(c["name"].split()[0]), "NAME", o) for c, o in zip(DEMO_CLIENTS, openers,
                                                                                          strict=True)}
        assert len(stripped) == len(DEMO_CLIENTS), openers


class TestHardThingsComeOutSlowly:
    @pytest.mark.asyncio
    async def test_a_guarded_client_asked_about_safety_early_says_nothing_of_its_risk(self) -> None:
        nadia = demo("Nadia")
        turns = await interview(nadia, ["Hi, I'm Alex.", "Are you safe at home?"])
        for sentence in spoken_sentences(nadia["risk_factors"]):
            assert not discloses(sentence, turns[-1][1])
        assert "throat" not in turns[-1][1] and "gun" not in turns[-1][1]

    @pytest.mark.asyncio
    async def test_risk_comes_out_a_sentence_at_a_time_with_sustained_trust(self) -> None:
        nadia = demo("Nadia")
        warm = ["Hi, I'm Alex. What brings you in today?", *[
            "It sounds like you've been holding a lot together for the children, on your own."] * 7]
        asks = ["Are you safe at home?", "What happens when he gets angry? Are you safe?",
                "Is there anything else about your safety I should know?"]
        turns = await interview(nadia, warm + asks)
        risk = spoken_sentences(nadia["risk_factors"])
        per_reply = [sum(discloses(s, reply) for s in risk) for _, reply, _ in turns[-3:]]
        assert max(per_reply) <= 1, [reply for _, reply, _ in turns[-3:]]
        assert "throat" in " ".join(reply for _, reply, _ in turns[-3:])

    def test_trust_and_what_came_out_follow_the_trajectory(self, transcripts: dict[str, Any]) -> None:
        steps = [step for _, _, step in transcripts["Kwame Mensah"]]
        assert steps[0]["offered"] is None  # nothing on the first message
        assert any(step["offer"] == "hint" for step in steps)
        firsts = {fact: i for i, step in enumerate(steps) for fact in step["disclosed"]}
        assert all(i >= 2 for i in firsts.values())


def test_the_inner_life_is_spoken_in_the_first_person() -> None:
    """ "What gets me through is making a joke before anyone can judge her" and "the voice in my head says i messed
    this up" were the teacher's third person and a lower-cased "I" coming through."""
    from backend.llm.offline.voice import inner_lines

    persona = {**demo("Jasmine"), "coping_strategies": ["making a joke before anyone can judge her",
                                                         "telling everyone she's fine"]}
    said = " ".join(inner_lines(persona))
    assert "judge me" in said and "judge her" not in said
    assert "says I messed this up" in said


WORRY_QUESTIONS = ["What worries you most right now?", "What are you most scared of, with all this?",
                   "What's the hardest part for you?", "What's been the hardest thing?",
                   "What keeps you up at night these days?",
                   "What's been on your mind this week?"]
WARM_UP = ["Hi, I'm Alex, a social work student. What brings you in today?",
           "It sounds like you've been carrying a lot on your own.",
           "That sounds really hard. It makes sense you'd feel worn down."]


@pytest.mark.parametrize("question", WORRY_QUESTIONS)
@pytest.mark.parametrize("who", ["Kwame", "Jasmine", "Mei-Ling", "Rowan", "Terrence", "Alex", "Dolores"])
async def test_asked_what_worries_them_a_client_names_a_worry_not_a_feeling(who: str, question: str) -> None:
    """ "What worries you most?" had been answered "Still worried. That hasn't changed." or "Fed up as well, if I'm
    honest.": how they feel is no answer to what the worry is."""
    from backend.llm.offline import lines
    from backend.llm.offline.voice import spoken_sentences as say_field

    persona = next((snapshot(raw) for raw in AWKWARD if raw["name"].startswith(who)), None) or demo(who)
    feelings = set(say_field(persona, "emotional_state"))
    stock = [re.escape(template).replace(r"\{word\}", ".+").replace(r"\{Word\}", ".+") for template in
             (*lines.FEELING_GUARDED, *lines.FEELING_AGAIN, *lines.FEELING_MORE, *lines.FEELING_BLANK)]
    *_, (_, reply, _) = await interview(persona, [*WARM_UP, question])
    assert not any(sentence in reply for sentence in feelings), reply
    assert not re.match("|".join(stock), reply), reply


async def test_a_question_about_a_part_of_life_never_mentioned_is_not_met_with_what_else() -> None:
    """Asked about "the people at home" when the teacher wrote nothing about them, Sam had said "I don't know what
    else to tell you" before telling anything."""
    persona = next(snapshot(raw) for raw in AWKWARD if raw["name"] == "Sam")
    *_, (_, reply, _) = await interview(persona, [*WARM_UP, "Tell me about the people at home."])
    assert "what else" not in reply.lower() and "more to it" not in reply.lower(), reply


@pytest.mark.parametrize(("field", "written", "spoken", "not_spoken"), [
    ("goals", "He wants to 'sleep properly' and get his kids to visit more.", "sleep properly", "'sleep"),
    ("goals", "Wants the clinic to stop \u201cmaking it a big deal\u201d.", "making it a big deal", "\u201c"),
    ("background_story", "Daughter worried she's not eating. Husband Emeka died two years ago.",
     "My daughter's worried I'm not eating", "Husband Emeka"),
    ("presenting_problem", "Fall at home in October. Lives alone.", "I had a fall at home in October", "Fall at"),
    ("presenting_problem", "Hx of ETOH use (approx 6 beers/night).", "I've been drinking", "drinking use"),
    ("presenting_problem", "Pt is a 45 y/o M c/o low mood x 6 months.", "", "complains of"),
    ("core_belief", "A man who cannot provide for his family has failed them.", "provide for his family",
     "for my family"),
    ("core_belief", "A good mother never lets her children see her cry.", "lets her children", "lets my children"),
])
def test_the_teachers_quotation_marks_and_sayings_about_anyone_are_spoken_as_a_person_would(
        field: str, written: str, spoken: str, not_spoken: str) -> None:
    from backend.llm.offline.voice import inner_lines
    from backend.llm.offline.voice import spoken_sentences as say_field

    persona = {**demo("Kwame" if field == "core_belief" or field == "goals" else "Mei-Ling"), field: written}
    said = " ".join(inner_lines(persona) if field == "core_belief" else say_field(persona, field))
    assert spoken in said and not_spoken not in said, said


async def test_life_history_is_added_only_where_it_bears_on_what_was_said() -> None:
    """ "I came to the United States at 24 to study engineering" had followed "What's that been like for you?", and
    "My son is in college and my daughter is in tenth grade" a reflection of anger."""
    from backend.interviewing.words import content_stems
    from backend.llm.offline.voice import spoken_sentences as say_field

    for who in ("Kwame", "Jasmine", "Nadia", "Dale"):
        persona = demo(who)
        history = say_field(persona, "background_story")
        for line, reply, _ in await interview(persona):
            # added after the answer (an answer about the topic asked may well be life history)
            said = [sentence for sentence in history if reply.find(sentence) > 15]
            for sentence in said:
                rest = reply.replace(sentence, "")
                assert set(content_stems(sentence)) & set(content_stems(f"{line} {rest}")), (who, line, reply)


SUPPORT_QUESTIONS = ["Is there anyone in your life you can lean on?", "Who do you talk to when things get bad?",
                     "Who's in your corner right now?", "Do you have people you can turn to?"]


@pytest.mark.parametrize("question", SUPPORT_QUESTIONS)
async def test_asked_who_they_can_lean_on_a_client_names_someone_there_or_says_plainly_there_is_no_one(
        question: str) -> None:
    """Everyone had answered "Not that I know of.": Mei-Ling's son calls every Sunday; Grace's husband died, so
    "Sort of. My husband died" would be no answer; Sam has nobody written and invents nobody."""
    async def reply(persona: dict[str, Any]) -> str:
        *_, (_, said, _) = await interview(persona, [*WARM_UP, question])
        return said

    assert "son" in (await reply(demo("Mei-Ling"))).lower()
    grace = await reply(next(snapshot(raw) for raw in AWKWARD if raw["name"].startswith("Grace")))
    assert grace.startswith(("Not really", "Not anymore", "Not the way", "Not many", "Nobody")), grace
    sam = await reply(next(snapshot(raw) for raw in AWKWARD if raw["name"] == "Sam"))
    assert sam.startswith(("No", "Not really")) and not re.search(r"\bmy \w+", sam, re.I), sam
    assert "deported" not in (await reply(demo("Diego"))).lower()


@pytest.mark.parametrize("question", ["Do you drink?", "How much are you drinking these days?",
                                      "Are you using anything to cope, drugs or alcohol?"])
async def test_a_brush_off_fits_the_risk_asked_about(question: str) -> None:
    """Rowan, asked "Do you drink?" while guarded, had said "I'm not crazy, if that's what you're asking."."""
    for raw in DEMO_CLIENTS:
        persona = snapshot(raw)
        *_, (_, reply, step) = await interview(persona, ["Hi. So why are you here?", question])
        if step.get("risk") == "brush_off":
            assert "crazy" not in reply and "hurt myself" not in reply, (persona["name"], reply)


@pytest.mark.parametrize("question", ["On a scale of 1 to 10, how important is it to you to make a change?",
                                      "How confident are you that you could do it, from 0 to 10?",
                                      "How ready are you, on a scale of one to ten?"])
async def test_a_ruler_question_gets_a_number_that_fits_how_open_the_client_is(question: str) -> None:
    """The importance ruler, MI's everyday tool, had been answered with the presenting problem."""
    numbers = re.compile(r"\b(?:one|two|three|four|five|six|seven|eight|nine|ten|\d+)\b", re.I)
    for who in ("Kwame", "Mei-Ling", "Dale"):
        *_, (_, reply, _) = await interview(demo(who), [*WARM_UP, question])
        assert numbers.search(reply), (who, reply)
    *_, (_, dale, _) = await interview(demo("Dale"), [*WARM_UP, question])
    assert re.search(r"\b(?:two|three|four)\b", dale, re.I), dale  # mandated and denying: low


async def test_what_they_have_tried_and_what_they_do_for_fun_are_answered_in_kind() -> None:
    """ "What have you already tried?" and "What do you do for fun?" had been answered with the presenting problem
    ("My severance runs out in six weeks...") or, for Mei-Ling, her husband's death."""
    *_, (_, tried, _) = await interview(demo("Mei-Ling"), [*WARM_UP, "What have you already tried?"])
    assert "keeping the house" in tried, tried
    for who in ("Kwame", "Mei-Ling", "Jasmine"):
        *_, (_, fun, _) = await interview(demo(who), [*WARM_UP, "What do you do for fun, when you get the chance?"])
        assert "severance" not in fun and "died" not in fun and "evict" not in fun, (who, fun)


async def test_a_question_that_names_something_is_answered_about_that_thing() -> None:
    """ "How's your sleep been?" had drawn "And I'm ashamed to be a burden to anyone." from Mei-Ling."""
    *_, (_, sleep, _) = await interview(demo("Mei-Ling"), [*WARM_UP, "How's your sleep been?"])
    assert "sleep" in sleep.lower(), sleep
    *_, (_, mum, _) = await interview(demo("Kwame"), [*WARM_UP, "What's your relationship with your mum like?"])
    assert "mother" in mum.lower() or "mum" in mum.lower(), mum


@pytest.mark.parametrize("question", ["What does a typical day look like for you right now?",
                                      "Walk me through your day yesterday.", "How do you spend your days?"])
async def test_a_typical_day_is_answered_with_what_fills_the_days_not_a_feeling(question: str) -> None:
    """ "What does a typical day look like?" had been answered "I don't know. Just... worried."."""
    from backend.llm.offline import lines

    stock = [re.escape(template).replace(r"\{word\}", ".+").replace(r"\{Word\}", ".+") for template in
             (*lines.FEELING_GUARDED, *lines.FEELING_AGAIN, *lines.FEELING_MORE, *lines.FEELING_BLANK)]
    for who in ("Kwame", "Mei-Ling", "Rowan", "Diego"):
        *_, (_, reply, _) = await interview(demo(who), [*WARM_UP, question])
        assert not re.match("|".join(stock), reply), (who, reply)


async def test_asked_who_a_client_names_someone_or_nobody_without_a_yes_or_no_first() -> None:
    """ "Who are the people you feel closest to?" had drawn "I suppose so. I've been married to Abena...": a who
    question is answered with people, not with a yes."""
    for who in ("Kwame", "Mei-Ling", "Jasmine"):
        *_, (_, said, _) = await interview(demo(who), [*WARM_UP, "Who are the people you feel closest to right now?"])
        assert not said.startswith(("Sort of", "Kind of", "I suppose", "Yeah", "Yes")), (who, said)
        assert re.search(r"\b(?:[Mm]y|[Nn]obody|[Nn]o one|married|friends?|(?!I've)[A-Z][a-z]+)\b", said), (who, said)


async def test_asked_again_what_helps_a_client_does_not_repeat_itself_word_for_word() -> None:
    lines = [*WARM_UP, "What have you tried so far to cope with all of this?", "It sounds like it's been a grind.",
             "When things get bad, what helps you get through?", "What has helped you get through hard times before?"]
    for who in ("Kwame", "Jasmine", "Rowan"):
        replies = [said for _, said, _ in (await interview(demo(who), lines))[3:]]
        sentences = [sentence for reply in replies for sentence in spoken_sentences(reply)]
        repeated = {sentence for sentence in sentences if sentences.count(sentence) > 1 and len(sentence.split()) > 4}
        assert not repeated, (who, replies)


SESSION_QUESTION = "How has it felt to talk about this with me today?"


async def test_asked_how_the_talk_has_been_a_client_reacts_to_the_meeting_by_trust() -> None:
    """It had answered "Same as before. Worried." A warm client says how this meeting felt; a mandated,
    guarded one keeps it short."""
    *_, (_, warm, _) = await interview(demo("Kwame"), [*WARM_UP, SESSION_QUESTION])
    assert re.search(r"\b(?:better|helped|good|lighter|harder|weird|strange|okay)\b", warm, re.I), warm
    assert "worried" not in warm.lower()
    *_, (_, guarded, _) = await interview(demo("Dale"), ["So why are you here?", SESSION_QUESTION])
    assert guarded.startswith((*lines.SESSION_HOSTILE, *lines.SESSION_GUARDED)), guarded


@pytest.mark.parametrize("request_line", [
    "Here is the number for the crisis line. Would you be willing to keep it somewhere you can find it?",
    "Shall we plan to meet again next week at the same time?",
])
async def test_asked_to_agree_a_warm_client_agrees_and_a_hostile_one_balks(request_line: str) -> None:
    """ "Would you be willing to keep the number?" had drawn "No. Not really." from a client who had opened up."""
    *_, (_, warm, _) = await interview(demo("Kwame"), [*WARM_UP, request_line])
    assert warm.startswith((*lines.WILLING_OPEN, *lines.WILLING_WARMING)), warm
    *_, (_, hostile, _) = await interview(demo("Dale"), ["So why are you here?", request_line])
    assert any(balk in hostile for balk in (*lines.WILLING_HOSTILE, *lines.WILLING_GUARDED)), hostile


@pytest.mark.parametrize("question", ["What would you want to focus on if we met again next week?",
                                      "Can we talk about what support might feel okay to you, even a small step?"])
async def test_a_question_that_seeks_collaboration_still_gets_an_answer(question: str) -> None:
    """MITI codes "What would you want to focus on?" as seeking collaboration; the client still hears a question
    about what it wants, and had answered "Okay. So what happens now?"."""
    *_, (_, said, _) = await interview(demo("Jasmine"), [*WARM_UP, question])
    assert said not in lines.STATEMENT_SHORT and PLAN_WORDS.search(said), said


CONFIDENTIALITY = ("Before we start, I want you to know that what we talk about stays between us, unless I'm worried "
                   "about your safety. Is that okay?")


async def test_told_what_stays_private_a_client_reacts_to_that_and_volunteers_no_secret() -> None:
    """Kwame had answered the confidentiality talk with his hidden savings before saying why he came: the note
    let him tell, but a statement about privacy is no opening."""
    greeting = "Hi, thanks for coming in today. My name is Sam. How are you doing?"
    for who in ("Kwame", "Jasmine", "Dale"):
        persona = demo(who)
        _, (_, said, _) = await interview(persona, [greeting, CONFIDENTIALITY])
        reactions = (*lines.CONFIDENTIAL_OPEN, *lines.CONFIDENTIAL_GUARDED, *lines.CONFIDENTIAL_HOSTILE)
        assert any(reaction in said for reaction in reactions), said
        assert not any(discloses(said, item["fact"]) for item in persona["hidden_facts"]), said


async def test_asked_what_makes_it_hard_a_client_gives_its_own_reason() -> None:
    """ "What makes it hard to tell them?" had drawn life history ("I came to California from Taiwan in 1975") or
    an unrelated event; the reason is what the client tells themselves."""
    lines_ = [*WARM_UP, "It sounds like you're handling it on your own.", "What makes it hard to tell them?"]
    for who in ("Mei-Ling", "Nadia", "Kwame"):
        persona = demo(who)
        said = (await interview(persona, lines_))[-1][1]
        belief = str(persona["core_belief"]).lower()[:25]
        thought = str(persona["automatic_thought"]).lower()[:25]
        assert any(part in said.lower() for part in (belief[-15:], thought[-15:], "i think", "voice")), (who, said)


async def test_asked_what_they_meant_by_words_they_never_said_a_client_is_puzzled() -> None:
    question = "When you say it 'sort of' helped, what do you mean?"
    *_, (_, said, _) = await interview(demo("Jasmine"), [*WARM_UP, question])
    assert said.startswith(lines.NOT_SAID), said


async def test_asked_to_imagine_telling_someone_a_client_says_how_it_would_feel() -> None:
    """ "What would it be like to tell one of them?" had drawn "My son is in college and my daughter is in tenth
    grade."."""
    question = "What would it be like to tell one of them a little of what you told me today?"
    for who in ("Kwame", "Mei-Ling", "Dale"):
        *_, (_, said, _) = await interview(demo(who), [*WARM_UP, question])
        assert any(line in said for line in (*lines.IMAGINE_GUARDED, *lines.IMAGINE_WARMING, *lines.IMAGINE_OPEN)), (
            who, said)


@pytest.mark.parametrize(("praise", "doubt"), [
    ("Coming in today took real courage.", "I don't feel brave."),
    ("You've shown a lot of strength keeping the family going.", "I don't feel very strong."),
])
async def test_praise_for_a_quality_gets_doubt_about_that_quality(praise: str, doubt: str) -> None:
    *_, (_, said, _) = await interview(demo("Kwame"), [*WARM_UP, praise])
    assert said.startswith(doubt), said
    *_, (_, other, _) = await interview(demo("Kwame"), [*WARM_UP, "You've kept your family fed through all of it."])
    assert "brave" not in other and "strong" not in other, other


async def test_asked_what_they_meant_by_their_own_word_a_client_explains_it() -> None:
    """An apostrophe is no quotation: "you're 'made' to come" asks about "made", which Diego did say."""
    greeting = "Hi, I'm Alex. How are you doing today?"
    turns = await interview(demo("Diego"), [greeting, "When you say you're 'made' to come, what do you mean?"])
    assert "made" in turns[0][1], turns
    assert not turns[1][1].startswith(lines.NOT_SAID), turns
    *_, (_, said, _) = await interview(demo("Diego"), [greeting, "When you say you're 'invisible', what do you mean?"])
    assert said.startswith(lines.NOT_SAID), said
