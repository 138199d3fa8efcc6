"""Risk keyed by topic: what a persona's risk notes say about each kind of risk, and what a student's question asks.

A safety question releases only the risk it asked about (a question about suicidal thoughts does not bring out
the gun in the garage), a risk the persona does not carry gets a plain denial, and asking permission to talk
about safety ("Would it be okay if I asked about your safety?") is not yet the question. Everyday ways of
asking ("Some nights, do you wish you wouldn't wake up?") count as much as clinical ones.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache

from backend.interviewing.miti.cues import ASKS_PERMISSION, QUESTION_REQUEST, words
from backend.interviewing.words import normalise, sentences


class RiskTopic(StrEnum):
    suicidal_thoughts = "suicidal thoughts"
    plan_intent = "plan or intent"
    means = "means"
    violence_from_others = "violence from others"
    substances = "substances"
    medication = "medication"
    childrens_safety = "children's safety"
    general = "safety in general"  # risk notes no topic pattern recognises: a general safety question reaches them


# How a persona's risk notes (often chart shorthand) name each risk.
NOTE_TOPICS: tuple[tuple[RiskTopic, re.Pattern[str]], ...] = (
    (RiskTopic.means, words(r"\w*guns?", r"rifles?", r"firearms?", r"pistols?", r"shotguns?", r"weapons?", r"stockpil\w*",
                            r"(?:pills|tablets|medication|morphine|opioids?) (?:saved|stored|hoarded|kept|in the)",
                            r"saved (?:up )?(?:pills|tablets|medication|morphine)", r"ropes?", r"knife", r"knives",
                            r"means restriction", r"access to (?:means|pills|a gun)")),
    (RiskTopic.plan_intent, words(r"plans?", r"planned", r"intent\w*", r"rehears\w*", r"would never act", r"act on",
                                  r"a date", r"goodbye (?:notes?|letters?)", r"notes? written", r"researched")),
    (RiskTopic.suicidal_thoughts, words(r"suicid\w*", r"si", r"passive", r"wish(?:es)? (?:she|he|they|i) (?:was|were)"
                                        r" dead", r"(?:not |never )?wake up", r"better off (?:dead|without)",
                                        r"thoughts of (?:death|dying|ending)", r"wants? to die", r"no point",
                                        r"self[- ]harm\w*", r"cutting", r"end (?:it|things|her life|his life)")),
    (RiskTopic.violence_from_others, words(r"hit\w*", r"strangl\w*", r"chok\w*", r"push\w*", r"shov\w*", r"threat\w*",
                                           r"abus\w*", r"violen\w*", r"afraid of (?:him|her|them)", r"grab\w*",
                                           r"slap\w*", r"punch\w*", r"kick\w*", r"hurt (?:her|him|them) before",
                                           r"dv", r"ipv", r"controlling", r"stalk\w*", r"hi", r"throat", r"neck",
                                           r"squeez\w*", r"beat\w*", r"attack\w*", r"assault\w*", r"rap\w*",
                                           r"(?:hurt|hurts|injur\w*) (?:her|him|them)")),
    (RiskTopic.childrens_safety, words(r"(?:child|children|kids?|son|daughter|baby|toddler|infant|grandchild\w*)"
                                       r"[^.]*(?:safe\w*|harm|hurt|hit|alone|unsupervised|neglect\w*|cps|danger)",
                                       r"child protection", r"cps", r"safeguarding")),
    (RiskTopic.medication, words(r"(?:stopped|stopping|skipp\w*|not taking|ran out of|off) (?:her |his |their |all )?"
                                 r"(?:meds|medications?|medicines?|pills|tablets|insulin|antidepressants?|lithium)",
                                 r"non-?adheren\w*", r"adheren\w*", r"prescri\w*", r"doubl\w* (?:up|her|his) (?:dose|meds)")),
    (RiskTopic.substances, words(r"etoh", r"alcohol\w*", r"drink\w*", r"drunk", r"beers?", r"wine", r"vodka", r"whisk\w*",
                                 r"drugs?", r"cannabis", r"weed", r"cocaine", r"meth\w*", r"heroin", r"opioids?", r"fentanyl",
                                 r"using", r"binge\w*", r"overdos\w*", r"substances?")),
)
# How a student's question asks about each kind of risk, in clinical and everyday words.
QUESTION_TOPICS: tuple[tuple[RiskTopic, re.Pattern[str]], ...] = (
    (RiskTopic.suicidal_thoughts, words(
        r"suicid\w*", r"kill(?:ing)? yourself", r"end(?:ing)? (?:your (?:own )?life|it all|things|it)",
        r"tak(?:e|ing) your (?:own )?life", r"(?:want|wanted|wanting|wish|wishing) (?:to die|you (?:were|was) dead)",
        r"not wanting to (?:be here|live|be alive|go on|wake up)", r"not waking up",
        r"(?:wish|wishing|hope|hoping) (?:that )?you (?:would(?:n't| not)?|wouldn't|won't|will not|didn't|could) (?:not )?(?:wake|die"
        r"|disappear|be here)", r"(?:not|wouldn't|would not|never) (?:wake up|be here|being here|be around)",
        r"better off (?:dead|without you)", r"thoughts? (?:of|about) (?:dying|death|suicide|ending|killing|not being"
        r" here|hurting yourself|harming yourself)", r"hurt(?:ing)? yourself", r"harm(?:ing)? yourself",
        r"self[- ]harm\w*", r"cut(?:ting)? yourself", r"(?:don't|do not|no longer) want to (?:live|be here|be alive|go on)",
        r"life (?:isn't|is not|was not|wasn't) worth", r"giv(?:e|ing) up on (?:life|everything)", r"dark thoughts",
        r"(?:go|going) to sleep and not wake")),
    (RiskTopic.plan_intent, words(
        r"(?:made|make|have|got|had) (?:a |any )?plans?(?=\s*(?:\?|$|,|\bor\b|\bfor (?:how|when|ending|it)\b|\bto (?:end|kill"
        r"|hurt|harm|die|do it|act|take)))", r"(?:thought|think|thinking) about how (?:you(?:'d| would| might)|to) (?:do it|end"
        r"|kill|hurt|harm|die|take)", r"how you would (?:do|end)",
        r"when you would", r"set a date", r"intend\w*", r"act on (?:it|them|those|that)", r"going to (?:do it|act)",
        r"(?:decided|planned) (?:how|when)", r"(?:written|wrote) (?:a )?(?:note|letter)", r"close (?:you've|you have)"
        r" come to", r"rehears\w*")),
    (RiskTopic.means, words(
        r"\w*guns?", r"firearms?", r"rifles?", r"pistols?", r"weapons?", r"(?:pills|tablets|medication|medicine|morphine)"
        r" (?:at home|in the house|saved|stored|you(?:'ve| have) (?:saved|kept)|around)", r"sav(?:ed|ing) (?:up )?(?:pills"
        r"|tablets|medication)", r"stockpil\w*", r"access to (?:a |any )?(?:guns?|firearms?|weapons?|pills|medications?)",
        r"rope", r"knives", r"a knife", r"lock(?:ed)? (?:up|away) (?:the |your |that )?(?:gun|rifle|pills|medication)",
        r"taking (?:all |those |the )?(?:pills|tablets)")),
    (RiskTopic.violence_from_others, words(
        r"(?:he|she|they|partner|husband|wife|boyfriend|girlfriend|ex|anyone|someone|anybody|dad|father|mom|mother)"
        r"(?:'s)? (?:\w+ ){0,3}(?:ever )?(?:hit|hurt|threaten\w*|chok\w*|push\w*|shov\w*|grab\w*|strangl\w*|slap\w*|kick\w*|punch\w*)"
        r" (?:you|your)", r"hands? (?:on|around) (?:you|your)", r"afraid (?:of (?:him|her|them)|for your (?:life|safety))",
        r"(?:feel |are you |is it |be |stay |going home )safe", r"safe (?:at home|to go home|tonight|right now|there)",
        r"in danger", r"hurt you", r"violen\w*", r"abus\w*", r"scared of (?:him|her|them)")),
    (RiskTopic.general, words(
        r"(?:your |about (?:your )?)safety", r"(?:are|do) you (?:feel )?safe", r"feel(?:ing)? safe", r"at risk",
        r"anything (?:else )?(?:about (?:your )?safety|i should know about|that worries you about)", r"in danger")),
    (RiskTopic.childrens_safety, words(
        r"(?:kids|children|child|son|daughter|baby|babies|toddler|grandkids)(?:'s)? (?:\w+ ){0,3}(?:safe\w*|hurt|harm\w*"
        r"|hit|alone|in danger|okay)", r"(?:anyone|someone|anybody|he|she|they) (?:hurting|hitting|touching|harming)"
        r" (?:the |your )?(?:kids|children|child|son|daughter|baby)", r"(?:hurt|hit|harm\w*) (?:the |your )?(?:kids"
        r"|children|child|son|daughter|baby)")),
    (RiskTopic.medication, words(
        r"(?:taking|take|took|stopped|stop|skipping|skip|missing|miss) (?:your |the |all |any )?(?:meds|medications?"
        r"|medicines?|pills|tablets|insulin|prescriptions?|antidepressants?)", r"(?:meds|medication|pills|insulin)"
        r" (?:as prescribed|every day|regularly)")),
    (RiskTopic.substances, words(
        r"drink\w*", r"alcohol", r"drunk", r"beers?", r"wine", r"drugs?", r"using", r"get(?:ting)? high", r"weed",
        r"cannabis", r"cocaine", r"meth", r"heroin", r"opioids?", r"fentanyl", r"substances?", r"overdos\w*")),
)
DENIAL = words(r"denie[sd]", r"denied", r"no (?:si|hi|plan|intent|thoughts|history|access|guns?|weapons?|suicidal)",
               r"not (?:suicidal|at risk)", r"never (?:attempted|had|tried|made|harmed|hurt)", r"none")
ASKING = re.compile(r"^(?:(?:so|and|okay|well|but|now),? )*(?:tell me|i'm wondering|i wonder|i want to ask|can you tell"
                    r"|could you tell|let me ask|i need to ask|i have to ask|i'm going to ask|i'd like to ask)\b")
PERMISSION = words(r"(?:can|could|may|might) i ask", r"is it (?:okay|ok|alright|all right) (?:if|to)",
                   r"would (?:it|that) be (?:okay|ok|alright|all right|fine) (?:if|to)", r"do you mind if",
                   r"(?:are you|would you be) (?:okay|ok|open|comfortable) (?:with|to|talking)",
                   r"i'd like to ask you (?:some|a few)", r"before i ask", r"i'm going to ask you some")


# A sentence of risk notes no pattern recognises is reached by a general safety question, not by a specific one.
UNTAGGED = frozenset({RiskTopic.general})


@dataclass(frozen=True, slots=True)
class RiskItem:
    """One sentence of the persona's risk notes, with the risk it is about and whether it denies that risk."""

    index: int
    text: str
    topics: frozenset[RiskTopic]
    denies: bool


