"""The coder's learned layer is reproducible: the committed weights are what the training script makes from the
corpus's development part (a corpus or feature change without retraining fails here, not in review)."""

from __future__ import annotations

import json

from backend.interviewing.miti.model import WEIGHTS
from tests.support.miti_turns import load_corpus, part
from training.train_miti_model import as_json, fit

TOLERANCE = 2e-3  # another numpy / scipy build may move the fourth decimal; a stale model moves far more


def _weights(data: dict) -> dict[tuple[str, int], float]:
    return {(feature, int(index)): weight for feature, pairs in data["weights"].items() for index, weight in pairs}


def test_the_shipped_weights_are_what_training_on_the_development_part_gives() -> None:
    shipped = json.loads(WEIGHTS.read_text())
    rows = part(load_corpus(), "dev")
    trained = json.loads(as_json(fit(rows, shipped["C"]), shipped["C"], len(rows)))
    stale = "model_weights.json is stale: run `python -m training.train_miti_model`"
    assert (trained["trained_on"], trained["classes"]) == (shipped["trained_on"], shipped["classes"]), stale
    mine, theirs = _weights(shipped), _weights(trained)
    drift = max(abs(mine.get(key, 0.0) - theirs.get(key, 0.0)) for key in mine.keys() | theirs.keys())
    assert drift <= TOLERANCE, stale
