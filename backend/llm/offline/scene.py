"""What the offline client could say next: the scene of one reply and the persona facts not yet said."""

from __future__ import annotations

import random
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from backend.llm.offline import lines
from backend.llm.offline.moves import REVEAL_FULL, REVEAL_HINT, RISK_UNPROMPTED, Move, StudentMove, Topic
from backend.llm.offline.voice import first_clause, first_person, issue_lines, lower_start, spoken_sentences
from backend.llm.persona import hidden_facts_of

RISK_DENIAL = re.compile(r"\bno (?:thoughts|suicidal)")
FAMILY_WORDS = re.compile(
    r"\b(?:family|mother|mom|father|dad|parents?|husband|wife|son|daughters?|children|kids?|brother|sister|"
    r"grand\w+|step\w+|married|baby|ex)\b", re.I
)
MONEY_WORDS = re.compile(
    r"\b(?:job|work\w*|rent|money|pay\w*|hours|severance|savings|bills?|licen[cs]e|school|evict\w*|income|"
    r"laid off|contract|college|tuition)\b", re.I
)
TOPIC_SOURCES: dict[Topic, tuple[str, ...]] = {
    Topic.PROBLEM: ("presenting_problem",),
    Topic.FEELINGS: ("emotional_state",),
    Topic.FAMILY: ("presenting_problem", "background_story", "goals", "cultural_context"),
    Topic.PRACTICAL: ("presenting_problem", "background_story", "goals"),
    Topic.GOALS: ("goals",),
    Topic.BACKGROUND: ("background_story",),
    Topic.CULTURE: ("cultural_context",),
}
TOPIC_FILTERS = {Topic.FAMILY: FAMILY_WORDS, Topic.PRACTICAL: MONEY_WORDS}
FALLBACK_SOURCES = ("presenting_problem", "emotional_state", "background_story", "goals")
WARMING_MOVES = {Move.REFLECTION, Move.EMPATHY, Move.OPEN_QUESTION, Move.ENCOURAGER}
GUARDED_BELOW = {1: 0.0, 2: 0.0, 3: 0.0, 4: 2.5, 5: 3.0}


@dataclass(slots=True)
class Scene:
    """One reply's context: who the client is, what the student just did, and what was already said."""

    persona: dict[str, Any]
    name: str
    difficulty: int
    move: StudentMove
    rapport: float
    said: str
    rng: random.Random
    closed_streak: int
    student_text: str
    last_reply: str

    @property
    def guarded(self) -> bool:
        return self.rapport < GUARDED_BELOW[self.difficulty]

    def was_said(self, text: str) -> bool:
        return text.lower().rstrip(".!?") in self.said

    def pick(self, options: Sequence[str], **fields: str) -> str:
        """A deterministic choice that avoids repeating itself when a fresh option exists."""
        rendered = [option.format(**fields) if fields else option for option in options]
        fresh = [option for option in rendered if not self.was_said(option)]
        not_just_said = [option for option in rendered if option.lower() not in self.last_reply]
        return self.rng.choice(fresh or not_just_said or rendered)

    def unsaid(self, sentences: Sequence[str]) -> list[str]:
        """Sentences not yet said, counting a half-said one (its trailing-off first clause) as said."""
        return [s for s in sentences if not self.was_said(s) and not self._half_said(s)]

    def _half_said(self, sentence: str) -> bool:
        clause = first_clause(sentence).removesuffix("...")
        return len(clause) >= 15 and self.was_said(clause)

    def sentences(self, *keys: str) -> list[str]:
        return [sentence for key in keys for sentence in spoken_sentences(self.persona, key)]


def topic_fact(scene: Scene, topics: Sequence[Topic] | None = None, fallback: bool = True) -> str | None:
    """The next thing not yet said about what the student asked, falling back to the problem itself."""
    for topic in scene.move.topics if topics is None else topics:
        pool = scene.sentences(*TOPIC_SOURCES[topic])
        if topic in TOPIC_FILTERS:
            pool = [sentence for sentence in pool if TOPIC_FILTERS[topic].search(sentence)]
        if fresh := scene.unsaid(pool):
            return fresh[0]
    if not fallback:
        return None
    fresh = scene.unsaid(scene.sentences(*FALLBACK_SOURCES) + issue_lines(scene.persona))
    return fresh[0] if fresh else None


def framed(scene: Scene, fact: str, lead_in: bool = True) -> str:
    """A fact as the client says it: trailing off while still guarded, otherwise with a natural lead-in."""
    if scene.difficulty >= 4 and scene.rapport < REVEAL_HINT:
        return first_clause(fact)
    if not lead_in:
        return fact
    return scene.rng.choice(lines.FACT_FRAMES).format(fact=fact, lower=lower_start(fact))


def reveal(scene: Scene) -> list[str]:
    """Rapport-gated material: a half-finished hint first, then one piece at a time as trust grows."""
    hidden = [first_person(item["fact"], scene.persona) for item in hidden_facts_of(scene.persona)]
    if not hidden or scene.rapport < REVEAL_HINT or not scene.move.moves & WARMING_MOVES:
        return []
    if scene.rapport < REVEAL_FULL:
        hint = first_clause(hidden[0])
        return [] if scene.was_said(hint) else [hint, scene.pick(lines.HINT_TAILS)]
    fresh = [sentence for sentence in hidden if not scene.was_said(sentence)]
    just_revealed = any(sentence.lower().rstrip(".!?") in scene.last_reply for sentence in hidden)
    return [scene.pick(lines.REVEAL_LEADS), fresh[0]] if fresh and not just_revealed else []


def denies_risk(sentence: str) -> bool:
    """A risk note that says what the client does NOT have ("no thoughts of suicide"), not a risk to hint at."""
    return RISK_DENIAL.search(sentence) is not None


def risk_hint_unprompted(scene: Scene) -> list[str]:
    risky = [s for s in scene.sentences("risk_factors") if not denies_risk(s)]
    if not risky or scene.rapport < RISK_UNPROMPTED or Topic.FEELINGS not in scene.move.topics:
        return []
    hint = first_clause(risky[0])
    return [] if scene.was_said(hint) else [hint]
