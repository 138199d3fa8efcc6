"""Two API instances on one PostgreSQL and one Redis, behind a round-robin proxy: shared limits, shared circuit,
and what the second instance buys in throughput.

Checks (fake latency 0, VC_MESSAGES_PER_MINUTE=10, VC_LLM_MAX_RETRIES=0):
  1. rate limit: 15 sends by one student alternating instance A / B directly -> exactly 10 accepted;
     and again through the proxy (a new connection per request, so round-robin alternates) with another student.
  2. circuit breaker: the fake answers 529 overloaded; VC_BREAKER_FAILURES turns spread over A and B open the
     circuit, after which further turns on either instance get a fallback without reaching the fake.
Throughput (fake latency --latency, high limits): C students x --turns turns through the proxy with one
backend, with two backends, and directly to one instance (the proxy's own cost).

    /work/venv/bin/python -m bench.two_instances [--concurrency 200] [--turns 10] [--latency 1.0]
"""

from __future__ import annotations

import argparse
import asyncio
import math
import secrets
import subprocess
import sys
import time
from typing import Any

import httpx

from bench.common import (
    ROOT,
    create_students,
    llm_env,
    log,
    median,
    postgres_pids,
    published_client_ids,
    start_fake,
    start_redis,
    start_sessions,
    stop_process,
    table,
    uvicorn_pid,
)
from bench.load import run_level
from bench.script import student_line
from tests.support.postgres import free_port, start_postgres
from tests.support.server import ApiServer, start_api

BREAKER_FAILURES = 5


