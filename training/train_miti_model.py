"""Train the coder's learned layer (backend/interviewing/miti/model_weights.json) from the development part.

Reproducible: the same corpus gives the same weights (liblinear-free lbfgs, fixed folds, sorted features).
Only the development part of tests/fixtures/miti_turns is read; the test part stays unseen. Grouped
cross-validation by conversation picks the regularisation and prints how the rules alone and rules + model
agree with the labels on turns they were not trained on.

    python -m training.train_miti_model [--check]     (--check: fail if the shipped weights are stale)
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from dataclasses import dataclass

from sklearn.feature_extraction import DictVectorizer
from sklearn.linear_model import LogisticRegression

from backend.interviewing.miti.coder import _code_text
from backend.interviewing.miti.features import utterance_features
from backend.interviewing.miti.model import ADVICE, WEIGHTS, LinearModel
from tests.support.miti_turns import LabelledTurn, agreement, cohen_kappa, load_corpus, part, score

C_VALUES = (0.1, 0.3, 1.0, 3.0)
FOLDS = 5
MIN_FEATURE_COUNT = 2


def _label(code: str | None) -> str:
    return ADVICE if code in ("persuade", "persuade_with_permission") else code or "none"


def examples(rows: Sequence[LabelledTurn]) -> tuple[list[list[str]], list[str]]:
    """One example per hand-parsed utterance of every in-frame turn."""
    features, labels = [], []
    for row in rows:
        if row.out_of_frame:
            continue
        rules = [_code_text(text, row.client)[0].code for text, _ in row.utterances]
        previous: str | None = None
        for position, ((text, code), rule) in enumerate(zip(row.utterances, rules, strict=True)):
            rule_name = rule.value if rule else None
            features.append(utterance_features(text, row.client, rule_name, position=position,
                                               count=len(row.utterances), previous_rule=previous))
            labels.append(_label(code))
            previous = rule_name
    return features, labels


@dataclass(frozen=True)
class Fitted:
    """The trained weights as they are stored (sparse), and as the coder uses them."""

    classes: tuple[str, ...]
    intercepts: tuple[float, ...]
    pairs: dict[str, tuple[tuple[int, float], ...]]

    def model(self) -> LinearModel:
        return LinearModel.from_pairs(self.classes, self.intercepts, self.pairs)


def fit(rows: Sequence[LabelledTurn], c: float) -> Fitted:
    features, labels = examples(rows)
    counts: dict[str, int] = {}
    for items in features:
        for feature in set(items):
            counts[feature] = counts.get(feature, 0) + 1
    kept = [{f: 1 for f in items if counts[f] >= MIN_FEATURE_COUNT} for items in features]
    vectorizer = DictVectorizer(sort=True)
    matrix = vectorizer.fit_transform(kept)
    classifier = LogisticRegression(C=c, max_iter=4000)
    classifier.fit(matrix, labels)
    names = vectorizer.get_feature_names_out()
    weights: dict[str, list[tuple[int, float]]] = {}
    for class_index, row in enumerate(classifier.coef_):
        for feature_index, weight in enumerate(row):
            if abs(weight) >= 1e-3:
                weights.setdefault(str(names[feature_index]), []).append((class_index, round(float(weight), 4)))
    return Fitted(classes=tuple(str(c) for c in classifier.classes_),
                  intercepts=tuple(round(float(v), 4) for v in classifier.intercept_),
                  pairs={f: tuple(pairs) for f, pairs in sorted(weights.items())})


def folds(rows: Sequence[LabelledTurn]) -> list[list[LabelledTurn]]:
    conversations = sorted({row.conversation for row in rows})
    return [[row for row in rows if conversations.index(row.conversation) % FOLDS == k] for k in range(FOLDS)]


def cross_validate(rows: Sequence[LabelledTurn]) -> float:
    parts = folds(rows)
    baseline = [s for held in parts for s in score(held, model=None)]
    print(f"rules alone:      primary {agreement(baseline):.1%}, kappa {cohen_kappa(baseline):.2f}")
    best_c, best = C_VALUES[0], -1.0
    for c in C_VALUES:
        scored = []
        for k, held in enumerate(parts):
            train = [row for j, other in enumerate(parts) if j != k for row in other]
            scored += score(held, model=fit(train, c).model())
        value = agreement(scored)
        print(f"rules + model C={c:<4}: primary {value:.1%}, kappa {cohen_kappa(scored):.2f} (grouped {FOLDS}-fold CV)")
        if value > best:
            best_c, best = c, value
    return best_c


def as_json(model: Fitted, c: float, rows: int) -> str:
    return json.dumps({"trained_on": f"tests/fixtures/miti_turns, development part ({rows} turns)", "C": c,
                       "classes": model.classes, "intercepts": model.intercepts,
                       "weights": {f: [list(pair) for pair in pairs] for f, pairs in model.pairs.items()}},
                      separators=(",", ":"), sort_keys=False) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--check", action="store_true", help="exit 1 if model_weights.json is not what training gives")
    parser.add_argument("--c", type=float, help="skip cross-validation and use this regularisation")
    args = parser.parse_args()
    rows = part(load_corpus(), "dev")
    c = args.c if args.c is not None else cross_validate(rows)
    text = as_json(fit(rows, c), c, len(rows))
    if args.check:
        same = WEIGHTS.exists() and WEIGHTS.read_text() == text
        print("model_weights.json is up to date" if same else "model_weights.json is stale: retrain")
        return 0 if same else 1
    WEIGHTS.write_text(text)
    print(f"wrote {WEIGHTS} (C={c}, {len(json.loads(text)['weights'])} features)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
