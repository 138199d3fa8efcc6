"""Answers to what the student asked about: a feeling for a question about feelings, a want for one about
goals, a fact of the topic asked, never another topic's fact. How much comes out follows the trust level."""

from __future__ import annotations

import re

from backend.interviewing.hidden import Offer
from backend.interviewing.words import content_stems
from backend.llm.offline import lines
from backend.llm.offline.allusions import allusion
from backend.llm.offline.feelings import mildest, plain_feelings
from backend.llm.offline.moves import Ask, Topic
from backend.llm.offline.openers import referral_options
from backend.llm.offline.scene import Scene, any_fact, guarded_version, topic_facts, untold_rest
from backend.llm.offline.voice import FIRST_PERSON_WORD, lower_start, partly, say

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
    fresh = topic_facts(scene, topic)
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


def support(scene: Scene) -> list[str]:
    """Asked who they can lean on: someone from their life, with a person's doubt, or plainly nobody."""
    people = topic_facts(scene, Topic.FAMILY, said_too=True) + topic_facts(scene, Topic.CULTURE, said_too=True)
    if not people or (scene.guarded and scene.difficulty >= 4):
        return [scene.pick(lines.SUPPORT_NONE)]
    fresh = scene.unsaid(people)
    if not fresh:
        return [scene.pick(lines.SUPPORT_SAID)]
    # someone still there first; "My father was deported when I was twelve" is why there is no one to lean on
    there = [fact for fact in fresh if LEANED_ON.search(fact) and not NOT_THERE.search(fact)]
    if there:
        return [scene.pick(lines.SUPPORT_LEADS), guarded_version(scene, there[0])]
    gone = [fact for fact in fresh if NOT_THERE.search(fact)]
    if gone:
        return [scene.pick(lines.SUPPORT_DOUBT), guarded_version(scene, gone[0])]
    return [scene.pick(lines.SUPPORT_NONE)]


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
    asked = set(content_stems(scene.student_text))
    pool = scene.unsaid(scene.sentences("presenting_problem", "background_story", "emotional_state", "goals"))
    matching = [sentence for sentence in pool if asked & set(content_stems(sentence))]
    if not matching:
        return [scene.pick(lines.NO_SHORT)]
    if scene.guarded:
        return [scene.pick(lines.YES_GUARDED)]
    return [scene.pick(lines.YES_SHORT), guarded_version(scene, matching[0])]


def answer(scene: Scene) -> list[str]:
    """An open question or a remark: the thing asked about first; a hidden piece the student earned with it."""
    piece = hidden_piece(scene)
    fact = scene.step.fact if scene.step else None
    ask = scene.move.ask
    if piece and fact and fact.asked and fact.offer is Offer.tell:
        # the student's words touched the very thing the client has been holding back, and now it comes out; a
        # question about plans or wants in the same message still gets its (short) answer after it
        return piece + (plan(scene) if ask is Ask.PLAN else want(scene) if ask is Ask.GOAL else [])
    if ask is Ask.PLAN:
        return plan(scene) + piece
    if ask is Ask.GOAL:
        return want(scene) + piece
    if ask is Ask.CONCERN:
        return concern(scene) + piece
    if ask is Ask.SUPPORT:
        return support(scene) + piece
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
