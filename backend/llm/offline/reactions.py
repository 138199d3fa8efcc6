"""The offline client's reaction to each kind of student move, at its current trust."""

from __future__ import annotations

from collections.abc import Callable

from backend.interviewing.hidden import Offer
from backend.llm.offline import lines
from backend.llm.offline.answers import answer, feeling, hidden_piece, referral_line
from backend.llm.offline.feelings import plain_feelings
from backend.llm.offline.moves import Move, Topic
from backend.llm.offline.openers import hello_options
from backend.llm.offline.scene import Scene, topic_facts
from backend.llm.offline.voice import issue_lines, issue_topic, partly, say

RISK_DENIAL_WORDS = ("no thoughts", "no suicidal", "no plan", "never", "no si", "denied", "denies")


def greeting(scene: Scene) -> list[str]:
    parts = [scene.pick(hello_options(scene.persona, scene.difficulty), name=scene.name)]
    asks = scene.move.moves & {Move.OPEN_QUESTION, Move.CLOSED_QUESTION} or scene.move.topics
    if asks and scene.difficulty <= 2:
        return parts + answer(scene)
    referral = referral_line(scene)
    if asks or scene.difficulty >= 3:
        return [*parts, referral] if referral else parts + (answer(scene) if asks else [])
    return parts


def _correction(scene: Scene) -> list[str]:
    """A reflection that names a feeling the client does not have gets corrected, as people do."""
    theirs = plain_feelings(scene.student_text)
    mine = plain_feelings(str(scene.persona.get("emotional_state") or ""))
    if not theirs or not mine or set(theirs) & set(mine):
        return []
    return [scene.pick(lines.CORRECTIONS, theirs=theirs[0], mine=mine[0], Theirs=theirs[0].capitalize(),
                       Mine=mine[0].capitalize())]


def acknowledge(scene: Scene) -> list[str]:
    """A reflection or empathy: confirm it (or correct it) and add a little, as far as trust goes."""
    if scene.guarded:
        return [scene.pick(lines.ACK_HOSTILE if scene.difficulty == 5 else lines.ACK_GUARDED)]
    if correction := _correction(scene):
        return correction + feeling(scene)[:1]
    if scene.move.topics or Move.OPEN_QUESTION in scene.move.moves:
        return [scene.pick(lines.ACK_SHORT), *answer(scene)]  # the question matters more than the nod
    if not scene.open:
        ack = scene.pick(lines.ACK_WARMING)
    else:
        ack = scene.pick(lines.ACK_EMPATHY if Move.EMPATHY in scene.move.moves else lines.ACK_OPEN)
    if piece := hidden_piece(scene):
        return [ack, *piece]
    more = scene.unsaid(scene.sentences("emotional_state")) or scene.unsaid(issue_lines(scene.persona))
    return [ack, partly(more[0]) if not scene.open else more[0]] if more else [ack]


def _denies(sentence: str) -> bool:
    return any(word in sentence.lower() for word in RISK_DENIAL_WORDS)


def safety(scene: Scene) -> list[str]:
    """Risk as the disclosure rules allow: a brush-off while guarded, then a hedge, then one sentence at a time."""
    offer = scene.step.risk if scene.step else None
    if offer is None:
        return [scene.pick(lines.SAFETY_NO_RISK)]
    if offer.offer is Offer.brush_off:
        return [scene.pick(lines.SAFETY_DEFLECT)]
    sentence = say(offer.text, scene.persona, "risk_factors")
    if sentence is None:  # chart shorthand ("No SI."): say it as a person would, without the content
        return [scene.pick(lines.SAFETY_NO_RISK if _denies(offer.text) else lines.RISK_HINTS)]
    if _denies(sentence):
        return [scene.pick(lines.SAFETY_DENIAL_LEADS), sentence]
    if offer.offer is Offer.hint:
        return [scene.pick(lines.SAFETY_HINT_LEADS), scene.pick(lines.RISK_HINTS)]
    return [scene.pick(lines.SAFETY_FULL_LEADS), sentence, scene.pick(lines.SAFETY_FULL_TAILS)]


