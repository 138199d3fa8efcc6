"""How well the offline MITI coder agrees with hand-coded student lines: the figure the feedback issue asks for.

Prints agreement on the primary code over the whole labelled set and over its held-out part, which the rules
were never tuned on (batch A: 50 lines drawn at random before any rule; batch B: 40 lines written after A
was first scored), then per-code precision and recall over all codes, a confusion table of primary codes,
and, with --misses, every line the coder got wrong; then the same agreement measured through the offline
evaluator that feedback uses (backend/services/feedback/offline.py). Target: >= 80 % on the whole set.

    /work/main/.venv/bin/python -m bench.coder_agreement [--misses] [--part all|held_out|tuning]
"""

from __future__ import annotations

import argparse
import time

from backend.interviewing.codes import PRECEDENCE
from bench.common import table
from tests.support.miti_labels import (
    NONE,
    Scored,
    agreement,
    confusion,
    evaluator_agreement,
    load_labelled,
    precision_recall,
    score,
)

TARGET = 0.80
SHORT = {"open_question": "OQ", "closed_question": "CQ", "simple_reflection": "SR", "complex_reflection": "CR",
         "affirm": "AF", "seek_collaboration": "SEEK", "emphasize_autonomy": "EA", "giving_information": "GI",
         "persuade": "PER", "persuade_with_permission": "PWP", "confront": "CON", NONE: "none"}


def _agreement_rows(parts: dict[str, list[Scored]]) -> list[list[object]]:
    rows: list[list[object]] = []
    for name, scored in parts.items():
        value = agreement(scored)
        rows.append([name, len(scored), sum(s.agrees for s in scored), f"{value:.1%}",
                     "met" if value >= TARGET else "MISSED"])
    return rows


def _confusion_table(scored: list[Scored]) -> str:
    order = [code.value for code in PRECEDENCE] + [NONE]
    counts = confusion(scored)
    rows = [[SHORT[label], *[counts.get((label, predicted), 0) or "." for predicted in order],
             sum(counts.get((label, p), 0) for p in order)] for label in order]
    return table(["label \\ coded", *[SHORT[c] for c in order], "n"], rows,
                 title="Confusion of primary codes (rows: hand label, columns: coder)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--misses", action="store_true", help="list every line whose primary code disagrees")
    parser.add_argument("--part", choices=("all", "held_out", "tuning"), default="all",
                        help="which part the per-code and confusion tables cover")
    args = parser.parse_args()

    items = load_labelled()
    started = time.perf_counter()
    scored = score(items)
    elapsed = time.perf_counter() - started
    parts = {"whole set": scored, "held-out part": [s for s in scored if s.item.held_out],
             "  held-out A": [s for s in scored if s.item.batch == "A"],
             "  held-out B": [s for s in scored if s.item.batch == "B"],
             "tuning part": [s for s in scored if not s.item.held_out]}
    print(table(["part", "lines", "agree", "agreement", f"target {TARGET:.0%}"], _agreement_rows(parts),
                title="Agreement on the primary code (MITI 4.2.1 rules vs hand labels)"))
    print(f"\ncoded {len(items)} lines in {elapsed * 1000:.0f} ms ({elapsed / len(items) * 1e6:.0f} us per line)")
    started = time.perf_counter()
    through = evaluator_agreement(items)
    print(f"through the offline evaluator (each line evaluated as a conversation, as feedback does): "
          f"{through:.1%} on {len(items)} lines in {time.perf_counter() - started:.1f} s\n")

    chosen = {"all": parts["whole set"], "held_out": parts["held-out part"], "tuning": parts["tuning part"]}[args.part]
    per_code = precision_recall(chosen)
    print(table(["code", "labelled", "precision", "recall"],
                [[code, n, f"{p:.0%}", f"{r:.0%}"] for code, (p, r, n) in per_code.items()],
                title=f"Per code, over every code of every line ({args.part})"))
    print()
    print(_confusion_table(chosen))
    if args.misses:
        print("\nMisses (id, label -> coded, held out?, line):")
        for s in chosen:
            if not s.agrees:
                flag = "held-out" if s.item.held_out else "tuning"
                print(f"  {s.item.id} {SHORT[s.item.primary]} -> {SHORT[s.predicted]} [{flag}] {s.item.student}")


if __name__ == "__main__":
    main()
