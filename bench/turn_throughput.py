"""Turn throughput: C simulated students, each holding a conversation, against the real API + the fake Claude.

The fake answers every turn after a fixed latency (streamed in --chunks deltas), so an ideal server would
complete C / latency turns per second. Reported per level: turns/s and efficiency (measured / ideal), the
server-added latency (client-observed turn time minus the fake's latency) p50/p99, for streaming the
first-token overhead (client TTFT minus the fake's first-chunk delay), errors by status and fallback replies,
the API process RSS at start/middle/end, and where the CPU went (API, fake, PostgreSQL, drivers).

    python -m bench.turn_throughput [--concurrency 1,50,200,1000] [--turns 10]
        [--db sqlite,postgres] [--mode plain,stream] [--latency 1.0] [--chunks 10] [--drivers 1]
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import json
import shutil
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx

from bench.common import (
    FakeProcess,
    ReferenceProcess,
    children,
    fmt,
    llm_env,
    log,
    postgres_pids,
    published_client_ids,
    rss_mib,
    start_fake,
    start_redis,
    start_reference,
    start_sessions,
    table,
    uvicorn_pid,
    worker_pids,
)
from bench.common import create_students as create_student_accounts
from bench.load import run_level
from bench.script import student_line
from tests.support.postgres import PostgresServer, start_postgres
from tests.support.server import start_api

TARGETS = {"efficiency_c200": 0.95, "added_p99_ms": 25.0, "ttft_p50_ms": 10.0, "ratio_to_reference": 0.90}


def run_reference_level(reference: ReferenceProcess, mode: str, concurrency: int, level: int,
                        args: argparse.Namespace, db: str) -> dict[str, Any]:
    """The same cohort against the reference server, right after the API's level, for a ratio from one run."""
    students = [("reference", level * 1_000_000 + i) for i in range(concurrency)]
    result = run_level(api=reference.api, students=students, turns=args.turns, mode=mode,
                       drivers=args.drivers or (1 if concurrency <= 200 else 2), max_seconds=args.max_seconds,
                       timeout_s=args.timeout, cpu_groups={"api": lambda: [reference.pid]}, rss_pid=reference.pid,
                       think_s=args.think)
    summary = {"db": f"reference (beside {db})", "server": "reference", "drivers": args.drivers, "workers": 1,
               "cold_first_turn_ms": 0.0, **result.summary(args.latency, args.chunks)}
    print_level(summary, flush=True)
    return summary