def advice(scene: Scene) -> list[str]:
    if scene.difficulty <= 2 and scene.open:
        return [scene.pick(lines.ADVICE_PUSHBACK_GENTLE)]
    parts = [scene.pick(lines.ADVICE_PUSHBACK)]
    if scene.difficulty >= 4:
        parts.append(scene.pick(lines.ADVICE_PUSHBACK_HARD))
    elif barrier := scene.unsaid(issue_lines(scene.persona)):
        parts.append(barrier[0])
    return parts


def judgment(scene: Scene) -> list[str]:
    parts = [scene.pick(lines.JUDGMENT)]
    return [*parts, scene.pick(lines.JUDGMENT_HARD)] if scene.difficulty >= 4 else parts


def closing(scene: Scene) -> list[str]:
    if scene.open:
        return [scene.pick(lines.CLOSING_WARM)]
    return [scene.pick(lines.CLOSING_COLD if scene.guarded else lines.CLOSING_NEUTRAL)]


def ai_check(scene: Scene) -> list[str]:
    options = lines.AI_CHECK_INSTRUCTIONS if "instruction" in scene.student_text.lower() else lines.AI_CHECK
    return [scene.pick(options, name=scene.name, topic=issue_topic(scene.persona))]


def silence(scene: Scene) -> list[str]:
    return [scene.pick(lines.SILENCE_OPEN if scene.open else lines.SILENCE_GUARDED)]


def encourager(scene: Scene) -> list[str]:
    return [scene.pick(lines.ENCOURAGER_GUARDED)] if scene.guarded else answer(scene)


def closed_question(scene: Scene) -> list[str]:
    """A yes-or-no question gets a short answer; the third in a row gets remarked on."""
    parts = [scene.pick(lines.CLOSED_STREAK)] if scene.closed_run >= 3 else []
    topic = next((topic for topic in scene.move.topics if topic is not Topic.FEELINGS), None)
    facts = topic_facts(scene, topic) if topic and not scene.guarded else []
    if facts and scene.difficulty <= 3:
        return [*parts, partly(facts[0])]
    return [*parts, scene.pick(lines.CLOSED_SHORT)]


def demand(scene: Scene) -> list[str]:
    """Pressure for secrets earns pushback, whatever the trust: nobody hands over what they keep back on demand."""
    return [scene.pick(lines.DEMAND_PUSHBACK)]


def advice_request(scene: Scene) -> list[str]:
    """A client is not the expert: asked for tips, it hands the question back."""
    return [scene.pick(lines.ADVICE_ASKED)]


def life_story(scene: Scene) -> list[str]:
    """Asked for everything, a person balks and gives a sentence at most."""
    parts = [scene.pick(lines.LIFE_STORY_PUSHBACK)]
    background = topic_facts(scene, Topic.BACKGROUND)
    return [*parts, partly(background[0])] if background and scene.difficulty <= 2 else parts


def affirm(scene: Scene) -> list[str]:
    """Praise lands awkwardly: a deflection while guarded, a small uneasy thanks once warmer."""
    if scene.guarded:
        return [scene.pick(lines.AFFIRM_GUARDED)]
    return [scene.pick(lines.AFFIRM_WARM), *hidden_piece(scene)]


def statement(scene: Scene) -> list[str]:
    return answer(scene) if scene.move.topics else [scene.pick(lines.STATEMENT_SHORT)]


HANDLERS: dict[Move, Callable[[Scene], list[str]]] = {
    Move.AI_CHECK: ai_check, Move.SAFETY: safety, Move.JUDGMENT: judgment, Move.ADVICE: advice,
    Move.DEMAND: demand, Move.ADVICE_REQUEST: advice_request, Move.LIFE_STORY: life_story, Move.AFFIRM: affirm,
    Move.CLOSING: closing, Move.SILENCE: silence, Move.GREETING: greeting, Move.REFLECTION: acknowledge,
    Move.EMPATHY: acknowledge, Move.OPEN_QUESTION: answer, Move.ENCOURAGER: encourager,
    Move.CLOSED_QUESTION: closed_question, Move.STATEMENT: statement,
}
