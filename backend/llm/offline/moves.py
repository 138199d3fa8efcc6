"""Reads what the student's message does and what it is about, so the offline client answers that move.

What the student did is the MITI coder's reading (backend/interviewing/miti), the same one feedback uses:
a reflection, a question (and which kind: about feelings, an event, plans, or yes/no), advice, a
confrontation, a line out of the role-play. Risk questions are read by topic (interviewing/risk.py). Only what
the coder does not code (greetings, closings, demands for secrets, requests for advice) is read here. Trust is
not scored here either: it comes from trust.py and hidden.py, replayed over the history.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from backend.interviewing.codes import MitiCode
from backend.interviewing.miti import Utterance, code_utterance
from backend.interviewing.miti.cues import ASKS_PERMISSION
from backend.interviewing.risk import asks_permission_for_safety, risk_topics_asked


class Move(StrEnum):
    AI_CHECK = "ai_check"
    SAFETY_PERMISSION = "safety_permission"
    CONFIDENTIALITY = "confidentiality"  # what stays between them, and its limits
    PERMISSION = "permission"
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


class Ask(StrEnum):
    """What a question asks for, so the answer is of that kind."""

    FEELING = "feeling"
    EVENT = "event"
    PLAN = "plan"
    GOAL = "goal"
    CONCERN = "concern"  # what worries them: a thing, not a feeling word
    SUPPORT = "support"  # who they can lean on: people, or plainly nobody
    SCALE = "scale"  # a ruler ("On a scale of 1 to 10, how important..."): a number, then why
    TRIED = "tried"  # what they have tried already: what gets them through, or nothing much
    PASTIME = "pastime"  # what they do for fun or used to enjoy
    ROUTINE = "routine"  # a typical day: what fills it
    SESSION = "session"  # how talking here has been: a reaction to this meeting, not the problem again
    WILLING = "willing"  # a request or an offer ("Would you be willing to keep the number?"): agree or balk
    REASON = "reason"  # what makes something hard: the client's own reason (what they tell themselves)
    MEANING = "meaning"  # "when you say X, what do you mean?": what they meant, or that they did not say it
    IMAGINE = "imagine"  # "What would it be like to tell them?": how the imagined step would feel
    YES_NO = "yes_no"
    OTHER = "other"


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

CONFIDENTIAL = _words(r"stays? (?:between us|in this room|here|private)", r"confidential\w*",
                      r"(?:won't|don't|will not|doesn't|does not) (?:go|leave|get shared) (?:beyond|past|outside)",
                      r"(?:keep|kept) (?:it |this |what you say )?private",
                      r"limits? (?:of|to) (?:what i keep|privacy)")
GREETING_START = re.compile(r"^\W*(?:hi|hello|hey|good (?:morning|afternoon|evening)|welcome|nice to meet|"
                            r"thanks? (?:you )?for coming)\b")
GREETING_ANYWHERE = _words(r"my name is", r"nice to meet you", r"i'm a (?:social work|counsell?ing|student)",
                           r"i'll be (?:meeting|talking|working) with you")
ENCOURAGERS = {"ok", "okay", "hmm", "mm", "mhm", "mm-hmm", "mmhmm", "uh huh", "uh-huh", "i see", "go on",
               "right", "yeah", "yes", "and?", "sure", "got it", "tell me more"}
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
    Move.AI_CHECK, Move.SAFETY, Move.SAFETY_PERMISSION, Move.DEMAND, Move.JUDGMENT, Move.ADVICE_REQUEST, Move.ADVICE,
    Move.LIFE_STORY,
    Move.CLOSING, Move.SILENCE, Move.GREETING, Move.CONFIDENTIALITY, Move.REFLECTION, Move.EMPATHY, Move.AFFIRM,
    Move.PERMISSION,
    Move.OPEN_QUESTION, Move.ENCOURAGER, Move.CLOSED_QUESTION, Move.STATEMENT,
)
ASK_PATTERNS: tuple[tuple[Ask, re.Pattern[str]], ...] = (
    (Ask.SESSION, _words(r"(?:felt|feel|been|was it|is it) (?:like )?(?:for you )?to (?:talk|be talking|come|be here"
                         r"|sit here)(?: about (?:this|it|all this))?(?: with me| here| today)+",
                         r"how (?:was|is|has) (?:this|today|our (?:talk|conversation|session)|this (?:session|meeting"
                         r"|conversation))(?: been)? for you", r"how (?:are|were) you finding (?:this|today)")),
    (Ask.IMAGINE, _words(r"what would it (?:be|feel) like (?:to|if)", r"how would it (?:be|feel) (?:to|if)",
                         r"what would it be like for you (?:to|if)",
                         r"imagine (?:telling|saying|going|leaving|asking)")),
    (Ask.MEANING, _words(r"what do you mean", r"what did you mean", r"when you say", r"when you said",
                         r"what does (?:that|it) mean (?:for|to) you")),
    (Ask.REASON, _words(r"what makes it (?:so )?(?:hard|difficult|tough|scary|hardest)", r"what gets in the way",
                        r"what stops you", r"what(?:'s| is) stopping you",
                        r"why (?:is it|it's) (?:so )?(?:hard|difficult)", r"what holds you back",
                        r"what(?:'s| is) holding you back")),
    (Ask.WILLING, _words(r"would you be (?:willing|open|okay|ok|up for)",
                         r"(?:are|would) you (?:be )?(?:willing|open) to", r"shall we",
                         r"should we (?:meet|plan|book|schedule|set)", r"would you like to (?:meet|come back|book|set)",
                         r"(?:can|could|will|would) you (?:keep|hold on to|save|put it|take (?:it|this|the)"
                         r"|come back|call (?:us|me|the))", r"(?:meet|see you|talk) again next week")),
    (Ask.PLAN, _words(r"plans?", r"planning", r"going to do", r"gonna do", r"will you do", r"next steps?", r"what now",
                      r"do about (?:it|that|this)", r"what(?:'s| is) next", r"what do you want to do", r"from here",
                      r"thinking of doing", r"do you want to do", r"what you (?:might|could|would|will|can) do",
                      r"if things get (?:harder|worse|bad|rough)")),
    (Ask.GOAL, _words(r"what would help", r"what (?:do|would) you need", r"what would make", r"what would you like",
                      r"what do you want", r"hoping for", r"like to be different", r"want to change",
                      r"(?:want|like) to (?:focus|work) on",
                      r"what (?:support|help) (?:might|would|could) (?:feel|be|help|work)")),
    (Ask.CONCERN, _words(r"what (?:worries|scares|frightens|concerns|bothers|troubles) you",
                         r"what are you (?:most |more )?(?:worried|scared|afraid|frightened|anxious|concerned|nervous)"
                         r" (?:about|of)",
                         r"what(?:'s| is| has)(?: been)? (?:the )?(?:hardest|worst|scariest) (?:part|thing|bit)",
                         r"(?:biggest|main|greatest) (?:worry|worries|concern|fear)", r"what keeps you (?:up|awake)",
                         r"what (?:are|were) you (?:most |more )?(?:worried|scared|afraid|frightened)"
                         r" (?:would|will|might|could)",
                         r"on your mind", r"what(?:'s| is) weighing")),
    (Ask.EVENT, _words(r"what happened", r"what made you", r"what brought", r"what brings", r"happen(?:ed|s)?",
                       r"when did", r"how did (?:it|that|this|things) (?:start"
                       r"|begin|get)", r"the (?:night|day|time|morning) (?:it|that|when|of)", r"walk me through",
                       r"what led", r"how did you end up", r"what went on", r"what was going on")),
    (Ask.SCALE, _words(r"(?:on )?a scale of (?:0|1|one|zero)", r"from (?:0|1|one|zero) to (?:10|ten)",
                       r"how (?:important|confident|ready|sure|committed|motivated) (?:is it|are you|do you feel"
                       r"|would you)")),
    (Ask.TRIED, _words(r"what (?:have|did) you (?:already |ever )?tried", r"what(?:'s| has) (?:worked|helped) (?:before"
                       r"|in the past|so far|at all)", r"what (?:have|did) you (?:already )?(?:done|do) (?:about|to)"
                       r" (?:it|this|that)", r"tried anything", r"what you(?:'ve| have) (?:already |ever )?tried",
                       r"what (?:helps|has helped|helped|gets|got|has gotten|has got) you (?:get |got )?(?:through|by)",
                       r"what (?:helps|has helped|helped) (?:you )?(?:cope|before|in the past)")),
    (Ask.ROUTINE, _words(r"typical day", r"normal day", r"average day", r"(?:a|your) day (?:looks?|is) like",
                         r"walk me through (?:a|your) (?:day|week)", r"how do you spend (?:your|the) (?:days?|time)",
                         r"what (?:are|is) your days? like", r"day[- ]to[- ]day life")),
    (Ask.PASTIME, _words(r"for fun", r"(?:do|did) you enjoy", r"hobb(?:y|ies)", r"free time", r"spare time",
                         r"what do you like (?:doing|to do)", r"used to (?:enjoy|love|like)", r"interests?")),
    (Ask.SUPPORT, _words(r"(?:anyone|anybody|someone|somebody|people|who) (?:in your life |around you )?(?:that |who )?"
                         r"(?:you can |you could |you )?(?:lean on|talk to|turn to|rely on|count on|confide in)",
                         r"who (?:supports|helps|is there for) you",
                         r"who (?:do|can|could|would) you (?:talk to|lean on|turn to|call|go to|rely on|confide in)",
                         r"support (?:system|network)", r"in your corner",
                         r"who (?:are|is) (?:the )?(?:people|person|ones?) (?:you(?:'re| are| feel)? )?"
                         r"(?:closest|close) to", r"who (?:are|is) you(?:'re| are)? closest to")),
    (Ask.FEELING, _words(r"feel\w*", r"felt", r"how are you", r"how have you been", r"what(?:'s| is| was) (?:that|it)"
                         r" like", r"like for you", r"how (?:is|was|has) (?:that|it|this|all)", r"how did (?:that|it)"
                         r" (?:feel|go|sit)", r"emotion\w*", r"mood", r"cope|coping", r"holding up")),
)


@dataclass(frozen=True, slots=True)
class StudentMove:
    """Everything the client notices about one student message: what kind of move, what it is about, what its
    question asks for, and the risks it asks about."""

    moves: frozenset[Move]
    topics: tuple[Topic, ...]
    ask: Ask = Ask.OTHER
    risk_topics: tuple[str, ...] = ()

    @property
    def primary(self) -> Move:
        return next(move for move in PRIORITY if move in self.moves)


def _normalise(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("\u2019", "'").replace("\u2018", "'")).strip().lower()


def ask_of(question: str, closed: bool) -> Ask:
    """What a question asks for: a feeling, an event, a plan, or yes/no."""
    for ask, pattern in ASK_PATTERNS:
        if pattern.search(question):
            return ask
    return Ask.YES_NO if closed else Ask.OTHER


CODE_MOVES: dict[MitiCode, Move] = {
    MitiCode.confront: Move.JUDGMENT, MitiCode.persuade: Move.ADVICE, MitiCode.persuade_with_permission: Move.ADVICE,
    MitiCode.simple_reflection: Move.REFLECTION, MitiCode.complex_reflection: Move.REFLECTION,
    MitiCode.affirm: Move.AFFIRM, MitiCode.open_question: Move.OPEN_QUESTION,
    MitiCode.closed_question: Move.CLOSED_QUESTION,
}


SHARED_ASK = re.compile(r"^(?:so,? |and,? )?(?:what|how|who|where|which|is there anything"
                        r"|can we (?:talk|look) (?:about |at )?(?:what|how))\b[^?]*\?\s*$")
JOINT_LOOK = re.compile(r"^(?:\w+ we \w+, )?let's (?:look at|think about|talk about|work out) (?:what|how|who)\b")


def _shared_question(utterances: Sequence[Utterance]) -> Utterance | None:
    """A question the coder reads as seeking collaboration (MITI codes the agenda, not the asking), or "let's look
    at what you might do": the client still hears a question about their own view and answers it."""
    for piece in reversed(utterances):
        said = _normalise(piece.text)
        if (piece.code is MitiCode.seek_collaboration and SHARED_ASK.search(said)) or (
                piece.code in (MitiCode.seek_collaboration, None) and JOINT_LOOK.search(said)):
            return piece
    return None


