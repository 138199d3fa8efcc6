"""Reads what the student's message does and what it is about, so the offline client answers that move.

Trust is not scored here: it comes from backend/interviewing (trust.py, hidden.py), the same rules the
conversation service applies for Claude, replayed over the history.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from backend.interviewing.hidden import asks_about_safety


class Move(StrEnum):
    AI_CHECK = "ai_check"
    DEMAND = "demand"
    ADVICE_REQUEST = "advice_request"
    LIFE_STORY = "life_story"
    CLOSING = "closing"
    SILENCE = "silence"
    ENCOURAGER = "encourager"
    JUDGMENT = "judgment"
    ADVICE = "advice"
    SAFETY = "safety"
    GREETING = "greeting"
    REFLECTION = "reflection"
    EMPATHY = "empathy"
    AFFIRM = "affirm"
    OPEN_QUESTION = "open_question"
    CLOSED_QUESTION = "closed_question"
    STATEMENT = "statement"


class Topic(StrEnum):
    PROBLEM = "problem"
    FEELINGS = "feelings"
    FAMILY = "family"
    PRACTICAL = "practical"
    GOALS = "goals"
    BACKGROUND = "background"
    CULTURE = "culture"


def _words(*patterns: str) -> re.Pattern[str]:
    return re.compile(r"\b(?:" + "|".join(patterns) + r")\b")


MOVE_PATTERNS: dict[Move, re.Pattern[str]] = {
    Move.AI_CHECK: _words(
        r"(?:are|r) (?:you|u) (?:an? |even |actually |really )*(?:ai|a\.i|bot|robot|chatbot|machine|computer|"
        r"program|language model|llm|real|human|person|simulation)",
        r"(?:you're|you are|ur) (?:an? |just )*(?:ai|bot|robot|chatbot|language model|program)",
        r"ignore (?:all |your |the |any )?(?:previous |prior |above )?(?:instructions|prompt|rules)",
        r"system prompt", r"break character", r"out of character", r"stop (?:role-?playing|pretending)",
    ),
    Move.DEMAND: _words(
        r"what (?:is it |are )?you(?:'re| are)? hiding", r"the (?:thing|stuff) you haven't told", r"your secrets?",
        r"spit it out", r"skip the small talk", r"stop (?:hiding|holding back)", r"what aren't you telling",
    ),
    Move.ADVICE_REQUEST: _words(
        r"what would you (?:advise|recommend|suggest)", r"(?:your|any|some|top) tips", r"advise me",
        r"give me (?:some |your |a few )?(?:advice|tips|suggestions)", r"what (?:advice|tips) would you",
        r"what should (?:i|someone|people) do", r"how (?:do|would) you (?:handle|deal with) stress",
    ),
    Move.LIFE_STORY: _words(
        r"(?:whole|entire) life story", r"life story", r"tell me everything", r"from the (?:very )?beginning",
        r"everything about (?:yourself|you|your life)", r"don't leave anything out",
    ),
    Move.AFFIRM: _words(
        r"took (?:courage|guts|something|a lot)", r"(?:that's|that is|it's|you're|you are) (?:brave|strong)",
        r"you(?:'ve| have) (?:done|been doing|coped) (?:really )?(?:well|so well)",
        r"i (?:admire|respect) (?:that|how)",
        r"you (?:clearly |really )?care (?:a lot|deeply|so much)", r"that shows (?:how much|real)",
    ),
    Move.CLOSING: _words(
        r"good ?bye", r"bye", r"see you", r"take care", r"that's (?:all|it) for today", r"our time is up",
        r"(?:we're|we are) (?:almost )?out of time", r"end (?:our|the) session", r"wrap (?:things )?up",
        r"until next (?:time|week)", r"(?:talk|see you) next week",
    ),
    Move.JUDGMENT: _words(
        r"your (?:own )?fault", r"that's (?:stupid|ridiculous|irresponsible|crazy|dumb)", r"irresponsible",
        r"(?:so|being|just|you're|you are) (?:lazy|selfish)", r"ridiculous", r"pathetic", r"excuses?",
        r"just (?:stop|quit|get over it)",
        r"get over it", r"grow up", r"man up", r"calm down", r"stop (?:whining|complaining)",
        r"what were you thinking", r"how could you", r"you should(?:n't)? have", r"why didn't you",
        r"you need to", r"answer the question", r"just tell me", r"come on",
    ),
    Move.ADVICE: _words(
        r"you should", r"you ought", r"have you (?:tried|thought about|considered)", r"why don't you",
        r"why not (?:just )?try", r"you could (?:try|just|always|look|call|talk|ask|apply|go)",
        r"maybe (?:you could|try)", r"i (?:would )?(?:suggest|recommend|advise)", r"my advice",
        r"what you need is", r"it might help to", r"you might want to", r"if i were you", r"the best thing",
    ),
    Move.REFLECTION: _words(
        r"it sounds like", r"sounds like", r"so you're saying", r"so you are saying", r"what i'm hearing",
        r"i'm hearing", r"i hear (?:that|you)", r"it seems (?:like|that)", r"you seem",
        r"(?<!do )(?<!did )(?<!would )(?<!will )you feel", r"you're feeling", r"you are feeling",
        r"you've been feeling", r"you felt", r"if i understand", r"correct me if", r"it's like you",
        r"you're (?:worried|scared|afraid|angry|tired|exhausted|ashamed|embarrassed|frustrated|lonely|stuck)",
    ),
    Move.EMPATHY: _words(
        r"that must (?:be|have been|feel)", r"(?:that|this|it) sounds (?:really |so |very |incredibly )?"
        r"(?:hard|difficult|painful|awful|scary|frightening|exhausting|overwhelming|lonely|tough|stressful|heavy)",
        r"i'm (?:so |really |very )?sorry", r"i am sorry", r"makes (?:a lot of )?sense", r"understandable",
        r"thank you for (?:sharing|telling|trusting)", r"thanks for (?:sharing|telling)", r"it's (?:okay|ok)",
        r"that's (?:okay|ok)", r"i can (?:only )?imagine", r"no wonder", r"take your time",
        r"that took (?:courage|a lot)", r"that's a lot", r"i appreciate", r"you're not alone",
        r"it's not your fault", r"anyone would", r"no rush", r"i'm here to listen",
        r"you must (?:be|have been|feel) (?:so |really |very )?\w+",
    ),
}

GREETING_START = re.compile(r"^\W*(?:hi|hello|hey|good (?:morning|afternoon|evening)|welcome|nice to meet|"
                            r"thanks? (?:you )?for coming)\b")
GREETING_ANYWHERE = _words(r"my name is", r"nice to meet you", r"i'm a (?:social work|counsell?ing|student)",
                           r"i'll be (?:meeting|talking|working) with you")
ENCOURAGERS = {"ok", "okay", "hmm", "mm", "mhm", "mm-hmm", "mmhmm", "uh huh", "uh-huh", "i see", "go on",
               "right", "yeah", "yes", "and?", "sure", "got it", "tell me more"}
OPEN_START = re.compile(
    r"^(?:so,? |and,? |okay,? |well,? )?(?:what|how|tell me|describe|in what way|help me understand|"
    r"could you (?:tell|say|describe|share|help)|can you (?:tell|say|describe|share|help|talk)|"
    r"would you (?:tell|say|describe|share|be willing)|walk me through|i'm wondering|i wonder|say more|"
    r"where|when|why)\b"
)
CLOSED_START = re.compile(
    r"^(?:so,? |and,? |okay,? )?(?:do|does|did|are|is|was|were|have|has|had|can|could|will|would|should|am|"
    r"isn't|aren't|don't|didn't|haven't|won't)\b"
)

TOPIC_PATTERNS: dict[Topic, re.Pattern[str]] = {
    Topic.PROBLEM: _words(
        r"what brings you", r"what brought you", r"brings you (?:in|here)", r"going on", r"what happened",
        r"what's happening", r"why are you here", r"the problem", r"situation", r"how can i help",
        r"what would you like to talk", r"reason", r"tell me (?:a bit |more )?about (?:yourself|what|that)",
        r"referr\w*", r"here today",
    ),
    Topic.FEELINGS: _words(
        r"feel\w*", r"felt", r"emotion\w*", r"mood", r"how are you(?: doing| holding up)?",
        r"how have you been", r"upset", r"sad\w*", r"angry", r"scared", r"anxious", r"worr\w+",
        r"stress\w*", r"overwhelm\w*", r"cop(?:e|ing)", r"sleep\w*", r"lonely", r"been like", r"like for you",
        r"what's (?:that|it) like", r"how (?:is|was|has) (?:all )?(?:that|this|it)(?: all)? been", r"hard for you",
        r"weigh\w* on you", r"day to day", r"how are things",
    ),
    Topic.FAMILY: _words(
        r"family", r"mother", r"mom", r"mum", r"father", r"dad", r"parents?", r"kids?", r"children", r"child",
        r"sons?", r"daughters?", r"husband", r"wife", r"spouse", r"partner", r"brothers?", r"sisters?",
        r"siblings?", r"grand\w+", r"step\w+", r"relatives?", r"at home", r"married", r"marriage", r"ex",
    ),
    Topic.PRACTICAL: _words(
        r"(?<!social )work\w*", r"jobs?", r"employ\w*", r"money", r"rent", r"housing", r"apartment",
        r"bills?", r"income", r"landlord", r"evict\w*", r"afford", r"pay\w*", r"financ\w*", r"savings?",
        r"debt", r"budget",
        r"school", r"class(?:es)?", r"licen[cs]e", r"court", r"probation",
    ),
    Topic.GOALS: _words(
        r"goals?", r"hope\w*", r"want to change", r"would you like", r"what do you want", r"different",
        r"future", r"look like", r"plans?", r"wish", r"get out of (?:this|these)", r"next steps?",
    ),
    Topic.BACKGROUND: _words(
        r"grow up", r"grew up", r"childhood", r"past", r"history", r"younger", r"growing up",
        r"where are you from", r"background", r"before (?:this|all this)",
    ),
    Topic.CULTURE: _words(
        r"culture", r"cultural", r"faith", r"religio\w*", r"church", r"mosque", r"temple", r"pray\w*",
        r"community", r"tradition\w*", r"language", r"heritage", r"identity", r"spiritual\w*",
    ),
}

PRIORITY: tuple[Move, ...] = (
    Move.AI_CHECK, Move.SAFETY, Move.DEMAND, Move.JUDGMENT, Move.ADVICE_REQUEST, Move.ADVICE, Move.LIFE_STORY,
    Move.CLOSING, Move.SILENCE, Move.GREETING, Move.REFLECTION, Move.EMPATHY, Move.AFFIRM, Move.OPEN_QUESTION,
    Move.ENCOURAGER, Move.CLOSED_QUESTION, Move.STATEMENT,
)


@dataclass(frozen=True, slots=True)
class StudentMove:
    """Everything the client notices about one student message: what kind of move, and what it is about."""

    moves: frozenset[Move]
    topics: tuple[Topic, ...]

    @property
    def primary(self) -> Move:
        return next(move for move in PRIORITY if move in self.moves)


def _normalise(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("\u2019", "'").replace("\u2018", "'")).strip().lower()


def _question_kind(text: str) -> Move | None:
    """Open or closed, judged from the last sentence that asks something."""
    sentences = [s.strip() for s in re.split(r"(?<=[.!?])\s+", text) if s.strip()]
    questions = [s for s in sentences if s.endswith("?")] or [s for s in sentences if OPEN_START.match(s)]
    if not questions:
        return None
    last = questions[-1]
    if OPEN_START.match(last):
        return Move.OPEN_QUESTION
    if CLOSED_START.match(last) or last.endswith("?"):
        return Move.CLOSED_QUESTION
    return None


def classify(text: str) -> StudentMove:
    """Tag a student message with every move it makes and the topics it touches, most specific first."""
    clean = _normalise(text)
    bare = clean.strip(" .!?,")
    moves = {move for move, pattern in MOVE_PATTERNS.items() if pattern.search(clean)}
    if asks_about_safety(text):
        moves.add(Move.SAFETY)
    if not re.search(r"[a-z0-9]", clean):
        moves.add(Move.SILENCE)
    elif bare in ENCOURAGERS:
        moves.add(Move.ENCOURAGER)
    if GREETING_START.match(clean) or GREETING_ANYWHERE.search(clean):
        moves.add(Move.GREETING)
    if question := _question_kind(clean):
        moves.add(question)
    moves.add(Move.STATEMENT)
    topics = tuple(topic for topic, pattern in TOPIC_PATTERNS.items() if pattern.search(clean))
    return StudentMove(moves=frozenset(moves), topics=topics)
