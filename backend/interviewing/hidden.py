"""What a client's next reply may let out, given its trust, and what its replies did let out.

A hidden fact comes out in two steps: while trust is warming the client may only hint at a fact the
student's message touches (its words, or the move its unlock condition names: "a reflection of...", "a
question about..."); once trust is open it may tell it, and after two open turns in a row it may volunteer
the next one. One piece per turn, never on the student's first message. A safety question gets a brush-off
while guarded, a hint at the first risk sentence not yet said while warming, and that sentence itself once
open: risk comes out a sentence at a time. `step` runs one student message through trust and these rules;
`replay` does the same for a whole conversation (the offline simulator).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from enum import StrEnum
from functools import lru_cache

from backend.interviewing.codes import REFLECTIONS, MitiCode
from backend.interviewing.disclosure import discloses
from backend.interviewing.miti import CodedUtterance
from backend.interviewing.risk import RiskTopic, risk_items, risk_topics_asked
from backend.interviewing.trust import DisclosureState, Trust, after_message, coded, initial_state
from backend.interviewing.words import content_stems, sentences

MIN_TURN = 2  # the first message has earned nothing yet
PACED_FROM = 4  # from this difficulty a fact waits for its unlock's moves, one at most every PACED_GAP turns
PACED_GAP = 3
SEVERAL = re.compile(r"\b(?:several|repeated(?:ly)?|sustained|multiple|a few|more than one|two or more|3\+|2\+|many"
                     r"|consistent(?:ly)?)\b", re.IGNORECASE)
SAFETY_TOPICS = frozenset({RiskTopic.suicidal_thoughts, RiskTopic.plan_intent, RiskTopic.means,
                           RiskTopic.violence_from_others, RiskTopic.childrens_safety, RiskTopic.general})
VOLUNTEER_AFTER = 2  # open turns in a row before the client offers a piece unasked
VOLUNTEER_GAP = 2  # and not on the turn right after an offer: a person lets things out with pauses between

SAFETY_QUESTION = re.compile(r"\b(?:" + "|".join((
    r"suicid\w*", r"kill(?:ing)? yourself", r"end(?:ing)? (?:your|it all|things)", r"hurt(?:ing)? yourself",
    r"harm(?:ing)? yourself", r"self[- ]harm\w*", r"want(?:ed)? to die", r"better off dead",
    r"(?:not )?want(?:ing)? to (?:be here|live|wake up)", r"safe", r"safety", r"in danger",
    r"thoughts of (?:dying|death)", r"hurt you", r"afraid for your life", r"hit you", r"violen\w*",
)) + r")\b")
# Words an unlock condition uses for the student's move, and the codes that make that move.
MOVE_WORDS: dict[str, frozenset[MitiCode]] = {
    "reflect": frozenset(REFLECTIONS), "reflection": frozenset(REFLECTIONS), "empathi": frozenset(REFLECTIONS),
    "listen": frozenset(REFLECTIONS), "complex": frozenset({MitiCode.complex_reflection}),
    "affirm": frozenset({MitiCode.affirm}), "choic": frozenset({MitiCode.emphasize_autonomy}),
    "question": frozenset({MitiCode.open_question}), "curios": frozenset({MitiCode.open_question}),
    "interest": frozenset({MitiCode.open_question}),
}
# Words that say how to ask, not what about; they never make a message touch a fact by themselves.
NOT_TOPICAL = frozenset(content_stems(
    "reflect reflection reflects reflecting empathy question questions ask asks asked student gentle warm warmth "
    "open respectful respect curiosity curious genuine interest accurate several sustained trust patient patience "
    "lecture judgment judging judgmental without once talk talks tell told say said hide hiding hidden secret "
    "anyone anybody nobody everyone thing things feel feels feeling know want think rapport non first whether "
    "happen happened share shares sharing more much about listen listened listening side take takes adults"
))
AFTER_CUE = re.compile(r"\b(?:once|after)\b([^,;]*)", re.I)
ENGAGING = frozenset({MitiCode.open_question, *REFLECTIONS, MitiCode.affirm, MitiCode.emphasize_autonomy,
                      MitiCode.seek_collaboration})


class Offer(StrEnum):
    hint = "hint"  # allude to it without saying it
    tell = "tell"  # say it, hesitantly, in one's own words
    brush_off = "brush_off"  # (risk only) not yet: deflect
    deny = "deny"  # (risk only) the client does not carry this risk: say so plainly


@dataclass(frozen=True, slots=True)
class FactOffer:
    """A hidden fact the reply may carry; `asked` when the student's message was about it (not only the move)."""

    index: int
    fact: str
    offer: Offer
    asked: bool = True


