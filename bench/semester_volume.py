"""A semester of data in PostgreSQL, then the admin dashboard, a student's list, a transcript and the courses, timed.

Seeds (at --scale 1) 20,000 students, 400,000 sessions, ~6,000,000 messages and one llm_calls row per
assistant message (~3,000,000) spread over 120 days, plus 10 teachers, 35 clients, error events, cost alerts
and teacher ratings, then 300 sections with their enrollments, assignments and attempts (bench/courses_volume.py),
with asyncpg's binary COPY from parallel generator processes (secondary indexes are
dropped for the load and rebuilt from their own definitions; FK triggers are off during COPY). Then it
starts the real API on that database and times each endpoint (median of --runs, after one warm-up), and
prints EXPLAIN (ANALYZE, BUFFERS) for the SQL the services really emit (captured from SQLAlchemy while the
service functions run, replayed through psql with PREPARE/EXECUTE and the same parameters).

    python -m bench.semester_volume [--scale 0.05] [--runs 15] [--workers 2] [--plans full|short]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import math
import multiprocessing as mp
import random
import re
import subprocess
import time
from datetime import UTC, date, datetime, timedelta
from typing import Any

import httpx

from bench.common import ADMIN_EMAIL, ADMIN_PASSWORD, BENCH_PASSWORD, fmt, log, median, percentile, table
from bench.cost_per_conversation import REPLY_SOURCE
from bench.courses_volume import BIG_SECTION, seed_courses
from bench.script import STUDENT_LINES
from tests.support.postgres import start_postgres
from tests.support.server import start_api

FULL = {"students": 20_000, "sessions": 400_000, "messages": 6_000_000}
TEACHERS = 10
CLIENTS = 35
DAYS = 120
TARGET_MS = 200.0
CHUNK_SESSIONS = 5_000
MESSAGE_ID_STRIDE = 32  # message id = session id * 32 + sequence (sessions hold at most 24 messages)
CALL_ID_STRIDE = 16  # llm_calls id = session id * 16 + turn


def asyncpg_url(url: str) -> str:
    return url.replace("postgresql+asyncpg://", "postgresql://")


def psql(url: str, sql: str, *extra: str) -> str:
    result = subprocess.run(["psql", url, "-v", "ON_ERROR_STOP=1", "-X", "-q", *extra, "-c", sql],
                            capture_output=True, text=True)
    if result.returncode != 0:
        raise RuntimeError(f"psql failed: {result.stderr.strip()}\n{sql[:500]}")
    return result.stdout


# --------------------------------------------------------------------------- generation


def plan(scale: float) -> dict[str, Any]:
    students = max(50, round(FULL["students"] * scale))
    sessions = max(200, round(FULL["sessions"] * scale))
    return {"students": students, "sessions": sessions, "messages_per_session": FULL["messages"] / FULL["sessions"]}


def _reply_pool() -> list[str]:
    words = (REPLY_SOURCE * 3).split()
    return [" ".join(words[i:i + 30 + (i % 25)]) for i in range(0, 200, 5)]


def generate_chunk(conf: dict[str, Any], chunk: int) -> tuple[list[tuple], list[tuple], list[tuple], list[tuple]]:
    """Sessions [chunk*CHUNK_SESSIONS, ...) with their messages, llm_calls and error events (deterministic)."""
    rng = random.Random(conf["seed"] * 1_000_003 + chunk)
    first = chunk * CHUNK_SESSIONS + 1
    last = min(conf["sessions"], (chunk + 1) * CHUNK_SESSIONS)
    now = datetime.fromisoformat(conf["now"])
    span = DAYS * 86400 - 1200
    start = now - timedelta(seconds=DAYS * 86400)
    replies = _reply_pool()
    lines = list(STUDENT_LINES)
    steps = [timedelta(seconds=20 * s) for s in range(40)]
    student_base, students = conf["student_base"], conf["students"]
    clients = conf["clients"]  # [(client id, owner id, snapshot json)]
    sessions: list[tuple] = []
    messages: list[tuple] = []
    calls: list[tuple] = []
    errors: list[tuple] = []
    mean_turns = conf["messages_per_session"] / 2
    for sid in range(first, last + 1):
        started = start + timedelta(seconds=span * (sid - 0.5) / conf["sessions"] + rng.uniform(-60, 60))
        user_id = student_base + rng.randrange(students)
        client_id, teacher_id, snapshot = clients[rng.randrange(len(clients))]
        turns = max(1, min(12, round(rng.gauss(mean_turns, 2.5))))
        model = "claude-haiku-4-5" if rng.random() < 0.9 else "claude-sonnet-4-6"
        price_in, price_out = (1.0, 5.0) if model == "claude-haiku-4-5" else (3.0, 15.0)
        streamed = rng.random() < 0.7
        totals = [0, 0, 0.0]
        for turn in range(turns):
            seq = 2 * turn + 1
            created = started + steps[seq]
            messages.append((sid * MESSAGE_ID_STRIDE + seq, sid, seq, "user", lines[(turn + sid) % len(lines)],
                             0, 0, 0, 0, 0.0, None, False, None, created))
            fallback = rng.random() < 0.005
            in_tok = 0 if fallback else 1000 + 95 * turn + rng.randrange(40)
            out_tok = 0 if fallback else 40 + rng.randrange(50)
            cost = round((in_tok * price_in + out_tok * price_out) / 1e6, 8)
            latency = rng.randrange(700, 2600)
            reply_at = created + steps[1]
            messages.append((sid * MESSAGE_ID_STRIDE + seq + 1, sid, seq + 1, "assistant",
                             replies[(turn * 7 + sid) % len(replies)], in_tok, out_tok, 0, 0, cost, latency,
                             fallback, "anthropic", reply_at))
            calls.append((sid * CALL_ID_STRIDE + turn, sid, user_id, teacher_id, "anthropic", model, in_tok,
                          out_tok, 0, 0, cost, latency, "error" if fallback else "ok",
                          "overloaded: Overloaded" if fallback else None, streamed, reply_at.date(), reply_at))
            if fallback:
                context = json.dumps({"model": model, "provider": "anthropic", "latency_ms": latency,
                                      "turn": turn + 1, "fallback_sent": True})
                errors.append(("llm", "overloaded", "Overloaded", context, sid, user_id, reply_at))
            totals[0] += in_tok
            totals[1] += out_tok
            totals[2] += cost
        last_at = started + steps[2 * turns]
        recent = (now - started).total_seconds() < 86400
        active = (recent and rng.random() < 0.5) or rng.random() < 0.01
        sessions.append((sid, client_id, user_id, "practice", "active" if active else "ended", started,
                         None if active else last_at + steps[3], snapshot, "anthropic", model, 2 * turns,
                         totals[0], totals[1], 0, 0, round(totals[2], 8), last_at))
    return sessions, messages, calls, errors


SESSION_COLUMNS = ["id", "client_id", "user_id", "mode", "status", "started_at", "ended_at", "persona_snapshot",
                   "provider", "model", "message_count", "input_tokens", "output_tokens", "cache_creation_tokens",
                   "cache_read_tokens", "cost_usd", "last_activity_at"]
MESSAGE_COLUMNS = ["id", "session_id", "sequence", "role", "content", "input_tokens", "output_tokens",
                   "cache_creation_tokens", "cache_read_tokens", "cost_usd", "latency_ms", "is_fallback", "provider",
                   "created_at"]
CALL_COLUMNS = ["id", "session_id", "user_id", "teacher_id", "provider", "model", "input_tokens", "output_tokens",
                "cache_creation_tokens", "cache_read_tokens", "cost_usd", "latency_ms", "outcome", "error",
                "streamed", "day", "created_at"]
ERROR_COLUMNS = ["source", "kind", "message", "context", "session_id", "user_id", "created_at"]


async def _copy_worker(conf: dict[str, Any], worker: int, workers: int) -> dict[str, int]:
    import asyncpg

    connection = await asyncpg.connect(conf["url"])
    counts = {"sessions": 0, "messages": 0, "llm_calls": 0, "error_events": 0}
    try:
        await connection.execute("SET session_replication_role = replica")  # no FK triggers during the load
        chunks = math.ceil(conf["sessions"] / CHUNK_SESSIONS)
        for chunk in range(worker, chunks, workers):
            sessions, messages, calls, errors = generate_chunk(conf, chunk)
            await connection.copy_records_to_table("sessions", records=sessions, columns=SESSION_COLUMNS)
            await connection.copy_records_to_table("messages", records=messages, columns=MESSAGE_COLUMNS)
            await connection.copy_records_to_table("llm_calls", records=calls, columns=CALL_COLUMNS)
            if errors:
                await connection.copy_records_to_table("error_events", records=errors, columns=ERROR_COLUMNS)
            counts["sessions"] += len(sessions)
            counts["messages"] += len(messages)
            counts["llm_calls"] += len(calls)
            counts["error_events"] += len(errors)
    finally:
        await connection.close()
    return counts


def copy_worker(conf: dict[str, Any], worker: int, workers: int, out: Any) -> None:
    out.put(asyncio.run(_copy_worker(conf, worker, workers)))


async def seed(url: str, scale: float, workers: int, seed_value: int) -> dict[str, Any]:
    import asyncpg

    from backend.core.security import hash_password
    from backend.demo.data import DEMO_CLIENTS
    from backend.services.clients.personas import PERSONA_KEYS

    sizes = plan(scale)
    now = datetime.now(UTC)
    connection = await asyncpg.connect(url)
    timings: dict[str, float] = {}
    try:
        await connection.execute("SET session_replication_role = replica")
        admin_hash, student_hash = await hash_password(ADMIN_PASSWORD), await hash_password(BENCH_PASSWORD)
        users = [(1, ADMIN_EMAIL, "Demo Admin", "admin", admin_hash, True, now, now)]
        users += [(1 + t, f"teacher{t}@bench.example.com", f"Teacher {t}", "teacher", student_hash, True, now, now)
                  for t in range(1, TEACHERS + 1)]
        student_base = TEACHERS + 2
        users += [(student_base + i, f"student{i:05d}@bench.example.com", f"Student {i:05d}", "student",
                   student_hash, True, now, now) for i in range(sizes["students"])]
        await connection.copy_records_to_table("users", records=users, columns=[
            "id", "email", "display_name", "role", "password_hash", "is_active", "created_at", "updated_at"])
        clients, client_rows = [], []
        for c in range(1, CLIENTS + 1):
            persona = DEMO_CLIENTS[(c - 1) % len(DEMO_CLIENTS)]
            owner = 1 + 1 + (c - 1) % TEACHERS
            snapshot = json.dumps({key: persona.get(key, "") for key in PERSONA_KEYS})
            clients.append((c, owner, snapshot))
            client_rows.append((c, owner, persona["name"], persona["age"], persona["gender"], persona["pronouns"],
                                persona["race_ethnicity"], persona["socioeconomic_status"],
                                persona["student_brief"], json.dumps(persona["issues"]),
                                persona["presenting_problem"], persona["background_story"],
                                json.dumps(persona["personality_traits"]), persona["communication_style"],
                                persona["emotional_state"], persona["difficulty"], json.dumps(persona["hidden_facts"]),
                                persona["risk_factors"], persona["goals"], persona["cultural_context"],
                                persona["notes"], True, None, now, now))
        await connection.copy_records_to_table("clients", records=client_rows, columns=[
            "id", "owner_id", "name", "age", "gender", "pronouns", "race_ethnicity", "socioeconomic_status",
            "student_brief", "issues", "presenting_problem", "background_story", "personality_traits",
            "communication_style", "emotional_state", "difficulty", "hidden_facts", "risk_factors", "goals",
            "cultural_context", "notes", "is_published", "archived_at", "created_at", "updated_at"])
        # secondary indexes off for the load, rebuilt from their own definitions afterwards
        indexes = await connection.fetch(
            "SELECT i.indexname, i.indexdef FROM pg_indexes i WHERE i.schemaname = 'public' AND i.tablename IN "
            "('sessions', 'messages', 'llm_calls', 'error_events') AND NOT EXISTS (SELECT 1 FROM pg_constraint c "
            "WHERE c.conname = i.indexname)")
        for row in indexes:
            await connection.execute(f'DROP INDEX "{row["indexname"]}"')
    finally:
        await connection.close()

    conf = {"url": url, "seed": seed_value, "now": now.isoformat(), "sessions": sizes["sessions"],
            "students": sizes["students"], "student_base": student_base, "clients": clients,
            "messages_per_session": sizes["messages_per_session"]}
    started = time.monotonic()
    context = mp.get_context("spawn")
    out = context.Queue()
    processes = [context.Process(target=copy_worker, args=(conf, w, workers, out)) for w in range(workers)]
    for process in processes:
        process.start()
    counts: dict[str, int] = {}
    for _ in processes:
        for key, value in out.get(timeout=7200).items():
            counts[key] = counts.get(key, 0) + value
    for process in processes:
        process.join(timeout=60)
        if process.exitcode != 0:
            raise RuntimeError(f"a copy worker failed (exit code {process.exitcode})")
    timings["copy_s"] = time.monotonic() - started

    connection = await asyncpg.connect(url)
    try:
        started = time.monotonic()
        await connection.execute("SET maintenance_work_mem = '1GB'")
        for row in indexes:
            await connection.execute(row["indexdef"])
        timings["index_s"] = time.monotonic() - started
        started = time.monotonic()
        rng = random.Random(seed_value)
        alerts = [("platform_day", f"platform:{(now.date() - timedelta(days=d)).isoformat()}", None,
                   now.date() - timedelta(days=d), 10.0, 12.5, "The platform spent over $10.00 today.",
                   now - timedelta(days=d)) for d in range(1, DAYS)]
        for _ in range(max(10, sizes["students"] // 10)):
            user = student_base + rng.randrange(sizes["students"])
            day = now.date() - timedelta(days=rng.randrange(DAYS))
            alerts.append(("user_day", f"user:{user}:{day.isoformat()}", user, day, 0.5, 0.61,
                           f"Student {user} spent over $0.50 today.",
                           datetime.combine(day, datetime.min.time(), tzinfo=UTC) + timedelta(hours=15)))
        unique = {a[1]: a for a in alerts}
        await connection.copy_records_to_table("cost_alerts", records=list(unique.values()), columns=[
            "scope", "dedupe_key", "subject_id", "day", "threshold_usd", "amount_usd", "message", "created_at"])
        rated = rng.sample(range(1, sizes["sessions"] + 1), k=sizes["sessions"] // 50)
        await connection.execute(
            "INSERT INTO feedback (session_id, author_id, rating, comment) SELECT s.id, c.owner_id, 1 + (s.id % 5), "
            "'Good reflections; slow down before advice.' FROM sessions s JOIN clients c ON c.id = s.client_id "
            "WHERE s.id = ANY($1::int[])", rated)
        for name in ("users", "clients", "sessions", "messages", "llm_calls", "error_events", "cost_alerts",
                     "feedback"):
            await connection.execute(
                f"SELECT setval(pg_get_serial_sequence('{name}', 'id'), (SELECT coalesce(max(id), 1) FROM {name}))")
        await connection.execute("ANALYZE")
        timings["extras_analyze_s"] = time.monotonic() - started
        totals = {name: await connection.fetchval(f"SELECT count(*) FROM {name}") for name in (
            "users", "clients", "sessions", "messages", "llm_calls", "error_events", "cost_alerts", "feedback")}
        size = await connection.fetchval("SELECT pg_size_pretty(pg_database_size(current_database()))")
    finally:
        await connection.close()
    return {"counts": totals, "timings": timings, "size": size, "student_base": student_base, "now": now}


# --------------------------------------------------------------------------- timing the API


def _items(response: httpx.Response) -> Any:
    """How many things a response holds: list items, grid rows, CSV rows; '-' for anything else."""
    if response.headers.get("content-type", "").startswith("text/csv"):
        return response.text.count("\n") - 1
    body = response.json()
    if isinstance(body, list):
        return len(body)
    return len(body["students"]) if isinstance(body, dict) and "students" in body else "-"


def time_endpoints(api: str, tokens: dict[str, str], targets: list[tuple[str, str, str]], runs: int
                   ) -> list[dict[str, Any]]:
    results = []
    with httpx.Client(base_url=api, timeout=120) as client:
        for label, who, path in targets:
            headers = {"Authorization": f"Bearer {tokens[who]}"}
            started = time.perf_counter()
            first = client.get(path, headers=headers)
            first_ms = (time.perf_counter() - started) * 1000
            first.raise_for_status()
            samples = []
            for _ in range(runs):
                started = time.perf_counter()
                response = client.get(path, headers=headers)
                samples.append((time.perf_counter() - started) * 1000)
                response.raise_for_status()
            results.append({"label": label, "path": path, "first_ms": first_ms, "median_ms": median(samples),
                            "p90_ms": percentile(samples, 90), "min_ms": min(samples), "bytes": len(first.content),
                            "items": _items(first)})
    return results


# --------------------------------------------------------------------------- the SQL the services emit


async def capture_service_sql(url: str, ids: dict[str, int]) -> list[tuple[str, str, Any]]:
    """Run the service functions behind each endpoint and record every statement they send."""
    from sqlalchemy import event

    from backend.core.config import Settings
    from backend.models.session import SessionStatus
    from backend.models.user import User
    from backend.runtime import build_runtime
    from backend.services.conversation import sessions
    from backend.services.courses import assignments, gradebook, progress
    from backend.services.courses import usage as course_usage
    from backend.services.spend import costs, monitoring

    settings = Settings(DATABASE_URL=url, VC_LLM_PROVIDER="offline", VC_ENV="test")
    runtime = build_runtime(settings)
    captured: list[tuple[str, str, Any]] = []
    label = {"now": "setup: load the actors (users by id)"}

    def record(_conn, _cursor, statement, parameters, _context, _many) -> None:  # type: ignore[no-untyped-def]
        if statement.strip().upper() not in ("SELECT 1", ";SELECT 1") and not statement.startswith(("BEGIN", "COMMIT")):
            captured.append((label["now"], statement, parameters))

    event.listen(runtime.db_engine.sync_engine, "before_cursor_execute", record)
    today = datetime.now(UTC).date()
    try:
        async with runtime.session_factory() as db:
            admin, teacher, student = (await db.get(User, ids["admin"]), await db.get(User, ids["teacher"]),
                                       await db.get(User, ids["student"]))
            steps = [
                ("/admin/usage", monitoring.usage_report(db, settings=runtime.settings, pricing=runtime.pricing)),
                ("/admin/alerts", monitoring.list_alerts(db)),
                ("/admin/errors", monitoring.list_errors(db)),
                ("/admin/health", monitoring.provider_health(db, breaker=runtime.breaker, provider=runtime.provider,
                                                             pricing=runtime.pricing)),
                ("admin /sessions?status=active", sessions.list_for(db, actor=admin, status=SessionStatus.active)),
                ("admin /sessions", sessions.list_for(db, actor=admin)),
                ("teacher /sessions", sessions.list_for(db, actor=teacher)),
                ("student /sessions", sessions.list_for(db, actor=student)),
                ("student transcript", sessions.messages(db, actor=student, session_id=ids["session"])),
                ("turn: user day cost (per turn)", costs.user_day_cost(db, ids["student"], today)),
                ("turn: platform day cost (per turn)", costs.platform_day_cost(db, today)),
                ("progress grid (big section)", progress.section_progress_json(db, actor=teacher,
                                                                          section_id=ids["big_section"])),
                ("gradebook csv (big section)", gradebook.gradebook_csv(db, actor=teacher,
                                                                        section_id=ids["big_section"])),
                ("student /assignments", assignments.list_for(db, actor=student)),
                ("/admin/courses", course_usage.course_usage(db)),
            ]
            for name, coro in steps:
                label["now"] = name
                await coro
    finally:
        await runtime.aclose()
    return captured


def literal(value: Any) -> str:
    if value is None:
        return "NULL"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, (datetime, date)):
        return f"'{value.isoformat()}'"
    if isinstance(value, (list, tuple)):
        return "'{" + ",".join(str(v) for v in value) + "}'"
    text = str(value.value if hasattr(value, "value") else value)
    return "'" + text.replace("'", "''") + "'"


def explain(url: str, statement: str, parameters: Any) -> str:
    params = list(parameters or [])
    if params:
        sql = (f"PREPARE bench_q AS {statement};\nEXPLAIN (ANALYZE, BUFFERS) EXECUTE bench_q("
               f"{', '.join(literal(p) for p in params)});\nDEALLOCATE bench_q;")
    else:
        sql = f"EXPLAIN (ANALYZE, BUFFERS) {statement};"
    result = subprocess.run(["psql", url, "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1"], input=sql,
                            capture_output=True, text=True)
    return result.stdout if result.returncode == 0 else f"(psql failed: {result.stderr.strip()})"


def plan_summary(text: str) -> tuple[float, str, str]:
    execution = re.search(r"Execution Time: ([\d.]+) ms", text)
    scans = []
    for match in re.finditer(r"(Index Only Scan|Index Scan|Bitmap Index Scan|Seq Scan)(?: Backward)?"
                             r"(?: using (\S+))?(?: on (\S+))?", text):
        kind, index, relation = match.groups()
        scans.append(f"{'seq' if kind == 'Seq Scan' else kind.split()[0].lower()}:{index or relation}")
    hits = re.findall(r"shared hit=(\d+)(?: read=(\d+))?", text)
    first = hits[0] if hits else ("0", "")
    buffers = f"hit {first[0]}" + (f" read {first[1]}" if first[1] else "")
    return (float(execution.group(1)) if execution else math.nan, ", ".join(dict.fromkeys(scans)) or "-", buffers)


# --------------------------------------------------------------------------- main


def explain_services(url: str, ids: dict[str, int], plans: str, title: str) -> None:
    captured = asyncio.run(capture_service_sql(url, ids))
    summary_rows = []
    for name, statement, parameters in captured:
        text = explain(url, statement, parameters)
        exec_ms, scans, buffers = plan_summary(text)
        summary_rows.append([name, " ".join(statement.split())[:60], round(exec_ms, 2), scans, buffers])
        if plans != "none":
            print_plan(name, statement, text, plans)
    print(table(["service call", "statement", "exec ms", "scans (index or seq)", "buffers (top node)"],
                summary_rows, title=title))


def print_plan(name: str, statement: str, text: str, plans: str) -> None:
    lines = text.strip().splitlines()
    shown = lines if plans == "full" or len(lines) <= 16 else [
        *lines[:14], f"... ({len(lines) - 16} more lines)", *lines[-2:]]
    print(f"--- {name}: {' '.join(statement.split())[:150]}")
    print("\n".join("    " + line for line in shown))
    print()


# Proposed fixes, tried on the benchmark's own database only (the backend's schema is not changed).
CANDIDATE_INDEXES = [
    "CREATE INDEX bench_ix_messages_fallback_created_at ON messages (created_at) WHERE is_fallback IS TRUE",
    "CREATE INDEX bench_ix_sessions_started_at_id ON sessions (started_at, id)",
]
SUMS = ("count(id) AS calls, coalesce(sum(input_tokens), 0) AS input_tokens, coalesce(sum(output_tokens), 0) AS "
        "output_tokens, coalesce(sum(cache_creation_tokens), 0) AS cache_write, coalesce(sum(cache_read_tokens), 0) "
        "AS cache_read, coalesce(sum(cost_usd), 0) AS cost_usd")
REWRITES = [
    ("usage by teacher: aggregate llm_calls first, then join the ~10 names",
     f"SELECT t.*, u.display_name FROM (SELECT teacher_id, {SUMS} FROM llm_calls WHERE day >= '{{since}}' "
     "GROUP BY teacher_id) t LEFT JOIN users u ON u.id = t.teacher_id"),
    ("usage by day, by model and by teacher in one pass (GROUPING SETS)",
     f"SELECT day, model, teacher_id, {SUMS} FROM llm_calls WHERE day >= '{{since}}' "
     "GROUP BY GROUPING SETS ((day), (model), (teacher_id))"),
]


def try_fixes(url: str, api: str, tokens: dict[str, str], endpoints: list[tuple[str, str, str]],
              before: list[dict[str, Any]], ids: dict[str, int], args: argparse.Namespace) -> None:
    """Add the proposed indexes to this database, re-time the endpoints, and EXPLAIN the proposed rewrites."""
    print()
    log("trying the proposed fixes on the benchmark database: " + "; ".join(CANDIDATE_INDEXES))
    started = time.monotonic()
    for statement in CANDIDATE_INDEXES:
        psql(url, statement)
    psql(url, "ANALYZE messages; ANALYZE sessions")
    built_s = time.monotonic() - started
    after = time_endpoints(api, tokens, endpoints, args.runs)
    print(table(
        ["endpoint", "median ms before", "median ms with the indexes", "ratio", "status"],
        [[b["label"], round(b["median_ms"], 1), round(a["median_ms"], 1), f"{b['median_ms'] / a['median_ms']:.1f}x",
          "met" if a["median_ms"] < TARGET_MS else "MISSED"] for b, a in zip(before, after, strict=True)],
        title=f"With the two proposed indexes (built in {built_s:.0f}s)"))
    print()
    explain_services(url, ids, "none", "EXPLAIN summary with the proposed indexes")
    print()
    since = (datetime.now(UTC).date() - timedelta(days=13)).isoformat()
    rows = []
    for name, sql in REWRITES:
        text = explain(url, sql.format(since=since), None)
        exec_ms, scans, buffers = plan_summary(text)
        rows.append([name, round(exec_ms, 1), scans, buffers])
        if args.plans != "none":
            print_plan(name, sql, text, args.plans)
    print(table(["proposed rewrite of /admin/usage queries", "exec ms", "scans", "buffers"], rows,
                title="EXPLAIN ANALYZE of the proposed query rewrites (same 14-day window)"))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", type=float, default=1.0, help="1.0 = 20k students, 400k sessions, 6M messages")
    parser.add_argument("--runs", type=int, default=15, help="timed requests per endpoint (median reported)")
    parser.add_argument("--workers", type=int, default=2, help="generator/COPY processes")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--try-fixes", action="store_true",
                        help="then add the proposed indexes to this database and time again")
    parser.add_argument("--plans", default="short", choices=["short", "full", "none"],
                        help="print EXPLAIN plans in full, their first lines, or only the summary")
    args = parser.parse_args(argv)
    pg = start_postgres()
    if pg is None:
        raise SystemExit("PostgreSQL is not available (install postgresql or set VC_TEST_POSTGRES_URL)")
    server = None
    try:
        url = pg.create_database()
        from backend.core.migrations import upgrade_to_head

        upgrade_to_head(url)
        sizes = plan(args.scale)
        log(f"seeding scale {args.scale}: {sizes['students']:,} students, {sizes['sessions']:,} sessions, "
            f"~{round(sizes['sessions'] * sizes['messages_per_session']):,} messages, {args.workers} COPY workers")
        started = time.monotonic()
        seeded = asyncio.run(seed(url, args.scale, args.workers, args.seed))
        seed_s = time.monotonic() - started
        counts = seeded["counts"]
        rate = (counts["messages"] + counts["llm_calls"] + counts["sessions"]) / seeded["timings"]["copy_s"]
        print(table(["table", "rows"], [[k, v] for k, v in counts.items()],
                    title=f"Seeded in {seed_s:.0f}s (COPY {seeded['timings']['copy_s']:.0f}s, index builds "
                          f"{seeded['timings']['index_s']:.0f}s, extras+ANALYZE "
                          f"{seeded['timings']['extras_analyze_s']:.0f}s); database size {seeded['size']}; "
                          f"COPY rate {rate:,.0f} rows/s"))
        print()

        student_base = seeded["student_base"]
        started = time.monotonic()
        courses = asyncio.run(seed_courses(url, scale=args.scale, seed_value=args.seed, student_base=student_base,
                                           students=sizes["students"], teachers=TEACHERS, days=DAYS,
                                           now=seeded["now"]))
        big_section = courses.pop("big_section")
        print(table(["table", "rows"], [[k, v] for k, v in courses.items()],
                    title=f"Courses seeded in {time.monotonic() - started:.0f}s (section {big_section}: "
                          f"{BIG_SECTION['students']} students × {BIG_SECTION['assignments']} assignments)"))
        print()
        info = psql(url, f"SELECT s.user_id, s.id, s.message_count FROM sessions s WHERE s.user_id = {student_base} "
                         "AND s.assignment_id IS NULL "
                         "ORDER BY s.message_count DESC, s.id LIMIT 1", "-A", "-t").strip().split("|")
        student_id, session_id, session_messages = int(info[0]), int(info[1]), int(info[2])
        student_sessions = int(psql(url, f"SELECT count(*) FROM sessions WHERE user_id = {student_id}", "-A",
                                    "-t").strip())
        ids = {"admin": 1, "teacher": 2, "student": student_id, "session": session_id, "big_section": big_section}

        server = start_api(url, demo=False)
        with httpx.Client(base_url=server.api, timeout=60) as client:
            def login(email: str, password: str) -> str:
                response = client.post("/auth/login", json={"email": email, "password": password})
                response.raise_for_status()
                return str(response.json()["access_token"])

            tokens = {"admin": login(ADMIN_EMAIL, ADMIN_PASSWORD),
                      "teacher": login("teacher1@bench.example.com", BENCH_PASSWORD),
                      "student": login(f"student{student_id - student_base:05d}@bench.example.com", BENCH_PASSWORD)}
        endpoints = [
            ("admin: GET /admin/usage", "admin", "/admin/usage"),
            ("admin: GET /admin/alerts", "admin", "/admin/alerts"),
            ("admin: GET /admin/errors", "admin", "/admin/errors"),
            ("admin: GET /admin/health", "admin", "/admin/health"),
            ("admin: GET /sessions?status=active", "admin", "/sessions?status=active"),
            ("admin: GET /sessions (all, newest 100)", "admin", "/sessions"),
            ("teacher: GET /sessions (own clients)", "teacher", "/sessions"),
            (f"student: GET /sessions ({student_sessions} sessions)", "student", "/sessions"),
            (f"student: GET /sessions/{{id}}/messages ({session_messages} msgs)", "student",
             f"/sessions/{session_id}/messages"),
            (f"teacher: GET /sections/{big_section}/progress (300 × 20 grid)", "teacher",
             f"/sections/{big_section}/progress"),
            (f"teacher: GET /sections/{big_section}/gradebook.csv", "teacher",
             f"/sections/{big_section}/gradebook.csv"),
            ("teacher: GET /sections", "teacher", "/sections"),
            ("student: GET /assignments", "student", "/assignments"),
            ("admin: GET /admin/courses", "admin", "/admin/courses"),
        ]
        log(f"timing {len(endpoints)} endpoints, {args.runs} runs each after one warm-up")
        results = time_endpoints(server.api, tokens, endpoints, args.runs)
        print(table(
            ["endpoint", "first ms", "median ms", "p90 ms", "min ms", "items", "bytes", "target", "status"],
            [[r["label"], round(r["first_ms"], 1), round(r["median_ms"], 1), round(r["p90_ms"], 1),
              round(r["min_ms"], 1), r["items"], r["bytes"], f"< {TARGET_MS:.0f} ms",
              "met" if r["median_ms"] < TARGET_MS else "MISSED"] for r in results],
            title=f"API timings on the semester database (median of {args.runs} after one warm-up)"))
        print()

        log("capturing the services' SQL and running EXPLAIN (ANALYZE, BUFFERS) through psql")
        explain_services(url, ids, args.plans, "EXPLAIN (ANALYZE, BUFFERS) of every statement the services emitted")
        missed = [r for r in results if r["median_ms"] >= TARGET_MS]
        print()
        print(f"endpoints over {TARGET_MS:.0f} ms median: "
              + (", ".join(f"{r['label']} ({fmt(r['median_ms'])} ms)" for r in missed) or "none"))
        if args.try_fixes:
            try_fixes(url, server.api, tokens, endpoints, results, ids, args)
    finally:
        if server is not None:
            server.stop()
        pg.stop()


if __name__ == "__main__":
    main()
