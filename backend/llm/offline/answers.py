"""Answers to what the student asked about: a feeling for a question about feelings, a want for one about
goals, a fact of the topic asked, never another topic's fact. How much comes out follows the trust level."""

from __future__ import annotations

import re
from collections.abc import Callable

from backend.interviewing.hidden import Offer
from backend.interviewing.words import content_stems
from backend.llm.offline import lines
from backend.llm.offline.allusions import allusion
from backend.llm.offline.feelings import mildest, plain_feelings
from backend.llm.offline.moves import Ask, Topic
from backend.llm.offline.openers import referral_options
from backend.llm.offline.scene import Scene, any_fact, guarded_version, topic_facts, untold_rest
from backend.llm.offline.voice import FIRST_PERSON_WORD, inner_lines, lower_start, partly, say

# The order a question's topics are answered in: how someone feels or wants before the facts around it.
TOPIC_ORDER = (Topic.FEELINGS, Topic.GOALS, Topic.FAMILY, Topic.PRACTICAL, Topic.BACKGROUND, Topic.CULTURE,
               Topic.PROBLEM)


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def with_word(scene: Scene, options: tuple[str, ...], word: str) -> str:
    """A line with a feeling word in it, capitalised where it starts a sentence."""
    return _cap(scene.pick(options, word=word, Word=_cap(word)))


def feeling(scene: Scene) -> list[str]:
    """Guarded: the mildest plain word, minimised. Warming: the start of how they feel. Open: all of it."""
    words = plain_feelings(str(scene.persona.get("emotional_state") or ""))
    sentences = scene.sentences("emotional_state")
    fresh = scene.unsaid(sentences)
    if scene.guarded:
        return [with_word(scene, lines.FEELING_GUARDED, mildest(words))]
    if not fresh and (rest := untold_rest(scene, sentences)):
        return rest[:1]
    if not fresh:
        unsaid_words = [word for word in words if word not in scene.said]
        if unsaid_words:
            return [with_word(scene, lines.FEELING_MORE, unsaid_words[0])]
        return [with_word(scene, lines.FEELING_AGAIN, words[0])] if words else [scene.pick(lines.FEELING_BLANK)]
    sentence = fresh[0]
    if not scene.open and scene.difficulty >= 3:
        return [partly(sentence)]
    return [sentence]


def want(scene: Scene) -> list[str]:
    """What the client wants: little while guarded (and nothing real from a resistant client), more with trust."""
    goals = scene.sentences("goals")
    fresh = scene.unsaid(goals)
    if (scene.guarded and scene.difficulty >= 4) or not fresh:
        return [scene.pick(lines.WANT_AGAIN if goals and not fresh else lines.WANT_GUARDED)]
    return [partly(fresh[0]) if scene.guarded else fresh[0]]


def about(scene: Scene, topic: Topic) -> list[str]:
    """A fact of the topic asked about; when those run out, a plain 'that's about it', not a different topic."""
    fresh = _named_first(scene, topic_facts(scene, topic))
    if scene.guarded and scene.difficulty >= 4:
        if topic is Topic.PROBLEM and (referral := referral_line(scene)):
            return [referral]
        return [scene.pick(lines.DEFLECT_HOSTILE if scene.difficulty == 5 else lines.DEFLECT_GUARDED)]
    if not fresh:
        # nothing of it said yet means there is nothing much to it, not "I don't know what else to tell you"
        if topic_facts(scene, topic, said_too=True):
            return [scene.pick(lines.TOPIC_DONE)]
        return [scene.pick(lines.PROBLEM_VAGUE if topic is Topic.PROBLEM else lines.TOPIC_EMPTY)]
    fact = guarded_version(scene, fresh[0])
    if scene.guarded or fact.endswith("..."):
        return [fact]
    return [scene.rng.choice(lines.FACT_FRAMES).format(fact=fact, lower=lower_start(fact))]


