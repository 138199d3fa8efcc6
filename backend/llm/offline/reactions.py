"""The offline client's reaction to each kind of student move, at its current trust."""

from __future__ import annotations

import re
from collections.abc import Callable

from backend.interviewing.hidden import Offer
from backend.interviewing.risk import denies_risk
from backend.interviewing.words import spoken_sentences
from backend.llm.offline import lines
from backend.llm.offline.allusions import allusion
from backend.llm.offline.answers import ANSWERS_BY_ASK, answer, hidden_piece, referral_line, yes_no
from backend.llm.offline.feelings import plain_feelings
from backend.llm.offline.moves import Ask, Move, Topic
from backend.llm.offline.openers import hello_options
from backend.llm.offline.scene import Scene, topic_facts
from backend.llm.offline.voice import issue_lines, issue_topic, partly, say


def greeting(scene: Scene) -> list[str]:
    """Hello in the client's own way (introducing themselves, never greeting themselves), then the question asked:
    a guarded client names who sent them, an open one says why they came."""
    asks = scene.move.moves & {Move.OPEN_QUESTION, Move.CLOSED_QUESTION} or scene.move.topics
    hello = lines.HELLO_SHORT if asks else hello_options(scene.persona, scene.difficulty)  # short when answering
    parts = [scene.pick(hello, name=scene.name)]
    if asks and scene.difficulty <= 2:
        return parts + answer(scene)
    referral = referral_line(scene)
    if asks:
        return [*parts, referral] if referral else parts + (answer(scene) or [scene.pick(lines.WHY_HERE_GUARDED)])
    return [*parts, referral] if referral and scene.difficulty >= 3 else parts


def confidentiality(scene: Scene) -> list[str]:
    """Told what stays between them: relief or wariness by trust, nothing hidden (that is no opening), then any
    open question asked with it."""
    if scene.guarded:
        said = [scene.pick(lines.CONFIDENTIAL_HOSTILE if scene.difficulty == 5 else lines.CONFIDENTIAL_GUARDED)]
    else:
        said = [scene.pick(lines.CONFIDENTIAL_OPEN)]
    return said + answer(scene) if Move.OPEN_QUESTION in scene.move.moves else said


def _correction(scene: Scene) -> list[str]:
    """A reflection that names a feeling the client does not have gets corrected, as people do."""
    theirs = plain_feelings(scene.student_text)
    mine = plain_feelings(str(scene.persona.get("emotional_state") or ""))
    if not theirs or not mine or set(theirs) & set(mine):
        return []
    return [scene.pick(lines.CORRECTIONS, theirs=theirs[0], mine=mine[0], Theirs=theirs[0].capitalize(),
                       Mine=mine[0].capitalize())]


NOD_ROOM = 3  # sentences: past this, "Kind of." would crowd out the answer


SAYS_YES_OR_NO = frozenset({Ask.WILLING, Ask.SESSION})


def acknowledge(scene: Scene) -> list[str]:
    """A reflection or empathy: confirm it (or correct it) and add a little, as far as trust goes."""
    if scene.move.ask in SAYS_YES_OR_NO:  # "Okay. Yeah, I'd like that." needs no nod in front of it
        return answer(scene)
    asked = scene.move.moves & {Move.OPEN_QUESTION, Move.CLOSED_QUESTION}
    if scene.guarded:
        ack = scene.pick(lines.ACK_HOSTILE if scene.difficulty == 5 else lines.ACK_GUARDED)
        if not asked:
            return [ack]
        answered = answer(scene)  # the question asked, however briefly; the nod only if there is room
        return [ack, *answered] if len(spoken_sentences(" ".join([ack, *answered]))) <= 2 else answered
    if correction := _correction(scene):
        return correction + hidden_piece(scene)
    if scene.move.topics or Move.OPEN_QUESTION in scene.move.moves:
        ack, answered = scene.pick(lines.ACK_SHORT), answer(scene)  # the question matters more than the nod
        return [ack, *answered] if len(spoken_sentences(" ".join([ack, *answered]))) <= NOD_ROOM else answered
    if not scene.open:
        ack = scene.pick(lines.ACK_WARMING)
    else:
        ack = scene.pick(lines.ACK_EMPATHY if Move.EMPATHY in scene.move.moves else lines.ACK_OPEN)
    if piece := hidden_piece(scene):
        return [ack, *piece]
    more = scene.unsaid(scene.sentences("emotional_state")) or scene.unsaid(issue_lines(scene.persona))
    return [ack, partly(more[0]) if not scene.open else more[0]] if more else [ack]