def denies_risk(sentence: str) -> bool:
    """Whether a sentence of risk notes says the risk is absent ("Denies SI.", "No plan or intent.")."""
    return DENIAL.search(normalise(sentence)) is not None


@lru_cache(maxsize=512)
def risk_items(sentences_of_risk: tuple[str, ...]) -> tuple[RiskItem, ...]:
    """Each risk sentence tagged by topic (a sentence may name more than one); untagged ones are kept as
    suicidal thoughts only when they deny nothing else (chart notes are mostly about that)."""
    items = []
    for index, text in enumerate(sentences_of_risk):
        lowered = normalise(text)
        topics = frozenset(topic for topic, pattern in NOTE_TOPICS if pattern.search(lowered)) or UNTAGGED
        items.append(RiskItem(index=index, text=text, topics=topics, denies=denies_risk(text)))
    return tuple(items)


SPOKEN_QUESTION = re.compile(r"^(?:(?:so|and|okay|well|but|now),? )*(?:do|does|did|are|is|have|has|would|could|can"
                             r"|will)\s+(?:you|u|he|she|they|anyone|anybody|there)\b")


def _asks(sentence: str) -> bool:
    return sentence.rstrip().endswith("?") or bool(ASKING.match(sentence) or QUESTION_REQUEST.match(sentence)
                                                   or SPOKEN_QUESTION.match(sentence))


