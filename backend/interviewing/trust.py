"""How a simulated client's trust moves turn by turn, and what it may let out: rules, never a model call.

The student's last message, coded by MITI (`miti.code_utterance`), moves a trust score: reflections,
affirmations, open questions and honouring the client's choices raise it; advice without permission,
confrontation and a run of closed questions lower it. The persona's difficulty scales both ways, so a
guarded client warms slowly and cools fast. The score reads as a level (guarded, warming, open), and the
level decides what hidden material the next reply may carry (`hidden.py`): nothing while guarded, a hint at
a fact the student's message touches while warming, the fact itself once open. The conversation service
keeps the state on the session; the offline simulator replays it from the history with the same functions,
so both kinds of client open up alike.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from enum import StrEnum
from functools import lru_cache
from typing import Any

from backend.interviewing.codes import MitiCode
from backend.interviewing.miti import CodedUtterance, code_utterance


class Trust(StrEnum):
    guarded = "guarded"
    warming = "warming"
    open = "open"


# Where each difficulty starts, how much a good move is worth (openness) and how much a bad one costs.
START = {1: 4.5, 2: 3.5, 3: 2.0, 4: 1.0, 5: 0.0}
OPENNESS = {1: 1.5, 2: 1.25, 3: 1.0, 4: 0.75, 5: 0.5}
SENSITIVITY = {1: 0.75, 2: 0.9, 3: 1.0, 4: 1.25, 5: 1.5}
WARMING_AT, OPEN_AT = 3.0, 6.0
FLOOR, CEILING = -2.0, 9.0
GAINS = {
    MitiCode.complex_reflection: 1.5, MitiCode.simple_reflection: 1.0, MitiCode.affirm: 1.0,
    MitiCode.emphasize_autonomy: 1.0, MitiCode.seek_collaboration: 0.75, MitiCode.open_question: 0.75,
}
LOSSES = {MitiCode.confront: 2.5, MitiCode.persuade: 1.5}
MAX_GAIN = 2.0  # one message, however rich, moves a client only so far
CLOSED_RUN = 3  # the third closed question in a row starts to feel like a form being filled in
CLOSED_RUN_LOSS = 0.75


def level_of(score: float) -> Trust:
    if score >= OPEN_AT:
        return Trust.open
    return Trust.warming if score >= WARMING_AT else Trust.guarded


@dataclass(frozen=True, slots=True)
class DisclosureState:
    """One session's trust and what has come out, as stored on the session row (`as_json`).

    `turns` counts the student's messages so far; `open_turns` how many of the latest ones in a row left
    trust open; `hinted` and `disclosed` hold hidden-fact indexes the client was allowed to hint at and the
    ones its replies gave away; `risk_told` how many risk sentences it has said, in order; `offered_at` the
    turn of the last hint or telling.
    """

    score: float
    turns: int = 0
    closed_run: int = 0
    open_turns: int = 0
    hinted: frozenset[int] = field(default_factory=frozenset)
    disclosed: frozenset[int] = field(default_factory=frozenset)
    risk_told: int = 0
    offered_at: int = -10  # the turn a hidden fact was last let out (hinted or told)
    risk_said: frozenset[int] = field(default_factory=frozenset)  # risk sentences the client has said
    made: dict[str, int] = field(default_factory=dict, hash=False)  # how often the student made each MITI move

    @property
    def trust(self) -> Trust:
        return level_of(self.score)

    def as_json(self, facts_total: int = 0) -> dict[str, Any]:
        return {"trust": self.trust.value, "score": self.score, "turns": self.turns,
                "closed_run": self.closed_run, "open_turns": self.open_turns, "hinted": sorted(self.hinted),
                "disclosed": sorted(self.disclosed), "risk_told": self.risk_told, "offered_at": self.offered_at,
                "risk_said": sorted(self.risk_said), "made": dict(sorted(self.made.items())),
                "facts_total": facts_total}

    @classmethod
    def from_json(cls, data: Mapping[str, Any] | None, difficulty: int) -> DisclosureState:
        """The stored state, or where a client of this difficulty starts when nothing is stored yet."""
        if not data:
            return initial_state(difficulty)
        return cls(score=float(data.get("score", START[difficulty])), turns=int(data.get("turns", 0)),
                   closed_run=int(data.get("closed_run", 0)), open_turns=int(data.get("open_turns", 0)),
                   hinted=frozenset(int(i) for i in data.get("hinted", ())),
                   disclosed=frozenset(int(i) for i in data.get("disclosed", ())),
                   risk_told=int(data.get("risk_told", 0)), offered_at=int(data.get("offered_at", -10)),
                   risk_said=frozenset(int(i) for i in data.get("risk_said", ())),
                   made={str(code): int(count) for code, count in (data.get("made") or {}).items()})


def initial_state(difficulty: int) -> DisclosureState:
    return DisclosureState(score=START[difficulty])


@lru_cache(maxsize=4096)
def coded(text: str, client_line: str | None) -> CodedUtterance:
    """The student's line as MITI codes it, memoised: the offline simulator replays a conversation every turn."""
    return code_utterance(text, client_line)


def score_change(codes: Sequence[MitiCode], closed_run: int, difficulty: int) -> float:
    """How far one message moves trust: a non-adherent move colours the whole message, as in MITI; otherwise the
    message's best move counts, not the sum of moves stacked into one message."""
    losses = sum(LOSSES.get(code, 0.0) for code in codes)
    if closed_run >= CLOSED_RUN:
        losses += CLOSED_RUN_LOSS
    if losses:
        return -losses * SENSITIVITY[difficulty]
    return min(MAX_GAIN, max((GAINS.get(code, 0.0) for code in codes), default=0.0)) * OPENNESS[difficulty]


def after_message(state: DisclosureState, utterance: CodedUtterance, difficulty: int) -> DisclosureState:
    """Trust after the student's message, before the client answers it; a line out of the role-play moves nothing."""
    if utterance.out_of_frame:
        return replace(state, turns=state.turns + 1)
    bare_closed = MitiCode.closed_question in utterance.codes and not set(utterance.codes) & set(GAINS)
    closed_run = state.closed_run + 1 if bare_closed else 0
    score = min(CEILING, max(FLOOR, state.score + score_change(utterance.codes, closed_run, difficulty)))
    open_turns = state.open_turns + 1 if level_of(score) is Trust.open else 0
    made = dict(state.made)
    for code in utterance.codes:
        made[code.value] = made.get(code.value, 0) + 1
    return replace(state, score=score, turns=state.turns + 1, closed_run=closed_run, open_turns=open_turns, made=made)