CONCERN_TOPICS = (Topic.PROBLEM, Topic.FAMILY, Topic.PRACTICAL)
# What makes a sentence a worry rather than a plain fact ("I've been married to Abena for 22 years" is not one).
TROUBLE = re.compile(
    r"\b(?:not|no|never|nobody|nothing|without|alone|\w+n't|can't|cannot|won't|couldn't|lost|losing|lose|behind|owe\w*"
    r"|debt|cut|skip\w*|fight\w*|argu\w*|hurt\w*|hit|angry|afraid|scared|frighten\w*|worr\w*|fail\w*"
    r"|hard|problem\w*|trouble|sick|ill|pain\w*|died|death|dying|evict\w*|late|fired|laid off|quit|drink\w*|panic"
    r"|attacks?|crash\w*|blame\w*|guilt\w*|ashamed|runs? out|cancel\w*|miss\w*|temper|shout\w*|yell\w*"
    r"|stopped (?:going|eating|sleeping|seeing|visiting|talking)"
    r"|controll?\w*|threat\w*|risk|danger\w*|tired|exhausted|struggl\w*|stress\w*|cry\w*|sleep\w*|weight)\b", re.I)


def concern(scene: Scene) -> list[str]:
    """Asked what worries them: a thing that worries them (the problem and the life around it, said as the client
    would, not a chart fragment), not a feeling word; while guarded and hard, a deflection."""
    if scene.guarded and scene.difficulty >= 4:
        return [scene.pick(lines.DEFLECT_HOSTILE if scene.difficulty == 5 else lines.DEFLECT_GUARDED)]
    fresh = next((spoken for topic in CONCERN_TOPICS if (spoken := [
        fact for fact in topic_facts(scene, topic) if FIRST_PERSON_WORD.search(fact) and TROUBLE.search(fact)])), [])
    if not fresh:
        told = any(topic_facts(scene, topic, said_too=True) for topic in CONCERN_TOPICS)
        return [scene.pick(lines.CONCERN_AGAIN if told else lines.CONCERN_VAGUE)]
    fact = guarded_version(scene, fresh[0])
    return [fact] if fact.endswith("...") else [scene.pick(lines.CONCERN_FRAMES, fact=fact)]


NOT_THERE = re.compile(r"\b(?:not|\w+n't|never|no longer|stopped|died|passed away|lost|away|abroad|far|deported|gone"
                       r"|left|prison|jail|addiction|struggled|estranged|divorced|separated|controll\w*|interfere\w*"
                       r"|let \w+ down|shame\w*|ashamed|disappoint\w*)\b",
                       re.I)


LEANED_ON = re.compile(r"\b(?:calls?|visits?|lives? with|helps?|drives?|support\w*|close|friends?|married|husband|wife"
                       r"|partner|raised|takes? care|looks? after|texts?|talks?|checks? (?:in|on))\b", re.I)


ASKS_WHO = re.compile(r"\bwho\b", re.I)


def support(scene: Scene) -> list[str]:
    """Asked who they can lean on: someone from their life, with a person's doubt, or plainly nobody. Asked
    "who", a person names someone or nobody; asked "is there anyone", they say yes or no first."""
    who = bool(ASKS_WHO.search(scene.student_text))
    people = topic_facts(scene, Topic.FAMILY, said_too=True) + topic_facts(scene, Topic.CULTURE, said_too=True)
    if not people or (scene.guarded and scene.difficulty >= 4):
        return [scene.pick(lines.SUPPORT_NONE_WHO if who else lines.SUPPORT_NONE)]
    fresh = scene.unsaid(people)
    if not fresh:
        return [scene.pick(lines.SUPPORT_SAID_WHO if who else lines.SUPPORT_SAID)]
    # someone still there first; "My father was deported when I was twelve" is why there is no one to lean on
    there = [fact for fact in fresh if LEANED_ON.search(fact) and not NOT_THERE.search(fact)]
    if there:
        return [guarded_version(scene, there[0])] if who else [scene.pick(lines.SUPPORT_LEADS),
                                                               guarded_version(scene, there[0])]
    gone = [fact for fact in fresh if NOT_THERE.search(fact)]
    if gone:
        return [scene.pick(lines.SUPPORT_DOUBT_WHO if who else lines.SUPPORT_DOUBT), guarded_version(scene, gone[0])]
    return [scene.pick(lines.SUPPORT_NONE_WHO if who else lines.SUPPORT_NONE)]