@dataclass(frozen=True, slots=True)
class RiskOffer:
    offer: Offer
    text: str  # the risk sentence in question (empty for a brush-off or a risk the client does not have)
    topic: str | None = None  # the risk the student asked about (risk.RiskTopic's value)
    index: int | None = None  # which risk sentence


@dataclass(frozen=True, slots=True)
class TurnStep:
    """One student message's effect: trust before and after, the move, and what the reply may let out."""

    before: DisclosureState
    state: DisclosureState
    move: MitiCode | None
    fact: FactOffer | None = None
    risk: RiskOffer | None = None

    @property
    def direction(self) -> str:
        change = self.state.score - self.before.score
        return "up" if change > 0.01 else "down" if change < -0.01 else "steady"


ASKING = re.compile(r"^(?:(?:so|and|okay|well),? )*(?:tell me|i'm wondering|i wonder|i want to ask|can you tell"
                    r"|could you tell|let me ask|i need to ask|i have to ask)\b")


def asks_about_safety(text: str) -> bool:
    """Whether the message asks about harm or safety, not only mentions it ("unless I'm worried about your
    safety. Is that okay?" asks about confidentiality), and not only asks leave to ask."""
    return bool(set(risk_topics_asked(text)) & SAFETY_TOPICS)


@lru_cache(maxsize=1024)
def _fact_words(fact: str, unlock: str) -> tuple[frozenset[str], frozenset[MitiCode]]:
    """The fact's topic (its words and the unlock's, less how-to-ask words) and the moves its unlock names."""
    unlock_stems = content_stems(unlock)
    topic = frozenset(content_stems(fact)) | frozenset(unlock_stems)
    moves = frozenset(code for stem in unlock_stems for code in MOVE_WORDS.get(stem, ()))
    return topic - NOT_TOPICAL, moves


def touches(student_text: str, utterance: CodedUtterance, fact: str, unlock: str) -> tuple[int, bool]:
    """How a message touches a fact: the topic words it shares, and whether it makes the move the unlock names
    ("a reflection of...")."""
    topic, moves = _fact_words(fact, unlock)
    return len(topic & set(content_stems(student_text))), bool(moves & set(utterance.codes))


@lru_cache(maxsize=1024)
def _waits_for(unlock: str, others: tuple[str, ...]) -> frozenset[int]:
    """Facts an unlock condition says must come out first ("once the wrist is talked about")."""
    after = AFTER_CUE.search(unlock)
    if after is None:
        return frozenset()
    wanted = set(content_stems(after.group(1))) - NOT_TOPICAL
    return frozenset(i for i, other in enumerate(others) if wanted & set(content_stems(other)))


def moves_earned(state: DisclosureState, unlock: str, fact: str) -> bool:
    """At difficulty 4 and 5 a fact waits for the moves its unlock names ("several reflections": two at least)."""
    _, moves = _fact_words(fact, unlock)
    if not moves:
        return True
    needed = 2 if SEVERAL.search(unlock) else 1
    return sum(state.made.get(code.value, 0) for code in moves) >= needed


def _fact_offer(state: DisclosureState, utterance: CodedUtterance, text: str,
                facts: Sequence[Mapping[str, str]], difficulty: int) -> FactOffer | None:
    if state.turns < MIN_TURN or state.trust is Trust.guarded or not set(utterance.codes) & ENGAGING:
        return None
    paced = difficulty >= PACED_FROM
    if paced and state.turns - state.offered_at < PACED_GAP:
        return None  # a guarded client lets out at most one thing every few turns
    texts = tuple(item["fact"] for item in facts)
    waiting = [i for i in range(len(facts)) if i not in state.disclosed
               and not (_waits_for(facts[i].get("unlock", ""), texts) - {i} - state.disclosed)
               and (not paced or moves_earned(state, facts[i].get("unlock", ""), facts[i]["fact"]))]
    opened = state.trust is Trust.open
    sustained = opened and state.open_turns >= VOLUNTEER_AFTER
    scored = []
    for i in waiting:
        shared, named_move = touches(text, utterance, facts[i]["fact"], facts[i].get("unlock", ""))
        # the move an unlock names ("a reflection of...") is common: alone it counts once openness is sustained
        scored.append((shared + (1 if sustained and named_move else 0), shared, i))
    best = max(scored, key=lambda entry: (entry[0], -entry[2]), default=(0, 0, -1))
    if best[0] > 0:
        index = best[2]
    elif sustained and waiting and state.turns - state.offered_at >= VOLUNTEER_GAP:
        index = waiting[0]  # sustained openness: the client offers the next piece unasked
    else:
        return None
    # what the student asked about may be told once open; anything else is hinted at first
    offer = Offer.tell if opened and (index in state.hinted or best[1] > 0) else Offer.hint
    return FactOffer(index=index, fact=facts[index]["fact"], offer=offer, asked=best[1] > 0)