def run_database(db: str, args: argparse.Namespace, fake: FakeProcess, pg: PostgresServer | None,
                 reference: ReferenceProcess | None) -> list[dict[str, Any]]:
    folder: Path | None = None
    if db == "sqlite":
        folder = Path(tempfile.mkdtemp(prefix="vc-bench-"))
        url = f"sqlite:///{folder / 'bench.db'}"
    else:
        if pg is None:
            log("PostgreSQL is not available: skipping the postgres runs")
            return []
        url = pg.create_database()
    redis = start_redis() if args.workers > 1 else None
    env = dict(args.env)
    if redis is not None:  # several workers share limits and the breaker through Redis, as in production
        env.setdefault("VC_REDIS_URL", redis.url)
    server = start_api(url, extra_env=llm_env(fake.base_url, **env), extra_args=("--workers", str(args.workers)))
    summaries: list[dict[str, Any]] = []
    try:
        api_pid = uvicorn_pid(server)
        workers = worker_pids(api_pid, args.workers)
        log(f"[{db}] API up (uvicorn pid {api_pid}, RSS {rss_mib(api_pid):.0f} MiB); creating "
            f"{max(args.concurrency)} students")
        started = time.monotonic()
        tokens = asyncio.run(create_student_accounts(server.api, max(args.concurrency), prefix=f"{db}-bench"))
        log(f"[{db}] {len(tokens)} students created and signed in in {time.monotonic() - started:.1f}s")
        client_ids = asyncio.run(published_client_ids(server.api, tokens[0]))
        cold = warm_up(server.api, tokens[0], client_ids[0], args)
        log(f"[{db}] warm-up: first turn after start took {cold[0]:.0f} ms over the fake's latency, then "
            + ", ".join(f"{c:.0f}" for c in cold[1:]) + " ms")
        groups = {"api": lambda: [api_pid, *children(api_pid)], "fake": lambda: [fake.pid]}
        if redis is not None:
            groups["redis"] = lambda: [redis.pid]
        if db == "postgres" and pg is not None:
            groups["postgres"] = lambda: postgres_pids(pg.data_dir)
        for mode in args.mode:
            for concurrency in args.concurrency:
                sessions = asyncio.run(start_sessions(server.api, tokens[:concurrency], client_ids))
                students = list(zip(tokens[:concurrency], sessions, strict=True))
                drivers = args.drivers or (1 if concurrency <= 200 else 2)
                log(f"[{db}] {mode} C={concurrency}: {args.turns} turns each, {drivers} driver process(es)")
                result = run_level(api=server.api, students=students, turns=args.turns, mode=mode,
                                   drivers=drivers, max_seconds=args.max_seconds, timeout_s=args.timeout,
                                   cpu_groups=groups, rss_pid=workers[0], think_s=args.think)
                summary = {"db": db, "server": "api", "drivers": drivers, "workers": args.workers,
                           "cold_first_turn_ms": cold[0], **result.summary(args.latency, args.chunks)}
                summaries.append(summary)
                print_level(summary, flush=True)
                if reference is not None:
                    summaries.append(run_reference_level(reference, mode, concurrency, len(summaries), args, db))
    finally:
        server.stop()
        if redis is not None:
            redis.stop()
        if folder is not None:
            shutil.rmtree(folder, ignore_errors=True)
    return summaries


def warm_up(api: str, token: str, client_id: int, args: argparse.Namespace) -> list[float]:
    """A few unmeasured turns (plain and streamed) so levels measure a warm server; returns their added ms."""
    headers = {"Authorization": f"Bearer {token}"}
    added = []
    with httpx.Client(base_url=api, headers=headers, timeout=120) as client:
        session = client.post("/sessions", json={"client_id": client_id}).json()["id"]
        for turn in range(args.warmup_turns):
            path = f"/sessions/{session}/messages" + ("/stream" if turn % 2 else "")
            started = time.monotonic()
            with client.stream("POST", path, json={"content": student_line(turn)}) as response:
                response.read()
            added.append((time.monotonic() - started - args.latency) * 1000)
    return added


def print_level(s: dict[str, Any], flush: bool = False) -> None:
    errors = ", ".join(f"{k}:{v}" for k, v in sorted(s["errors"].items())) or "none"
    cpu = " ".join(f"{k} {v:.0f}%" for k, v in s["cpu_pct"].items())
    per_turn = " ".join(f"{k} {v:.1f}" for k, v in s["cpu_ms_per_turn"].items())
    parts = [
        f"  {s['db']} {s['mode']} C={s['C']}: {s['ok']}/{s['turns']} ok in {s['wall_s']:.1f}s",
        f"{s['turns_per_s']:.1f} turns/s (ideal {s['ideal']:.0f}, efficiency {s['efficiency']:.2f}, "
        f"by mean latency {s['efficiency_latency']:.2f})",
        f"server-added p50 {s['added_p50']:.1f} ms p99 {s['added_p99']:.1f} ms",
        f"TTFT overhead p50 {fmt(s['ttft_p50'])} ms p99 {fmt(s['ttft_p99'])} ms "
        f"(message stored after p50 {fmt(s['accept_p50'])} ms)",
        f"errors {errors}; fallbacks {s['fallbacks']}",
        f"RSS {s['rss_start']:.0f}/{s['rss_mid']:.0f}/{s['rss_end']:.0f} MiB",
        f"CPU {cpu} (system {s['system_busy_pct']:.0f}% of all cores, other processes "
        f"{s['other_cpu_pct']:.0f}% of a core)",
        f"CPU ms/turn {per_turn}; driver loop lag p99 {s['lag_p99_ms']:.1f} ms",
    ]
    print("; ".join(parts), flush=flush)


