"""The realistic turn corpus (tests/fixtures/miti_turns/*.jsonl) and how the coder is scored against it.

Shared by the coder tests and bench/coder_agreement.py, so both report the same figures. The split into a
development part and a test part is by conversation, fixed by a hash of its id, so no conversation is in both
and nobody chooses which turns are tested.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from backend.interviewing.codes import PRECEDENCE, MitiCode
from backend.interviewing.miti import CodedUtterance, Turn, code_transcript

CORPUS = Path(__file__).resolve().parents[1] / "fixtures" / "miti_turns"
NONE = "none"
TEST_SHARE = 3  # of 10: conversations whose id hashes to 0, 1 or 2 (mod 10) are the test part


def split_of(conversation: str) -> str:
    return "test" if hashlib.sha256(conversation.encode()).digest()[0] % 10 < TEST_SHARE else "dev"


@dataclass(frozen=True, slots=True)
class LabelledTurn:
    conversation: str
    turn: int
    problem: str
    interviewer: str
    style: str
    client: str | None
    student: str
    utterances: tuple[tuple[str, str | None], ...]
    out_of_frame: bool

    @property
    def split(self) -> str:
        return split_of(self.conversation)

    @property
    def codes(self) -> frozenset[str]:
        """The turn's codes by MITI's volley rules: each once, one reflection (complex if any is)."""
        found = {code for _, code in self.utterances if code}
        if "complex_reflection" in found:
            found.discard("simple_reflection")
        return frozenset(found)

    @property
    def primary(self) -> str:
        return next((code.value for code in PRECEDENCE if code.value in self.codes), NONE)


def load_corpus(folder: Path = CORPUS) -> list[LabelledTurn]:
    rows: list[LabelledTurn] = []
    for path in sorted(folder.glob("*.jsonl")):
        for line in path.read_text().splitlines():
            if not line.strip():
                continue
            row = json.loads(line)
            rows.append(LabelledTurn(
                conversation=row["conversation"], turn=int(row["turn"]), problem=row["problem"],
                interviewer=row.get("interviewer", ""), style=row.get("style", "chat"), client=row.get("client"),
                student=row["student"], out_of_frame=bool(row.get("out_of_frame")),
                utterances=tuple((item["text"], item.get("code")) for item in row["utterances"])))
    return rows


def part(rows: Iterable[LabelledTurn], split: str) -> list[LabelledTurn]:
    return [row for row in rows if split == "all" or row.split == split]


@dataclass(frozen=True, slots=True)
class ScoredTurn:
    item: LabelledTurn
    coded: CodedUtterance

    @property
    def predicted(self) -> str:
        return self.coded.primary.value if self.coded.primary else NONE

    @property
    def predicted_codes(self) -> frozenset[str]:
        return frozenset(code.value for code in self.coded.codes)

    @property
    def agrees(self) -> bool:
        return self.predicted == self.item.primary


def score(rows: Sequence[LabelledTurn], model: object = True) -> list[ScoredTurn]:
    """Code each conversation as the product does (each turn after its client line and the turn before)."""
    by_conversation: dict[str, list[LabelledTurn]] = {}
    for row in rows:
        by_conversation.setdefault(row.conversation, []).append(row)
    scored: list[ScoredTurn] = []
    for items in by_conversation.values():
        items.sort(key=lambda row: row.turn)
        turns: list[Turn] = []
        for row in items:
            if row.client is not None:
                turns.append(Turn("client", row.client))
            turns.append(Turn("student", row.student))
        coded = code_transcript(turns, model=model)
        scored += [ScoredTurn(row, item) for row, item in zip(items, coded, strict=True)]
    return scored


def agreement(scored: Sequence[ScoredTurn]) -> float:
    return sum(s.agrees for s in scored) / len(scored) if scored else 0.0


def exact_set_agreement(scored: Sequence[ScoredTurn]) -> float:
    return sum(s.predicted_codes == s.item.codes for s in scored) / len(scored) if scored else 0.0


def cohen_kappa(scored: Sequence[ScoredTurn]) -> float:
    """Cohen's kappa on the primary code (no code counts as a category)."""
    n = len(scored)
    if not n:
        return 0.0
    observed = agreement(scored)
    labelled = Counter(s.item.primary for s in scored)
    predicted = Counter(s.predicted for s in scored)
    expected = sum(labelled[c] * predicted[c] for c in labelled) / (n * n)
    return (observed - expected) / (1 - expected) if expected < 1 else 1.0


def precision_recall(scored: Sequence[ScoredTurn]) -> dict[str, tuple[float, float, int]]:
    """Per code, over every code of every turn (not only the primary): precision, recall, labelled count."""
    found, right, labelled = Counter[str](), Counter[str](), Counter[str]()
    for s in scored:
        found.update(s.predicted_codes)
        right.update(s.predicted_codes & s.item.codes)
        labelled.update(s.item.codes)
    return {code.value: (right[code] / found[code] if found[code] else 0.0,
                         right[code] / labelled[code] if labelled[code] else 0.0, labelled[code])
            for code in MitiCode}


GROUPS = {
    "question": frozenset({"open_question", "closed_question"}),
    "reflection": frozenset({"simple_reflection", "complex_reflection"}),
    "information/advice": frozenset({"giving_information", "persuade", "persuade_with_permission"}),
}


def presence_f1(scored: Sequence[ScoredTurn]) -> dict[str, float]:
    """F1 of finding a question / reflection / information-or-advice in a turn, and their macro average."""
    result: dict[str, float] = {}
    for name, group in GROUPS.items():
        tp = sum(bool(s.predicted_codes & group) and bool(s.item.codes & group) for s in scored)
        fp = sum(bool(s.predicted_codes & group) and not s.item.codes & group for s in scored)
        fn = sum(not s.predicted_codes & group and bool(s.item.codes & group) for s in scored)
        result[name] = 2 * tp / (2 * tp + fp + fn) if tp else 0.0
    result["macro"] = sum(result[name] for name in GROUPS) / len(GROUPS)
    return result


def frame_agreement(scored: Sequence[ScoredTurn]) -> tuple[int, int, int]:
    """(flagged and labelled, flagged only, labelled only) for out-of-frame turns."""
    both = sum(s.coded.out_of_frame and s.item.out_of_frame for s in scored)
    return both, sum(s.coded.out_of_frame and not s.item.out_of_frame for s in scored), \
        sum(s.item.out_of_frame and not s.coded.out_of_frame for s in scored)


def test_figures(scored: Sequence[ScoredTurn]) -> dict[str, float]:
    """What the apps' approximate notice states (backend/interviewing/miti/agreement.json)."""
    return {"primary": round(agreement(scored), 3), "kappa": round(cohen_kappa(scored), 2), "turns": len(scored),
            "conversations": len({s.item.conversation for s in scored})}
