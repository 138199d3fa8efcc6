"""The learned layer of the coder: a linear model over features.py, shipped as a JSON file of weights.

Trained by training/train_miti_model.py from the development part of tests/fixtures/miti_turns (never the test
part), it reads an utterance's words and the hand-written rules' verdicts and picks the code MITI coders gave
utterances like it. Scoring sums a few hundred rows of a numpy matrix: well under a millisecond.
Advice is one class here (persuade or with permission is the turn's permission rule, not wording).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

WEIGHTS = Path(__file__).with_name("model_weights.json")
ADVICE = "advice"


@dataclass(frozen=True)
class LinearModel:
    """Softmax regression: `rows` maps a feature to its row of `weights` (one column per class)."""

    classes: tuple[str, ...]
    intercepts: np.ndarray
    rows: dict[str, int]
    weights: np.ndarray

    @classmethod
    def from_pairs(cls, classes: Sequence[str], intercepts: Sequence[float],
                   pairs: dict[str, Sequence[tuple[int, float]]]) -> LinearModel:
        """From sparse weights: feature -> [(class index, weight), ...]."""
        rows = {feature: index for index, feature in enumerate(sorted(pairs))}
        weights = np.zeros((len(rows) + 1, len(classes)))  # the last row stays zero: unknown features
        for feature, index in rows.items():
            for class_index, weight in pairs[feature]:
                weights[index, class_index] = weight
        return cls(tuple(classes), np.asarray(intercepts, dtype=float), rows, weights)

    def probabilities(self, features: Sequence[str]) -> dict[str, float]:
        known = [self.rows[feature] for feature in set(features) if feature in self.rows]
        scores = self.intercepts + self.weights[known].sum(axis=0)
        exps = np.exp(scores - scores.max())
        return dict(zip(self.classes, (exps / exps.sum()).tolist(), strict=True))

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
    pairs = {feature: [(int(index), float(weight)) for index, weight in items]
             for feature, items in data["weights"].items()}
    return LinearModel.from_pairs(data["classes"], data["intercepts"], pairs)