def scale(scene: Scene) -> list[str]:
    """A ruler: a number that fits how open and how resistant the client is, and a reason from what they want."""
    low = scene.guarded or scene.difficulty >= 5
    number = scene.pick(lines.SCALE_GUARDED if low else lines.SCALE_OPEN if scene.open else lines.SCALE_WARMING)
    goals = scene.sentences("goals")
    if low or not goals:
        return [number]
    goal = goals[0]
    return [number, scene.pick(lines.SCALE_REASON, fact=goal, lower=lower_start(goal))]


def tried(scene: Scene) -> list[str]:
    """What they have tried: how they get through (their coping), or plainly not much."""
    coping = [str(item).strip() for item in scene.persona.get("coping_strategies") or [] if str(item).strip()]
    if scene.guarded and scene.difficulty >= 4:
        return [scene.pick(lines.DEFLECT_HOSTILE if scene.difficulty == 5 else lines.DEFLECT_GUARDED)]
    if not coping:
        return [scene.pick(lines.TRIED_NOTHING)]
    fresh = scene.unsaid(inner_lines({**scene.persona, "automatic_thought": "", "core_belief": ""}))
    if not fresh:  # asked again: what they said stands, not the same sentence word for word
        return [scene.pick(lines.TRIED_SAID)]
    return [scene.pick(lines.TRIED_LEADS), fresh[0]]


def reason(scene: Scene) -> list[str]:
    """What makes it hard: what the client tells themselves (the automatic thought, the core belief), not a fact
    from their history; little while a hard client is guarded."""
    if scene.guarded and scene.difficulty >= 4:
        return [scene.pick(lines.DEFLECT_HOSTILE if scene.difficulty == 5 else lines.DEFLECT_GUARDED)]
    inner = inner_lines({**scene.persona, "coping_strategies": []})
    if fresh := scene.unsaid(inner):
        return [partly(fresh[0]) if scene.guarded else fresh[0]]
    feeling = scene.unsaid(scene.sentences("emotional_state"))
    if feeling and not scene.guarded:
        return [feeling[0]]
    if inner:  # said already: the same reason again, as said before, not "I don't know"
        return [ALREADY_SAID.sub("Like I said, ", inner[-1], count=1)]
    return [scene.pick(lines.REASON_NONE)]


ALREADY_SAID = re.compile(r"^(?:Deep down |There's this voice in my head that says )")


# a quotation, not an apostrophe: the opening mark follows a space or the start, the closing one ends a word
QUOTED = re.compile(r"(?:^|(?<=\s))['\"\u2018\u201c]([^'\"\u2019\u201d]{2,40}?)['\"\u2019\u201d](?!\w)")


def meaning(scene: Scene) -> list[str]:
    """ "When you say 'sort of', what do you mean?": words the client never said get a puzzled "Did I say that?";
    words they said get what they meant, in a line of how they feel."""
    quoted = QUOTED.search(scene.student_text)
    if quoted and quoted.group(1).lower().strip() not in scene.last_reply:
        return [scene.pick(lines.NOT_SAID)]
    feeling = scene.unsaid(scene.sentences("emotional_state"))
    if feeling and not scene.guarded:
        return [feeling[0]]
    return [scene.pick(lines.MEANT)]


def imagine(scene: Scene) -> list[str]:
    """Asked to imagine a step (telling someone, leaving): how it would feel, as far as trust lets them look."""
    if scene.guarded:
        return [scene.pick(lines.IMAGINE_GUARDED)]
    return [scene.pick(lines.IMAGINE_OPEN if scene.open else lines.IMAGINE_WARMING)]


def session(scene: Scene) -> list[str]:
    """How talking here has been: a reaction to this meeting that follows trust, not the problem again."""
    if scene.guarded:
        return [scene.pick(lines.SESSION_HOSTILE if scene.difficulty == 5 else lines.SESSION_GUARDED)]
    return [scene.pick(lines.SESSION_OPEN if scene.open else lines.SESSION_WARMING)]


def willing(scene: Scene) -> list[str]:
    """Asked to agree to something (keep a number, meet again): yes once warm, a hedge before, a balk when
    hostile."""
    if scene.guarded:
        return [scene.pick(lines.WILLING_HOSTILE if scene.difficulty == 5 else lines.WILLING_GUARDED)]
    return [scene.pick(lines.WILLING_OPEN if scene.open else lines.WILLING_WARMING)]