def classify(text: str, client_line: str | None = None) -> StudentMove:
    """Tag a student message with every move it makes and the topics it touches, most specific first."""
    clean = _normalise(text)
    bare = clean.strip(" .!?,")
    coded = code_utterance(text, client_line)
    moves = {move for move, pattern in MOVE_PATTERNS.items() if pattern.search(clean)}
    if coded.out_of_frame:
        return StudentMove(moves=frozenset({Move.AI_CHECK, Move.STATEMENT}), topics=())
    moves |= {CODE_MOVES[code] for code in coded.codes if code in CODE_MOVES}
    if MitiCode.seek_collaboration in coded.codes and ASKS_PERMISSION.search(clean):
        moves.add(Move.PERMISSION)
    risk_topics = tuple(topic.value for topic in risk_topics_asked(text))
    if risk_topics:
        moves.add(Move.SAFETY)
    elif asks_permission_for_safety(text):
        moves.add(Move.SAFETY_PERMISSION)
    if not re.search(r"[a-z0-9]", clean):
        moves.add(Move.SILENCE)
    elif bare in ENCOURAGERS:
        moves.add(Move.ENCOURAGER)
    if GREETING_START.match(clean) or GREETING_ANYWHERE.search(clean):
        moves.add(Move.GREETING)
    if CONFIDENTIAL.search(clean):
        moves.add(Move.CONFIDENTIALITY)
    question = next((piece for piece in reversed(coded.utterances)
                     if piece.code in (MitiCode.open_question, MitiCode.closed_question)), None)
    if question is None and Move.PERMISSION not in moves and (question := _shared_question(coded.utterances)):
        moves.add(Move.OPEN_QUESTION)  # "What would you want to focus on next week?" still asks the client something
    ask = ask_of(_normalise(question.text), question.code is MitiCode.closed_question) if question else Ask.OTHER
    moves.add(Move.STATEMENT)
    topics = tuple(topic for topic, pattern in TOPIC_PATTERNS.items() if pattern.search(clean))
    return StudentMove(moves=frozenset(moves), topics=topics, ask=ask, risk_topics=risk_topics)
