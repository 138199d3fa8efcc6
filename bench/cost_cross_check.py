"""Cross-check of bench/cost_per_conversation.py: the target cases through the real API + the fake, turn by turn.

One fake Messages API keeps one prompt cache for the whole run, as Anthropic does for an organisation; the cases
run in order on it: a cold platform (the first conversation ever with the persona), a class (another
conversation with the same persona), the first conversation with another client (scaffold warm), and 30 turns
in a class. Each request the API sent is compared with the one the simulation builds from the stored
transcript, and each reply's usage with the simulation's, using the fake's own tokenizer (ceil(chars/4) per
block). The fake's minimum cacheable length is Haiku 4.5's 4,096 tokens converted to the fake's units for
this prompt (the scaffold's fake tokens / its Claude estimate), so the scaffold alone is cacheable in the fake
exactly as it is on Haiku. A second run windows the history (budget 300, minimum 150).
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
from pathlib import Path
from typing import Any

from backend.llm.base import TokenUsage
from backend.llm.claude.provider import ClaudeProvider
from backend.llm.pricing import PricingTable
from backend.services.conversation.requests import Rehearsal
from bench.common import fmt, llm_env, start_fake, table
from bench.cost_per_conversation import (
    CASES,
    HAIKU,
    CacheSim,
    fake_tokenizer,
    other_persona,
    persona_by_name,
)
from bench.script import student_line
from tests.support.api import haiku_min_cacheable_in_fake_units
from tests.support.server import ApiServer, start_api


def _talk(server: ApiServer, email: str, persona_name: str, turns: int, start: int) -> list[dict[str, Any]]:
    """One conversation through the API from line `start` of the script; returns the stored transcript."""
    with server.client(email, timeout=60) as client:
        client_id = next(c["id"] for c in client.get("/clients").json() if c["name"] == persona_name)
        session_id = client.post("/sessions", json={"client_id": client_id}).json()["id"]
        for i in range(turns):
            response = client.post(f"/sessions/{session_id}/messages", json={"content": student_line(start + i)})
            response.raise_for_status()
        return client.get(f"/sessions/{session_id}/messages").json()


def _compare(transcript: list[dict[str, Any]], recorded: list[dict[str, Any]], persona: dict[str, Any],
             sim: CacheSim, budget: int) -> dict[str, Any]:
    """Rebuild each request from the transcript, compare it with what the fake received, and bill it."""
    provider = ClaudeProvider(api_key="simulation-only", model=recorded[0]["model"])
    # the session's note mark is an HMAC under the server's secret: read it off the first note the fake received
    note = recorded[0]["messages"][-1]["content"][-1]["text"]
    rehearsal = Rehearsal(persona, max_tokens=recorded[0]["max_tokens"], history_budget=budget, guard=True,
                          mark=note.split()[1].rstrip(":"))
    students = [m["content"] for m in transcript if m["role"] == "user"]
    replies = [m for m in transcript if m["role"] == "assistant"]
    identical = matching = 0
    simulated, actual = [0.0, 0.0, 0.0], [0, 0, 0, 0]
    for i, (line, reply) in enumerate(zip(students, replies, strict=True)):
        body = provider._params(rehearsal.ask(line))
        rehearsal.answer(reply["content"])
        identical += int(body["messages"] == recorded[i]["messages"] and body["system"] == recorded[i]["system"])
        usage = sim.usage(body)
        row = (reply["input_tokens"], reply["cache_creation_tokens"], reply["cache_read_tokens"])
        matching += int(tuple(round(x) for x in usage) == row)
        simulated = [a + b for a, b in zip(simulated, usage, strict=True)]
        actual = [a + b for a, b in zip(actual, [*row, reply["output_tokens"]], strict=True)]
    return {"turns": len(students), "identical": identical, "matching": matching, "simulated": simulated,
            "actual": actual}


Plan = list[tuple[str, str, dict[str, Any], int, int]]  # (case, student, persona, turns, first script line)


def _run(persona: dict[str, Any], budget: int, min_cacheable: int, plan: Plan) -> list[list[Any]]:
    fake = start_fake(latency=0.0, chunks=5)
    folder = Path(tempfile.mkdtemp(prefix="vc-bench-cost-"))
    pricing = PricingTable.load()
    rows: list[list[Any]] = []
    try:
        fake.configure(min_cacheable_tokens=min_cacheable, record_limit=1000)
        server = start_api(f"sqlite:///{folder / 'cost.db'}", extra_env=llm_env(
            fake.base_url, VC_HISTORY_TOKEN_BUDGET=str(budget), VC_ALERT_SESSION_USD="0", VC_MODEL=HAIKU))
        sim = CacheSim(fake_tokenizer, min_cacheable)  # one cache for the whole run, as the fake keeps one
        try:
            for label, email, who, turns, start in plan:
                seen = len(fake.requests())
                transcript = _talk(server, email, who["name"], turns, start)
                recorded = [r["body"] for r in fake.requests()[seen:] if isinstance(r.get("body"), dict)]
                result = _compare(transcript, recorded, who, sim, budget)
                usage = TokenUsage(input_tokens=result["actual"][0], cache_creation_input_tokens=result["actual"][1],
                                   cache_read_input_tokens=result["actual"][2], output_tokens=result["actual"][3])
                rows.append([label, who["name"], budget, min_cacheable, result["turns"],
                             f"{result['identical']}/{result['turns']}", f"{result['matching']}/{result['turns']}",
                             "/".join(fmt(int(x)) for x in result["actual"][:3]),
                             "/".join(fmt(round(x)) for x in result["simulated"]),
                             f"${pricing.cost(HAIKU, usage):.4f}"])
        finally:
            server.stop()
    finally:
        fake.stop()
        shutil.rmtree(folder, ignore_errors=True)
    return rows


def cross_check(args: argparse.Namespace) -> None:
    persona = persona_by_name(args.persona)
    other = other_persona(persona)
    cold, first, thirty = CASES[2], CASES[1], CASES[3]
    # each student says different things (the fake's reply echoes them), so no conversation repeats another
    plan: Plan = [(cold[0], "student1@example.com", persona, cold[1], 0),
                  (CASES[0][0], "student2@example.com", persona, 10, 10),
                  (first[0], "student1@example.com", other, first[1], 20),
                  (thirty[0], "student2@example.com", persona, 30, 5)]
    rows = _run(persona, 6000, haiku_min_cacheable_in_fake_units(), plan)
    rows += _run(persona, 300, 150, [("windowed history", "student1@example.com", persona, 10, 0)])
    print()
    print(table(["case", "persona", "history budget", "fake min cacheable", "turns", "requests identical",
                 "usage rows matching", "fake in/write/read", "simulated in/write/read", "Haiku $ of the fake's usage"],
                rows, title="Cross-check: the simulation vs what the real API sent to the fake (fake tokenizer, the "
                            "fake's short echo replies: its dollars are not the targets' figures)"))
