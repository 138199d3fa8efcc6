"""How far the coder agrees with expert MITI coding, as last measured on the corpus's test part, so what the
apps tell students about approximate feedback is the measured figure (bench/coder_agreement.py --write)."""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

FIGURES = Path(__file__).with_name("agreement.json")


@lru_cache(maxsize=1)
def measured() -> dict[str, float]:
    """{"primary": share of turns, "kappa": Cohen's kappa, "turns": test turns, "conversations": ...}."""
    return json.loads(FIGURES.read_text())


def approximate_note() -> str:
    """The notice shown with a rule-based evaluation."""
    figures = measured()
    return (f"Approximate: scored by rules, not by an AI reader. On {int(figures['turns'])} hand-coded turns from "
            f"realistic practice interviews, the rules agreed with an expert MITI coder on the main code of "
            f"{figures['primary']:.0%} of turns (kappa {figures['kappa']:.2f}); treat the scores as a rough guide.")
