"""The hand-coded MITI set (tests/unit/fixtures/miti_labelled.jsonl) and how the rule coder is scored against it.

Shared by the agreement test and bench/coder_agreement.py, so both report the same figures.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from backend.interviewing.miti import CodedUtterance, MitiCode, code_utterance

LABELLED = Path(__file__).resolve().parents[1] / "unit" / "fixtures" / "miti_labelled.jsonl"
NONE = "none"  # how "no code" (greetings, fillers) appears in tables


@dataclass(frozen=True, slots=True)
class Labelled:
    id: str
    client: str | None
    student: str
    codes: frozenset[str]
    primary: str
    held_out: bool
    batch: str  # "tuning", or the held-out batch: "A" (drawn at random) or "B" (written after A was first scored)


@dataclass(frozen=True, slots=True)
class Scored:
    item: Labelled
    coded: CodedUtterance

    @property
    def predicted(self) -> str:
        return self.coded.primary.value if self.coded.primary else NONE

    @property
    def agrees(self) -> bool:
        return self.predicted == self.item.primary


def load_labelled(path: Path = LABELLED) -> list[Labelled]:
    rows = [json.loads(line) for line in path.read_text().splitlines() if line.strip()]
    return [Labelled(id=row["id"], client=row["client"], student=row["student"], codes=frozenset(row["codes"]),
                     primary=row["primary"] or NONE, held_out=row["held_out"],
                     batch=row.get("batch", "tuning")) for row in rows]


def score(items: Sequence[Labelled]) -> list[Scored]:
    return [Scored(item, code_utterance(item.student, item.client)) for item in items]


def agreement(scored: Sequence[Scored]) -> float:
    """Share of utterances whose primary code (or "no code") matches the label."""
    return sum(s.agrees for s in scored) / len(scored) if scored else 0.0


def precision_recall(scored: Sequence[Scored]) -> dict[str, tuple[float, float, int]]:
    """Per code, over every code of every utterance (not just the primary): precision, recall, labelled count."""
    found, right, labelled = Counter[str](), Counter[str](), Counter[str]()
    for s in scored:
        predicted = {code.value for code in s.coded.codes}
        found.update(predicted)
        right.update(predicted & s.item.codes)
        labelled.update(s.item.codes)
    return {code.value: (right[code] / found[code] if found[code] else 0.0,
                         right[code] / labelled[code] if labelled[code] else 0.0, labelled[code])
            for code in MitiCode}


def confusion(scored: Sequence[Scored]) -> Counter[tuple[str, str]]:
    """(labelled primary, predicted primary) -> count."""
    return Counter((s.item.primary, s.predicted) for s in scored)


def evaluator_agreement(items: Sequence[Labelled]) -> float:
    """The same agreement measured through the offline evaluator: each labelled line evaluated as a conversation
    (the client's line, then the student's), its primary code taken from the evaluation's coded lines."""
    from backend.services.feedback.offline import evaluate_offline
    from tests.support.feedback import default_criteria, transcript

    criteria = default_criteria()
    agree = 0
    for item in items:
        lines = ([(1, "client", item.client)] if item.client else []) + [(2, "student", item.student)]
        [coded] = evaluate_offline(transcript(lines, criteria=criteria, facts=[])).utterances
        agree += (coded.primary or NONE) == item.primary
    return agree / len(items) if items else 0.0
