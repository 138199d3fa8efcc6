"""The learned layer of the coder: a linear model over features.py, shipped as a JSON file of weights.

Trained by training/train_miti_model.py from the development part of tests/fixtures/miti_turns (never the test
part), it reads an utterance's words and the hand-written rules' verdicts and picks the code MITI coders gave
utterances like it. Scoring is a few dictionary lookups per feature: no numerical library at run time.
Advice is one class here (persuade or with permission is the turn's permission rule, not wording).
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

WEIGHTS = Path(__file__).with_name("model_weights.json")
ADVICE = "advice"


@dataclass(frozen=True, slots=True)
class LinearModel:
    classes: tuple[str, ...]
    intercepts: tuple[float, ...]
    weights: dict[str, tuple[tuple[int, float], ...]]  # feature -> (class index, weight) for non-zero weights

    def probabilities(self, features: Sequence[str]) -> dict[str, float]:
        scores = list(self.intercepts)
        for feature in set(features):
            for index, weight in self.weights.get(feature, ()):
                scores[index] += weight
        top = max(scores)
        exps = [math.exp(score - top) for score in scores]
        total = sum(exps)
        return {label: value / total for label, value in zip(self.classes, exps, strict=True)}

    def predict(self, features: Sequence[str]) -> tuple[str, float]:
        probabilities = self.probabilities(features)
        label = max(probabilities, key=probabilities.__getitem__)
        return label, probabilities[label]


@lru_cache(maxsize=1)
def load_model(path: Path = WEIGHTS) -> LinearModel | None:
    """The shipped model, or None when no weights file is present (the rules then code alone)."""
    if not path.exists():
        return None
    data = json.loads(path.read_text())
    weights: dict[str, list[tuple[int, float]]] = {}
    for feature, pairs in data["weights"].items():
        weights[feature] = [(int(index), float(weight)) for index, weight in pairs]
    return LinearModel(classes=tuple(data["classes"]), intercepts=tuple(data["intercepts"]),
                       weights={feature: tuple(pairs) for feature, pairs in weights.items()})