def start_proxy(backends: list[str]) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    process = subprocess.Popen([sys.executable, "-m", "bench.proxy", "--port", str(port), "--backends",
                                ",".join(b.removeprefix("http://") for b in backends)], cwd=ROOT,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert process.stdout is not None
    process.stdout.readline()  # "proxy on ..." once it listens
    return process, f"http://127.0.0.1:{port}"


def start_pair(url: str, env: dict[str, str]) -> tuple[ApiServer, ApiServer]:
    first = start_api(url, extra_env=env)  # migrates and seeds the demo data
    second = start_api(url, extra_env=env)  # finds the schema at head and the data present
    return first, second


def post_turn(base: str, token: str, session_id: int, turn: int, keepalive: httpx.Client | None = None
              ) -> httpx.Response:
    body = {"content": student_line(turn)}
    headers = {"Authorization": f"Bearer {token}"}
    if keepalive is not None:
        return keepalive.post(f"{base}/api/v1/sessions/{session_id}/messages", json=body, headers=headers)
    with httpx.Client(timeout=60, limits=httpx.Limits(max_keepalive_connections=0)) as client:
        return client.post(f"{base}/api/v1/sessions/{session_id}/messages", json=body, headers=headers)


def new_session(base: str, token: str, client_id: int) -> int:
    response = httpx.post(f"{base}/api/v1/sessions", json={"client_id": client_id},
                          headers={"Authorization": f"Bearer {token}"}, timeout=30)
    response.raise_for_status()
    return int(response.json()["id"])


def health(base: str, admin_token: str) -> dict[str, Any]:
    return dict(httpx.get(f"{base}/api/v1/admin/health", headers={"Authorization": f"Bearer {admin_token}"},
                          timeout=30).json())


def checks(url: str, redis_url: str, secret: str) -> list[list[Any]]:
    fake = start_fake(latency=0.0, chunks=5)
    env = llm_env(fake.base_url, VC_REDIS_URL=redis_url, SECRET_KEY=secret, VC_MESSAGES_PER_MINUTE="10",
                  VC_LLM_MAX_RETRIES="0", VC_BREAKER_FAILURES=str(BREAKER_FAILURES),
                  VC_BREAKER_COOLDOWN_SECONDS="300")
    a, b = start_pair(url, env)
    proxy, proxy_url = start_proxy([a.base_url, b.base_url])
    rows: list[list[Any]] = []
    try:
        admin = a.token("admin@example.com")
        client_id = asyncio.run(published_client_ids(a.api, admin))[0]
        # 1a. rate limit, alternating A and B explicitly
        token = a.token("student1@example.com")
        session = new_session(a.base_url, token, client_id)
        statuses = []
        for i in range(15):
            base = (a if i % 2 == 0 else b).base_url
            statuses.append(post_turn(base, token, session, i).status_code)
        accepted = statuses.count(201)
        rows.append(["rate limit (10/min), 15 sends alternating A/B directly", f"{accepted} accepted, "
                     f"{statuses.count(429)} x 429 (A: {statuses[0::2]}, B: {statuses[1::2]})", "exactly 10",
                     "met" if accepted == 10 and statuses.count(429) == 5 else "MISSED"])
        # 1b. the same through the round-robin proxy, one connection per request
        token = a.token("student2@example.com")
        session = new_session(proxy_url, token, client_id)
        statuses = [post_turn(proxy_url, token, session, i).status_code for i in range(15)]
        accepted = statuses.count(201)
        rows.append(["rate limit (10/min), 15 sends through the round-robin proxy", f"{accepted} accepted, "
                     f"{statuses.count(429)} x 429", "exactly 10", "met" if accepted == 10 else "MISSED"])
        # 2. circuit breaker shared through Redis
        tokens = asyncio.run(create_students(a.api, 2, prefix="breaker"))
        sessions = [new_session(a.base_url, t, client_id) for t in tokens]
        fake.configure(default="overloaded")
        before = fake.request_count()
        opening = []
        for i in range(BREAKER_FAILURES):
            base = (a if i % 2 == 0 else b).base_url
            response = post_turn(base, tokens[0], sessions[0], i)
            opening.append(response.json()["reply"]["is_fallback"] if response.status_code == 201 else
                           response.status_code)
        reached_opening = fake.request_count() - before
        state_a, state_b = health(a.base_url, admin), health(b.base_url, admin)
        after_open = fake.request_count()
        later = []
        for i in range(6):
            base = (a if i % 2 == 0 else b).base_url
            who = i % 2
            response = post_turn(base, tokens[who], sessions[who], BREAKER_FAILURES + i)
            later.append(response.json()["reply"]["is_fallback"] if response.status_code == 201 else
                         response.status_code)
        reached_later = fake.request_count() - after_open
        rows.append([f"breaker: {BREAKER_FAILURES} failing turns alternating A/B reach the fake",
                     f"{reached_opening} requests, fallbacks {opening}", str(BREAKER_FAILURES),
                     "met" if reached_opening == BREAKER_FAILURES else "MISSED"])
        rows.append(["breaker: circuit state reported by A / B (/admin/health)",
                     f"{state_a['circuit_state']} / {state_b['circuit_state']} "
                     f"(failures {state_a['consecutive_failures']})", "open / open",
                     "met" if state_a["circuit_state"] == state_b["circuit_state"] == "open" else "MISSED"])
        rows.append(["breaker: 6 more turns alternating A/B reach the fake", f"{reached_later} requests, "
                     f"fallbacks {later}", "0", "met" if reached_later == 0 and all(x is True for x in later)
                     else "MISSED"])
        fake.configure(default="ok")
    finally:
        stop_process(proxy)
        a.stop()
        b.stop()
        fake.stop()
    return rows


def throughput(url: str, redis_url: str, secret: str, args: argparse.Namespace, pg: Any) -> list[dict[str, Any]]:
    fake = start_fake(latency=args.latency, chunks=10)
    env = llm_env(fake.base_url, VC_REDIS_URL=redis_url, SECRET_KEY=secret)
    a, b = start_pair(url, env)
    results = []
    try:
        pid_a, pid_b = uvicorn_pid(a), uvicorn_pid(b)
        log(f"creating {args.concurrency} students")
        tokens = asyncio.run(create_students(a.api, args.concurrency, prefix="pair"))
        client_ids = asyncio.run(published_client_ids(a.api, tokens[0]))
        setups = (("1 instance via proxy", [a.base_url], True), ("2 instances via proxy", [a.base_url, b.base_url],
                                                                   True), ("1 instance direct", [a.base_url], False))
        for repeat in range(args.repeats):  # interleaved, so drifting load from other processes hits every setup
            for label, backends, via_proxy in setups:
                proxy, proxy_url = start_proxy(backends) if via_proxy else (None, a.base_url)
                try:
                    api = f"{proxy_url}/api/v1"
                    sessions = asyncio.run(start_sessions(api, tokens, client_ids))
                    groups = {"api A": lambda: [pid_a], "api B": lambda: [pid_b], "fake": lambda: [fake.pid],
                              "postgres": lambda: postgres_pids(pg.data_dir)}
                    if proxy is not None:
                        groups["proxy"] = lambda p=proxy: [p.pid]
                    log(f"{label} (run {repeat + 1}/{args.repeats}): C={args.concurrency}, {args.turns} turns each")
                    result = run_level(api=api, students=list(zip(tokens, sessions, strict=True)),
                                       turns=args.turns, mode=args.mode, drivers=args.drivers,
                                       max_seconds=args.max_seconds, timeout_s=120, cpu_groups=groups,
                                       rss_pid=pid_a)
                    summary = {"label": label, "run": repeat + 1, **result.summary(args.latency, 10)}
                    api_cpu = (summary["cpu_pct"]["api A"] + summary["cpu_pct"]["api B"]) / 100
                    summary["turns_per_api_cpu_s"] = summary["turns_per_s"] / api_cpu if api_cpu else math.nan
                    results.append(summary)
                    print(f"  {label}: {summary['turns_per_s']:.1f} turns/s, efficiency {summary['efficiency']:.2f}, "
                          f"added p50 {summary['added_p50']:.0f} ms p99 {summary['added_p99']:.0f} ms, errors "
                          f"{summary['errors'] or 0}, other processes {summary['other_cpu_pct']:.0f}% of a core, "
                          "CPU " + " ".join(f"{k} {v:.0f}%" for k, v in summary["cpu_pct"].items()), flush=True)
                finally:
                    if proxy is not None:
                        stop_process(proxy)
    finally:
        a.stop()
        b.stop()
        fake.stop()
    return results


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--concurrency", type=int, default=200)
    parser.add_argument("--turns", type=int, default=10)
    parser.add_argument("--latency", type=float, default=1.0)
    parser.add_argument("--mode", default="plain", choices=["plain", "stream"])
    parser.add_argument("--drivers", type=int, default=1)
    parser.add_argument("--max-seconds", type=float, default=600)
    parser.add_argument("--repeats", type=int, default=2, help="interleaved runs per setup (median reported)")
    parser.add_argument("--skip-throughput", action="store_true")
    args = parser.parse_args(argv)
    pg = start_postgres()
    if pg is None:
        raise SystemExit("PostgreSQL is not available")
    redis = start_redis()
    secret = secrets.token_urlsafe(32)
    try:
        log("checks: shared rate limit and circuit breaker across two instances")
        rows = checks(pg.create_database(), redis.url, secret)
        print(table(["check", "measured", "expected", "status"], rows,
                    title="Two instances, one PostgreSQL, one Redis"))
        print(flush=True)
        if not args.skip_throughput:
            started = time.monotonic()
            redis.flush()  # the checks left the circuit open and the limits spent
            results = throughput(pg.create_database(), redis.url, secret, args, pg)
            labels = list(dict.fromkeys(r["label"] for r in results))

            def med(label: str, key: str) -> float:
                return median([r[key] for r in results if r["label"] == label])

            base = med("1 instance via proxy", "turns_per_s")
            print()
            print(table(
                ["setup", "runs", "C", "turns/s (median)", "ideal", "eff.", "added p50 ms", "added p99 ms",
                 "errors+fallbacks", "ratio vs 1 via proxy", "API CPU % (A+B)", "turns per API CPU-s",
                 "other processes CPU %"],
                [[label, sum(1 for r in results if r["label"] == label), args.concurrency,
                  round(med(label, "turns_per_s"), 1), args.concurrency / args.latency,
                  f"{med(label, 'efficiency'):.2f}", round(med(label, "added_p50"), 1),
                  round(med(label, "added_p99"), 1),
                  sum(sum(r["errors"].values()) + r["fallbacks"] for r in results if r["label"] == label),
                  f"{med(label, 'turns_per_s') / base:.2f}",
                  round(median([r["cpu_pct"]["api A"] + r["cpu_pct"]["api B"] for r in results
                                if r["label"] == label])),
                  round(med(label, "turns_per_api_cpu_s"), 1), round(med(label, "other_cpu_pct"))]
                 for label in labels],
                title=f"Throughput, 1 vs 2 instances ({args.mode}, fake latency {args.latency}s, "
                      f"{time.monotonic() - started:.0f}s total; medians over interleaved runs)"))
    finally:
        redis.stop()
        pg.stop()


if __name__ == "__main__":
    main()