PASTIMES = re.compile(r"\b(?:play(?:ed|s|ing)?|used to|enjoy\w*|love[sd]?|choir|garden\w*|music|guitar|piano"
                      r"|sing(?:s|ing|er)?|danc\w*|cook\w*|bak\w*|read\w*|walk\w*|hik\w*|run(?:ning)?|gym|team|soccer|football"
                      r"|basketball|baseball|fishing|paint\w*|draw\w*|knit\w*|games?|gaming|friends)\b", re.I)


ROUTINE = re.compile(r"\b(?:mornings?|nights?|evenings?|every (?:day|morning|night)|most (?:days|nights)|weekends?"
                     r"|shifts?|wake|awake|asleep|sleep\w*|bed|cook\w*|meals?|drive[sn]?|school|lectures?|classes"
                     r"|job sites?|all day|at home|a\.m\.|p\.m\.)\b", re.I)


def routine(scene: Scene) -> list[str]:
    """A typical day: something from the client's life that fills their days, or that the days blur."""
    if scene.guarded and scene.difficulty >= 4:
        return [scene.pick(lines.DEFLECT_HOSTILE if scene.difficulty == 5 else lines.DEFLECT_GUARDED)]
    pool = scene.unsaid(scene.sentences("presenting_problem", "background_story", "emotional_state"))
    days = [sentence for sentence in pool if ROUTINE.search(sentence)]
    return [guarded_version(scene, days[0])] if days else [scene.pick(lines.ROUTINE_NONE)]


def pastime(scene: Scene) -> list[str]:
    """What they do for fun: something from their life that is a pastime, or that there is little room for it."""
    pool = scene.unsaid(scene.sentences("background_story", "cultural_context", "presenting_problem"))
    fun = [sentence for sentence in pool if PASTIMES.search(sentence)]
    if (scene.guarded and scene.difficulty >= 4) or not fun:
        return [scene.pick(lines.PASTIME_NONE)]
    return [guarded_version(scene, fun[0])]


# Words a question shares with everything: they never make a persona sentence the answer to it.
GENERIC_STEMS = frozenset(content_stems(
    "feel feeling think like day days thing things time now right really life people going way lot much want "
    "tell say said know right now lately today week part happen happened make made come"))
TOPIC_NAMES = frozenset(content_stems("family home work money job school culture faith background growing up past"))


def _named_first(scene: Scene, facts: list[str]) -> list[str]:
    """A topic's facts with those about what the question names first ("your mum": the one about her)."""
    asked = set(content_stems(scene.student_text)) - GENERIC_STEMS - TOPIC_NAMES
    return sorted(facts, key=lambda fact: not asked & set(content_stems(fact))) if asked else facts


NAMED_SOURCES = ("presenting_problem", "background_story", "emotional_state", "cultural_context")


def matching_fact(scene: Scene, sources: tuple[str, ...] = NAMED_SOURCES) -> str | None:
    """The first unsaid public sentence that is about what the question names ("How's your sleep been?" ->
    "Since then I have lost weight and hardly sleep.")."""
    asked = set(content_stems(scene.student_text)) - GENERIC_STEMS
    if not asked:
        return None
    pool = scene.unsaid(scene.sentences(*sources))
    return next((sentence for sentence in pool if asked & set(content_stems(sentence))), None)


def referral_line(scene: Scene) -> str | None:
    """Who sent the client, in their words, once."""
    options = scene.unsaid(referral_options(scene.persona))
    return scene.pick(options) if options else None


def hidden_piece(scene: Scene) -> list[str]:
    """The hidden fact the disclosure rules let out this turn: a few words trailing off, or the thing itself."""
    offer = scene.step.fact if scene.step else None
    if offer is None:
        return []
    sentence = say(offer.fact, scene.persona)
    if sentence is None or scene.was_said(sentence):
        return []
    if offer.offer is Offer.hint:
        return [allusion(offer.fact, scene.rng, avoid=scene.said)]
    lead = scene.pick(lines.REVEAL_LEADS)
    return [f"{lead} {lower_start(sentence) if lead.endswith('but...') else sentence}"]


