"""What the offline client could say next: the scene of one reply and the persona facts not yet said."""

from __future__ import annotations

import random
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from backend.interviewing.hidden import TurnStep
from backend.interviewing.trust import Trust
from backend.llm.offline.moves import StudentMove, Topic
from backend.llm.offline.register import in_register, register_of
from backend.llm.offline.voice import first_clause, issue_lines, partly, spoken_sentences

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
    Topic.FAMILY: ("background_story", "presenting_problem", "cultural_context"),
    Topic.PRACTICAL: ("presenting_problem", "background_story"),
    Topic.GOALS: ("goals",),
    Topic.BACKGROUND: ("background_story",),
    Topic.CULTURE: ("cultural_context",),
}
TOPIC_FILTERS = {Topic.FAMILY: FAMILY_WORDS, Topic.PRACTICAL: MONEY_WORDS}
FALLBACK_SOURCES = ("presenting_problem", "background_story", "cultural_context")
HINT_WORDS = 6


@dataclass(slots=True)
class Scene:
    """One reply's context: who the client is, what the student just did, how open the client is, what was said."""

    persona: dict[str, Any]
    name: str
    difficulty: int
    move: StudentMove
    step: TurnStep | None
    said: str
    rng: random.Random
    student_text: str
    last_reply: str

    @property
    def trust(self) -> Trust:
        return self.step.state.trust if self.step else Trust.guarded

    @property
    def guarded(self) -> bool:
        return self.trust is Trust.guarded

    @property
    def open(self) -> bool:
        return self.trust is Trust.open

    @property
    def closed_run(self) -> int:
        return self.step.state.closed_run if self.step else 0

    def was_said(self, text: str) -> bool:
        return text.lower().rstrip(".!?") in self.said

    @property
    def register(self) -> str:
        return register_of(self.persona)

    def pick(self, options: Sequence[str], **fields: str) -> str:
        """A deterministic choice in this speaker's register that avoids repeating itself when it can."""
        rendered = [option.format(**fields) if fields else option for option in in_register(options, self.register)]
        fresh = [option for option in rendered if not self.was_said(option)]
        not_just_said = [option for option in rendered if option.lower() not in self.last_reply]
        return self.rng.choice(fresh or not_just_said or rendered)

    def unsaid(self, sentences: Sequence[str]) -> list[str]:
        """Sentences not yet said, counting a half-said one (its trailing-off start) as said."""
        return [s for s in sentences if not self.was_said(s) and not self._half_said(s)]

    def _half_said(self, sentence: str) -> bool:
        starts = (first_clause(sentence).removesuffix("..."), hint_of(sentence).removesuffix("..."))
        return any(len(start) >= 15 and self.was_said(start) for start in starts)

    def sentences(self, *keys: str) -> list[str]:
        return [sentence for key in keys for sentence in spoken_sentences(self.persona, key)]


def hint_of(sentence: str) -> str:
    """The first few words of a hard thing, trailing off: enough to show it is there, not enough to say it."""
    words = sentence.rstrip(".!?").split()
    keep = max(3, min(HINT_WORDS, len(words) // 2))
    return " ".join(words[:keep]).rstrip(",;:") + "..."


def rest_of(sentence: str) -> str:
    """What a client who said only the start of a sentence ("I'm angry and humiliated...") has left to say."""
    start = first_clause(sentence).removesuffix("...")
    rest = sentence[len(start):].strip(" ,;:")
    rest = re.sub(r"^(and|but|so) am\b", r"\1 I'm", rest)  # "..., and am frustrated" said on its own
    rest = re.sub(r"^(and|but|so) (have|was|had|feel|want|need|keep|can|will)\b", r"\1 I \2", rest)
    return rest[:1].upper() + rest[1:] if rest and rest != sentence else ""


def untold_rest(scene: Scene, sentences: Sequence[str]) -> list[str]:
    """The second halves of sentences the client only began, not yet said either."""
    rests = [rest_of(s) for s in sentences if scene._half_said(s) and not scene.was_said(s)]
    return [rest for rest in rests if rest and not scene.was_said(rest)]


def topic_facts(scene: Scene, topic: Topic, *, said_too: bool = False) -> list[str]:
    """The unsaid persona sentences about one topic (with `said_too`, all of them), in the teacher's order."""
    pool = scene.sentences(*TOPIC_SOURCES[topic])
    if topic in TOPIC_FILTERS:
        pool = [sentence for sentence in pool if TOPIC_FILTERS[topic].search(sentence)]
    return pool if said_too else scene.unsaid(pool)


def any_fact(scene: Scene) -> str | None:
    """For a question about nothing in particular: the next unsaid thing about the problem and the life around it."""
    fresh = scene.unsaid(scene.sentences(*FALLBACK_SOURCES) + issue_lines(scene.persona))
    return fresh[0] if fresh else None


def guarded_version(scene: Scene, sentence: str) -> str:
    """How much of a plain fact a client gives at its trust: the start of it while guarded, all of it after."""
    if scene.guarded and scene.difficulty >= 3:
        return partly(sentence)
    return sentence