def print_report(summaries: list[dict[str, Any]], args: argparse.Namespace) -> None:
    rows = []
    for s in summaries:
        errors = ", ".join(f"{k}:{v}" for k, v in sorted(s["errors"].items())) or "0"
        rows.append([
            s["db"], s["mode"], s["C"], f"{s['ok']}/{s['turns']}", round(s["turns_per_s"], 1), round(s["ideal"]),
            f"{s['efficiency']:.2f}", f"{s['efficiency_latency']:.2f}", round(s["added_p50"], 1),
            round(s["added_p99"], 1),
            round(s["ttft_p50"], 1) if s["mode"] == "stream" else "-",
            round(s["ttft_p99"], 1) if s["mode"] == "stream" else "-",
            errors, s["fallbacks"], f"{s['rss_start']:.0f}/{s['rss_mid']:.0f}/{s['rss_end']:.0f}",
            round(s["cpu_pct"].get("api", 0)), round(s["cpu_ms_per_turn"].get("api", 0), 1),
            round(s["cpu_pct"].get("driver", 0)), round(s["lag_p99_ms"], 1), round(s["other_cpu_pct"]),
        ])
    print()
    print(table(
        ["db", "mode", "C", "ok/turns", "turns/s", "ideal", "eff.", "eff. (latency)", "added p50 ms", "added p99 ms",
         "TTFT ovh p50", "TTFT ovh p99", "errors", "fallbacks", "RSS MiB s/m/e", "API CPU%", "API ms/turn",
         "driver CPU%", "drv lag p99", "other CPU%"],
        rows,
        title=f"Turn throughput: fake latency {args.latency}s in {args.chunks} chunks, {args.turns} turns per student, "
              f"think time {args.think:g}s",
    ))
    targets = []
    for s in summaries:
        if s.get("server") == "reference":
            continue
        if s["C"] == 200:
            targets.append([f"{s['db']} {s['mode']} efficiency at C=200", f"{s['efficiency']:.2f}", ">= 0.95",
                            "met" if s["efficiency"] >= TARGETS["efficiency_c200"] else "MISSED"])
        if s["C"] == 1000:
            bad = sum(s["errors"].values()) + s["fallbacks"] + s["missing"]
            targets.append([f"{s['db']} {s['mode']} C=1000 errors+fallbacks", str(bad), "0",
                            "met" if bad == 0 else "MISSED"])
        targets.append([f"{s['db']} {s['mode']} C={s['C']} server-added p99", f"{s['added_p99']:.1f} ms", "<= 25 ms",
                        "met" if s["added_p99"] <= TARGETS["added_p99_ms"] else "MISSED"])
        if s["mode"] == "stream":
            targets.append([f"{s['db']} stream C={s['C']} first-token overhead p50", f"{s['ttft_p50']:.1f} ms",
                            "<= 10 ms", "met" if s["ttft_p50"] <= TARGETS["ttft_p50_ms"] else "MISSED"])
    by_db: dict[str, list[dict[str, Any]]] = {}
    for s in summaries:
        if s.get("server") != "reference":
            by_db.setdefault(s["db"], []).append(s)
    for db, levels in by_db.items():
        first, last = levels[0]["rss_start"], levels[-1]["rss_end"]
        targets.append([f"{db} API RSS first level start -> last level end", f"{first:.0f} -> {last:.0f} MiB",
                        "flat", f"{last - first:+.0f} MiB"])
    ratios = reference_ratios(summaries)
    for row in ratios:
        if row[2] in (100, 200):
            targets.append([f"{row[0]} {row[1]} C={row[2]} efficiency / reference's", row[5], ">= 0.90",
                            "met" if float(row[5]) >= TARGETS["ratio_to_reference"] else "MISSED"])
    if ratios:
        print()
        print(table(["db", "mode", "C", "API eff.", "reference eff.", "ratio", "API added p99 ms",
                     "reference added p99 ms", "API ms/turn", "reference ms/turn"], ratios,
                    title="The API against the reference server (same cohort, same fake, back to back)"))
    print()
    print(table(["figure", "measured", "target", "status"], targets, title="Targets"))