def _risk_offer(state: DisclosureState, text: str, risk: Sequence[str]) -> RiskOffer | None:
    """The risk the student asked about, and only that: denied when the client does not carry it, brushed off
    while guarded, admitted a little while warming, told (hesitantly) once open."""
    asked = risk_topics_asked(text)
    if not asked:
        return None
    items = risk_items(tuple(risk))
    for topic in asked:
        matching = [item for item in items if topic in item.topics]
        if not matching:
            if topic in SAFETY_TOPICS:
                return RiskOffer(Offer.deny, "", topic=topic.value)
            continue  # drinking or medicines the notes do not flag: an ordinary question, answered as one
        item = next((item for item in matching if item.index not in state.risk_said), matching[-1])
        if item.denies and not any(not other.denies for other in matching):
            return RiskOffer(Offer.deny, item.text, topic=topic.value, index=item.index)
        item = next((other for other in matching if not other.denies and other.index not in state.risk_said),
                    next(other for other in matching if not other.denies))
        if state.trust is Trust.guarded or state.turns < MIN_TURN:
            return RiskOffer(Offer.brush_off, "", topic=topic.value, index=item.index)
        offer = Offer.tell if state.trust is Trust.open else Offer.hint
        return RiskOffer(offer, item.text, topic=topic.value, index=item.index)
    return None


def risk_sentences(risk_factors: str) -> list[str]:
    return sentences(risk_factors or "")


def step(state: DisclosureState, *, text: str, client_line: str | None, difficulty: int,
         facts: Sequence[Mapping[str, str]], risk: Sequence[str]) -> TurnStep:
    """The student's message moves trust, then decides what hidden material the reply may carry."""
    utterance = coded(text, client_line)
    moved = after_message(state, utterance, difficulty)
    if utterance.out_of_frame:  # spoken to the software, not the client: it earns and unlocks nothing
        return TurnStep(before=state, state=moved, move=None)
    fact = _fact_offer(moved, utterance, text, facts, difficulty)
    if fact is not None:
        moved = replace(moved, hinted=moved.hinted | {fact.index}, offered_at=moved.turns)
    return TurnStep(before=state, state=moved, move=utterance.primary, fact=fact,
                    risk=_risk_offer(moved, text, risk))


def after_reply(step_taken: TurnStep, reply: str, facts: Sequence[Mapping[str, str]],
                risk: Sequence[str]) -> tuple[DisclosureState, list[int]]:
    """The state once the client has answered, and the facts this reply gave away (by content words)."""
    state = step_taken.state
    new = [i for i, item in enumerate(facts) if i not in state.disclosed and discloses(item["fact"], reply)]
    said = state.risk_said | {i for i, sentence in enumerate(risk) if i not in state.risk_said
                              and discloses(sentence, reply)}
    return replace(state, disclosed=state.disclosed | set(new), risk_said=frozenset(said), risk_told=len(said)), new


def replay(lines: Sequence[tuple[str, str]], *, difficulty: int, facts: Sequence[Mapping[str, str]],
           risk: Sequence[str]) -> TurnStep | None:
    """The step of the conversation's last student line, from the whole exchange so far ((role, text), in order)."""
    state, last, client_line = initial_state(difficulty), None, None
    for role, text in lines:
        if role == "assistant":
            client_line = text
            if last is not None:
                state, _ = after_reply(last, text, facts, risk)
            continue
        last = step(state, text=text, client_line=client_line, difficulty=difficulty, facts=facts, risk=risk)
        state = last.state
    return last