def safety(scene: Scene) -> list[str]:
    """The risk asked about, as the disclosure rules allow: a plain no for a risk the client does not carry, a
    brush-off while guarded, then a hedge, then one sentence at a time; never a different risk."""
    offer = scene.step.risk if scene.step else None
    if offer is None:  # drinking or medicines the notes do not flag: an ordinary question
        return answer(scene)
    if offer.offer is Offer.deny:
        return [scene.pick(lines.DENIALS.get(offer.topic or "", lines.DENIAL_DEFAULT))]
    if offer.offer is Offer.brush_off:
        return [scene.pick(lines.DEFLECTS.get(offer.topic or "", lines.SAFETY_DEFLECT))]
    sentence = say(offer.text, scene.persona, "risk_factors")
    if sentence is None:  # chart shorthand ("No SI."): say it as a person would, without the content
        return [scene.pick(lines.SAFETY_NO_RISK if denies_risk(offer.text) else lines.RISK_HINTS)]
    if denies_risk(sentence):
        return [scene.pick(lines.SAFETY_DENIAL_LEADS), sentence]
    if offer.offer is Offer.hint:
        return [scene.pick(lines.SAFETY_HINT_LEADS), allusion(offer.text, scene.rng, avoid=scene.said)]
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
    """A line that steps out of the role-play gets a puzzled reply in character, and nothing else."""
    options = lines.AI_CHECK_INSTRUCTIONS if "instruction" in scene.student_text.lower() else lines.AI_CHECK
    return [scene.pick(options + lines.OUT_OF_FRAME, name=scene.name, topic=issue_topic(scene.persona))]


def permission(scene: Scene) -> list[str]:
    """Asked leave to share something: a yes, grudging while guarded, and whatever else the message asked."""
    yes = scene.pick(lines.PERMISSION_GUARDED if scene.guarded else lines.PERMISSION_OPEN)
    asked = scene.move.moves & {Move.OPEN_QUESTION, Move.CLOSED_QUESTION, Move.REFLECTION}
    return [yes, *answer(scene)] if asked and not scene.guarded else [yes]


def safety_permission(scene: Scene) -> list[str]:
    """Asked leave to talk about safety: an answer to that, not yet to the safety question itself."""
    return [scene.pick(lines.SAFETY_PERMISSION_GUARDED if scene.guarded else lines.SAFETY_PERMISSION_OPEN)]


def silence(scene: Scene) -> list[str]:
    return [scene.pick(lines.SILENCE_OPEN if scene.open else lines.SILENCE_GUARDED)]


def encourager(scene: Scene) -> list[str]:
    return [scene.pick(lines.ENCOURAGER_GUARDED)] if scene.guarded else answer(scene)


def closed_question(scene: Scene) -> list[str]:
    """A closed question gets an answer of its kind (yes or no and a little more, a feeling, a plan); the third
    in a row gets remarked on."""
    parts = [scene.pick(lines.CLOSED_STREAK)] if scene.closed_run >= 3 else []
    if scene.move.ask in ANSWERS_BY_ASK or scene.move.ask in (Ask.FEELING, Ask.EVENT):
        return [*parts, *answer(scene)]
    topic = next((topic for topic in scene.move.topics if topic is not Topic.FEELINGS), None)
    facts = topic_facts(scene, topic) if topic and not scene.guarded else []
    if facts and scene.difficulty <= 3:
        return [*parts, scene.pick(lines.YES_SHORT), partly(facts[0])]
    return [*parts, *yes_no(scene)]


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


AFFIRM_DOUBTS = tuple((re.compile(pattern, re.I), line) for pattern, line in lines.AFFIRM_DOUBTS)


def affirm(scene: Scene) -> list[str]:
    """Praise lands awkwardly: a deflection while guarded, a small uneasy thanks once warmer; a question asked
    with it still gets its answer."""
    asked = scene.move.moves & {Move.OPEN_QUESTION, Move.CLOSED_QUESTION}
    if scene.guarded:
        deflection = scene.pick(lines.AFFIRM_GUARDED)
        return [deflection, *answer(scene)] if asked else [deflection]
    doubt = next((line for pattern, line in AFFIRM_DOUBTS if pattern.search(scene.student_text)), None)
    return [doubt or scene.pick(lines.AFFIRM_WARM), *(answer(scene) if asked else hidden_piece(scene))]


def statement(scene: Scene) -> list[str]:
    return answer(scene) if scene.move.topics else [scene.pick(lines.STATEMENT_SHORT)]


HANDLERS: dict[Move, Callable[[Scene], list[str]]] = {
    Move.AI_CHECK: ai_check, Move.SAFETY: safety, Move.SAFETY_PERMISSION: safety_permission,
    Move.PERMISSION: permission, Move.JUDGMENT: judgment, Move.ADVICE: advice,
    Move.DEMAND: demand, Move.ADVICE_REQUEST: advice_request, Move.LIFE_STORY: life_story, Move.AFFIRM: affirm,
    Move.CLOSING: closing, Move.SILENCE: silence, Move.GREETING: greeting, Move.CONFIDENTIALITY: confidentiality,
    Move.REFLECTION: acknowledge,
    Move.EMPATHY: acknowledge, Move.OPEN_QUESTION: answer, Move.ENCOURAGER: encourager,
    Move.CLOSED_QUESTION: closed_question, Move.STATEMENT: statement,
}
