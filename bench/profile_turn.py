"""Where a turn's CPU goes, and how much there is of it.

    python -m bench.profile_turn [--db sqlite|postgres] [--students 20] [--turns 10] [--mode plain|stream]
        [--top 25] [--no-profile]

First the figure to hold to: the API's CPU per turn in its own process, unprofiled (the real server as
start_server.py runs it, students driving it from driver processes, CPU read from /proc). Then the real app
in-process (ASGI) under cProfile for the breakdown: SQL statements per turn (counted on the driver connections,
so the turn's hand-written statements count too) and the functions with the most cumulative and own time
(driver-side httpx frames are excluded from the "own time" table so it shows what the server spends).
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import os
import pstats
import shutil
import tempfile
import time
from pathlib import Path

import httpx
from sqlalchemy import event

from bench.common import (
    BENCH_PASSWORD,
    children,
    create_students,
    fmt,
    llm_env,
    log,
    published_client_ids,
    start_fake,
    start_sessions,
    table,
    uvicorn_pid,
)
from bench.load import run_level
from bench.script import student_line
from tests.support.postgres import start_postgres
from tests.support.server import start_api

CPU_TARGET_MS = 4.0  # PostgreSQL, plain turns (issue 14)


def measure_api_cpu(args: argparse.Namespace, database_url: str, fake_url: str) -> float:
    """API CPU ms per turn with the API as its own process and nothing profiling it."""
    server = start_api(database_url, extra_env=llm_env(fake_url))
    try:
        pid = uvicorn_pid(server)
        tokens = asyncio.run(create_students(server.api, args.students, prefix="cpu"))
        sessions = asyncio.run(start_sessions(server.api, tokens, asyncio.run(published_client_ids(server.api,
                                                                                                  tokens[0]))))
        result = run_level(api=server.api, students=list(zip(tokens, sessions, strict=True)), turns=args.turns,
                           mode=args.mode, drivers=1, max_seconds=300, timeout_s=60,
                           cpu_groups={"api": lambda: [pid, *children(pid)]}, rss_pid=pid)
        return float(result.summary(args.latency, 10)["cpu_ms_per_turn"]["api"])
    finally:
        server.stop()


async def _run(args: argparse.Namespace, database_url: str, fake_url: str) -> None:
    for key, value in {**llm_env(fake_url), "DATABASE_URL": database_url, "VC_ENV": "test",
                       "SECRET_KEY": "profile-secret-key-0123456789"}.items():
        os.environ[key] = value
    from backend.bootstrap import _prepare_data
    from backend.core.config import Settings
    from backend.core.migrations import upgrade_to_head
    from backend.main import create_app
    from backend.runtime import build_runtime

    settings = Settings()
    await asyncio.to_thread(upgrade_to_head, settings.database_url)
    await _prepare_data(settings, demo=True)
    app = create_app(settings)
    app.state.runtime = build_runtime(settings)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://bench/api/v1", timeout=60) as client:
        admin = (await client.post("/auth/login", json={"email": "admin@example.com",
                                                        "password": "admin-demo-123"})).json()["access_token"]
        tokens = []
        for i in range(args.students):
            email = f"profile-{i}@bench.example.com"
            await client.post("/users", headers={"Authorization": f"Bearer {admin}"},
                              json={"email": email, "display_name": f"P {i}", "role": "student",
                                    "password": BENCH_PASSWORD})
            tokens.append((await client.post("/auth/login", json={"email": email, "password": BENCH_PASSWORD}
                                             )).json()["access_token"])
        client_ids = [c["id"] for c in (await client.get("/clients", headers={
            "Authorization": f"Bearer {tokens[0]}"})).json()]
        sessions = []
        for i, token in enumerate(tokens):
            response = await client.post("/sessions", json={"client_id": client_ids[i % len(client_ids)]},
                                         headers={"Authorization": f"Bearer {token}"})
            sessions.append(response.json()["id"])

        async def student(token: str, session_id: int) -> None:
            headers = {"Authorization": f"Bearer {token}"}
            for turn in range(args.turns):
                body = {"content": student_line(turn)}
                if args.mode == "plain":
                    (await client.post(f"/sessions/{session_id}/messages", json=body, headers=headers)
                     ).raise_for_status()
                else:
                    async with client.stream("POST", f"/sessions/{session_id}/messages/stream", json=body,
                                             headers=headers) as response:
                        async for _ in response.aiter_lines():
                            pass

        statements: dict[str, int] = {}

        def note(statement: str) -> None:
            flat = " ".join(statement.split())
            if flat.upper() in ("SELECT 1", ";SELECT 1"):
                return
            key = flat[:100] + (" …JOIN" if " JOIN " in flat else "")
            statements[key] = statements.get(key, 0) + 1

        watched: set[int] = set()

        def watch_driver(dbapi_connection, _record, _proxy) -> None:  # type: ignore[no-untyped-def]
            """The turn runs on the driver connection itself: count what it sends there too."""
            driver = dbapi_connection.driver_connection
            if id(driver) in watched:
                return
            watched.add(id(driver))
            if hasattr(driver, "add_query_logger"):  # asyncpg
                driver.add_query_logger(lambda logged: note(logged.query))
            else:  # aiosqlite: its sqlite3 connection reports every statement, BEGIN and COMMIT included
                driver._conn.set_trace_callback(note)

        engine = app.state.runtime.db_engine.sync_engine
        event.listen(engine, "checkout", watch_driver)
        profiler = cProfile.Profile()
        cpu0, wall0 = time.process_time(), time.monotonic()
        profiler.enable()
        await asyncio.gather(*(student(t, s) for t, s in zip(tokens, sessions, strict=True)))
        profiler.disable()
        cpu, wall = time.process_time() - cpu0, time.monotonic() - wall0
        event.remove(engine, "checkout", watch_driver)
    await app.state.runtime.aclose()
    turns = args.students * args.turns
    print(f"{turns} {args.mode} turns in {wall:.1f}s; CPU of this process (app + in-process client): "
          f"{cpu * 1000 / turns:.1f} ms per turn\n")
    print(table(["SQL statement (first 100 chars; …JOIN: has a join)", "per turn"],
                [[k, fmt(v / turns, 2)] for k, v in sorted(statements.items(), key=lambda kv: -kv[1])],
                title=f"SQL per turn: {sum(statements.values()) / turns:.1f} statements"))
    print()
    stats = pstats.Stats(profiler)
    entries = []
    for (filename, line, name), (_cc, calls, tottime, cumtime, _callers) in stats.stats.items():  # type: ignore[attr-defined]
        short = filename.split("site-packages/")[-1].replace(str(Path.cwd()) + "/", "")
        entries.append((short, line, name, calls, tottime, cumtime))
    ours = [e for e in entries if e[0].startswith("backend/")]
    print(table(["function (backend/)", "calls", "cum ms/turn", "own ms/turn"],
                [[f"{e[0]}:{e[1]} {e[2]}", e[3], fmt(e[5] * 1000 / turns, 2), fmt(e[4] * 1000 / turns, 2)]
                 for e in sorted(ours, key=lambda e: -e[5])[: args.top]],
                title="Cumulative time inside the backend's own functions (includes awaited I/O set-up)"))
    print()
    server_side = [e for e in entries if not e[0].startswith(("httpx/", "bench/", "httpcore/"))]
    print(table(["function", "calls", "own ms/turn"],
                [[f"{e[0]}:{e[1]} {e[2]}", e[3], fmt(e[4] * 1000 / turns, 3)]
                 for e in sorted(server_side, key=lambda e: -e[4])[: args.top]],
                title="Own time (excluding the in-process test client)"))
    print()
    packages: dict[str, float] = {}
    for e in entries:
        top = e[0].split("/")[0] if "/" in e[0] else e[0]
        packages[top] = packages.get(top, 0.0) + e[4]
    sdk = [e for e in entries if e[0].startswith(("anthropic/", "httpx2/", "httpcore2/"))]
    print(table(["function (Claude SDK and its HTTP client)", "calls", "cum ms/turn"],
                [[f"{e[0]}:{e[1]} {e[2]}", e[3], fmt(e[5] * 1000 / turns, 2)]
                 for e in sorted(sdk, key=lambda e: -e[5])[: args.top]],
                title="Cumulative time in the Claude SDK path"))
    print()
    print(table(["package", "own ms/turn"],
                [[k, fmt(v * 1000 / turns, 2)] for k, v in sorted(packages.items(), key=lambda kv: -kv[1])[:20]],
                title="Own time by package (the in-process client's httpx share is not server cost)"))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", default="sqlite", choices=["sqlite", "postgres"])
    parser.add_argument("--students", type=int, default=20)
    parser.add_argument("--turns", type=int, default=10)
    parser.add_argument("--mode", default="plain", choices=["plain", "stream"])
    parser.add_argument("--latency", type=float, default=0.2)
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--no-profile", action="store_true", help="only the unprofiled API CPU per turn")
    args = parser.parse_args(argv)
    fake = start_fake(latency=args.latency, chunks=10)
    pg = start_postgres() if args.db == "postgres" else None
    folder: Path | None = None
    try:
        folder = None if pg else Path(tempfile.mkdtemp(prefix="vc-prof-"))
        url = pg.create_database() if pg else f"sqlite:///{folder / 'p.db'}"
        log(f"measuring {args.students} students x {args.turns} {args.mode} turns on {args.db} (own process)")
        cpu = measure_api_cpu(args, url, fake.base_url)
        status = "" if args.db != "postgres" or args.mode != "plain" else (
            f" (target <= {CPU_TARGET_MS:g} ms: {'met' if cpu <= CPU_TARGET_MS else 'MISSED'})")
        print(f"API CPU per turn, its own process, unprofiled: {cpu:.1f} ms{status}\n", flush=True)
        if not args.no_profile:
            url = pg.create_database() if pg else f"sqlite:///{folder / 'p2.db'}"  # type: ignore[operator]
            log(f"profiling {args.students} students x {args.turns} {args.mode} turns on {args.db}")
            asyncio.run(_run(args, url, fake.base_url))
    finally:
        fake.stop()
        if pg:
            pg.stop()
        if folder is not None:
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
