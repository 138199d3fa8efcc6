"""How often check-and-revise's rules flag a client line that breaks nothing: the rewrites it would waste.

The rules (services/conversation/reply_rules.py) run on every model reply; a flagged reply gets one rewrite
(about $0.0006 on Haiku 4.5) and may lose what it said. A model's own fault rate cannot be measured offline, but
the rules' false-flag rate can be bounded: every client line of the labelled corpus (tests/fixtures/miti_turns,
written by people for other clients) is checked as if it were this persona's reply on an early turn, with nothing
released. A flag on such a line is a rewrite for nothing, unless the line happens to state this persona's fact
(some do: another client who also fell asleep while a child got out), so the rate is an upper bound.

    python -m bench.reply_flag_rate [--examples 3]
"""

from __future__ import annotations

import argparse
from collections import Counter, defaultdict

from backend.demo.data import DEMO_CLIENTS
from backend.schemas.client import PersonaFields
from backend.services.conversation.reply_rules import flag_reply
from backend.services.conversation.requests import Rehearsal
from bench.common import table
from tests.support.miti_turns import load_corpus

OPENING = "Hi, thanks for coming in today. What would you like to talk about?"
KINDS = ("hidden_fact", "risk", "advice", "role_break", "recites")


def client_lines() -> list[str]:
    """Every distinct client line of the corpus, in corpus order."""
    return list(dict.fromkeys(turn.client for turn in load_corpus() if turn.client))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--examples", type=int, default=3, help="flagged lines shown per persona and kind")
    args = parser.parse_args()
    lines = client_lines()
    rows, shown = [], defaultdict(list)
    for raw in DEMO_CLIENTS:
        persona = PersonaFields.model_validate(raw).model_dump()
        rehearsal = Rehearsal(persona, history_budget=6000, guard=True)
        rehearsal.ask(OPENING)
        kinds: Counter[str] = Counter()
        flagged = 0
        for line in lines:
            found = {flag.kind for flag in flag_reply(persona, rehearsal.step, line)}
            flagged += bool(found)
            for kind in found:
                kinds[kind] += 1
                if len(shown[persona["name"], kind]) < args.examples:
                    shown[persona["name"], kind].append(line)
        rows.append([persona["name"], f"{flagged:,}", f"{flagged / len(lines):.2%}",
                     *(f"{kinds[kind]:,}" for kind in KINDS), f"${flagged / len(lines) * 10 * 0.0006:.5f}"])
    print(f"Check-and-revise rules on {len(lines):,} human-written client lines of other clients, each as this "
          "persona's early reply with nothing released (a flag is a wasted rewrite at most)")
    print(table(["persona", "flagged", "rate", *KINDS, "wasted $/10 turns"], rows))
    for (name, kind), examples in shown.items():
        for line in examples:
            print(f"  {name} · {kind}: {line[:140]}")


if __name__ == "__main__":
    main()