def plan(scene: Scene) -> list[str]:
    """Asked about plans: what they want to do, or plainly that there is no plan yet."""
    goals = scene.unsaid(scene.sentences("goals"))
    if scene.guarded or not goals:
        return [scene.pick(lines.NO_PLAN)]
    return [scene.pick(lines.PLAN_LEADS), partly(goals[0]) if not scene.open else goals[0]]


def yes_no(scene: Scene) -> list[str]:
    """A yes-or-no question: yes or no first, then a little more when trust allows."""
    named = matching_fact(scene, ("presenting_problem", "background_story", "emotional_state", "goals"))
    if named is None:
        return [scene.pick(lines.NO_SHORT)]
    if scene.guarded:
        return [scene.pick(lines.YES_GUARDED)]
    return [scene.pick(lines.YES_SHORT), guarded_version(scene, named)]


def answer(scene: Scene) -> list[str]:
    """An open question or a remark: the thing asked about first; a hidden piece the student earned with it."""
    piece = hidden_piece(scene)
    fact = scene.step.fact if scene.step else None
    ask = scene.move.ask
    if piece and fact and fact.asked and fact.offer is Offer.tell:
        # the student's words touched the very thing the client has been holding back, and now it comes out; a
        # question about plans or wants in the same message still gets its (short) answer after it
        if ask in ASKED_FIRST:  # "A seven." before the thing that came out with it, not cut off after it
            return ASKED_FIRST[ask](scene) + piece
        return piece + ASKED_AFTER.get(ask, lambda _: [])(scene)
    if ask in ANSWERS_BY_ASK:  # a question of a kind gets an answer of that kind, then what it drew out
        return ANSWERS_BY_ASK[ask](scene) + piece
    broad = not (set(scene.move.topics) - {Topic.FEELINGS})  # "How's your sleep?", not "Tell me about your family"
    if ask in (Ask.OTHER, Ask.FEELING) and broad and not (scene.guarded and scene.difficulty >= 4) and (
            named := matching_fact(scene)):
        return [guarded_version(scene, named), *piece]
    if ask is Ask.EVENT and not (scene.guarded and scene.difficulty >= 4):
        return about(scene, Topic.PROBLEM) + piece
    if ask is Ask.YES_NO and not scene.move.topics:
        return yes_no(scene) + piece
    topic = Topic.FEELINGS if ask is Ask.FEELING else next(
        (topic for topic in TOPIC_ORDER if topic in scene.move.topics), None)
    if topic is Topic.FEELINGS:
        parts = feeling(scene)
    elif topic is Topic.GOALS:
        parts = want(scene)
    elif topic is not None:
        parts = about(scene, topic)
    elif scene.guarded and scene.difficulty >= 4:
        parts = [scene.pick(lines.DEFLECT_HOSTILE if scene.difficulty == 5 else lines.DEFLECT_GUARDED)]
    else:
        fact = any_fact(scene)
        parts = [guarded_version(scene, fact)] if fact else [scene.pick(lines.GENERIC_FALLBACK)]
    return parts + piece


# What still gets its (short) answer after a hidden piece the same message drew out.
ASKED_AFTER: dict[Ask, Callable[[Scene], list[str]]] = {Ask.PLAN: plan, Ask.GOAL: want, Ask.IMAGINE: imagine}
ASKED_FIRST: dict[Ask, Callable[[Scene], list[str]]] = {
    Ask.SCALE: lambda scene: scale(scene)[:1], Ask.TRIED: lambda scene: tried(scene)[:1],
    Ask.PASTIME: pastime, Ask.SUPPORT: lambda scene: support(scene)[:1], Ask.ROUTINE: routine,
}
# The kinds of question whose answer has its own shape (a plan, a want, a worry, people, a number...).
ANSWERS_BY_ASK: dict[Ask, Callable[[Scene], list[str]]] = {
    Ask.PLAN: plan, Ask.GOAL: want, Ask.CONCERN: concern, Ask.SUPPORT: support, Ask.SCALE: scale, Ask.TRIED: tried,
    Ask.PASTIME: pastime, Ask.ROUTINE: routine, Ask.SESSION: session, Ask.WILLING: willing, Ask.REASON: reason,
    Ask.MEANING: meaning, Ask.IMAGINE: imagine,
}