def reference_ratios(summaries: list[dict[str, Any]]) -> list[list[Any]]:
    """Each API level beside the reference level that ran right after it."""
    rows = []
    for api, reference in itertools.pairwise(summaries):
        if api.get("server") != "api" or reference.get("server") != "reference":
            continue
        ratio = api["efficiency"] / reference["efficiency"] if reference["efficiency"] else float("nan")
        rows.append([api["db"], api["mode"], api["C"], f"{api['efficiency']:.2f}", f"{reference['efficiency']:.2f}",
                     f"{ratio:.2f}", round(api["added_p99"], 1), round(reference["added_p99"], 1),
                     round(api["cpu_ms_per_turn"].get("api", 0), 1),
                     round(reference["cpu_ms_per_turn"].get("api", 0), 1)])
    return rows


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--concurrency", default="1,50,200,1000", help="students per level (comma-separated)")
    parser.add_argument("--turns", type=int, default=10, help="turns per student per level")
    parser.add_argument("--db", default="sqlite,postgres", help="sqlite, postgres or both")
    parser.add_argument("--mode", default="plain,stream", help="plain (POST /messages), stream (SSE) or both")
    parser.add_argument("--stream", action="store_true", help="shortcut for --mode stream")
    parser.add_argument("--latency", type=float, default=1.0, help="the fake's reply latency, seconds")
    parser.add_argument("--chunks", type=int, default=10, help="text deltas per streamed reply")
    parser.add_argument("--drivers", type=int, default=0, help="driver processes (0: 1 up to C=200, else 2)")
    parser.add_argument("--max-seconds", type=float, default=600, help="per level: no new turns after this")
    parser.add_argument("--timeout", type=float, default=120, help="per request timeout, seconds")
    parser.add_argument("--env", action="append", default=[], metavar="KEY=VALUE",
                        help="extra API environment (repeatable), e.g. VC_LLM_MAX_CONCURRENCY=256")
    parser.add_argument("--think", type=float, default=0.0,
                        help="mean seconds a student pauses before each message (0: back-to-back, the stress case)")
    parser.add_argument("--workers", type=int, default=1,
                        help="API worker processes (start_server.py --workers); above 1 a Redis is started for them")
    parser.add_argument("--warmup-turns", type=int, default=4, help="unmeasured turns after the API starts")
    parser.add_argument("--json", default="", help="also write the summaries to this file")
    parser.add_argument("--no-reference", action="store_true",
                        help="skip the reference server (bench/reference_server.py) run after each level")
    args = parser.parse_args(argv)
    args.concurrency = [int(c) for c in args.concurrency.split(",")]
    args.mode = ["stream"] if args.stream else args.mode.split(",")
    args.env = [tuple(item.split("=", 1)) for item in args.env]
    dbs = args.db.split(",")
    fake = start_fake(latency=args.latency, chunks=args.chunks)
    pg = start_postgres() if "postgres" in dbs else None
    reference = None if args.no_reference else start_reference(fake.base_url)
    summaries: list[dict[str, Any]] = []
    try:
        for db in dbs:
            summaries += run_database(db, args, fake, pg, reference)
    finally:
        if reference is not None:
            reference.stop()
        fake.stop()
        if pg is not None:
            pg.stop()
    print_report(summaries, args)
    if args.json:
        Path(args.json).write_text(json.dumps(summaries, indent=2, default=str))


if __name__ == "__main__":
    main()