def risk_topics_asked(text: str) -> tuple[RiskTopic, ...]:
    """The risks a student's message asks about, in the order asked; permission to ask is not asking."""
    asked: list[RiskTopic] = []
    for sentence in sentences(normalise(text)):
        if not _asks(sentence) or asks_permission_only(sentence):
            continue
        for topic, pattern in QUESTION_TOPICS:
            if pattern.search(sentence) and topic not in asked:
                asked.append(topic)
    return tuple(asked)


def asks_permission_only(text: str) -> bool:
    """ "Would it be okay if I asked you about your safety?": leave to ask, not yet the question."""
    lowered = normalise(text)
    return bool(PERMISSION.search(lowered) or ASKS_PERMISSION.search(lowered)) and not re.search(
        r"(?:,|;|\band)\s+(?:are|do|have|did|is) you\b", lowered)


def asks_permission_for_safety(text: str) -> bool:
    """The message asks leave to talk about safety or risk, and asks nothing more."""
    lowered = normalise(text)
    safety_words = re.search(r"\b(?:safe\w*|suicid\w*|harm\w*|hurt\w*|risk\w*|dark|difficult|personal|hard) "
                             r"|\b(?:safety|suicide|self-harm|risk)\b", lowered)
    return bool(safety_words) and any(asks_permission_only(piece) for piece in sentences(lowered)) and not \
        risk_topics_asked(text)
