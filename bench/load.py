"""The load driver: simulated students holding conversations, in one or more driver processes.

Each driver process runs an asyncio loop (uvloop when installed) with one httpx.AsyncClient per student (one
keep-alive connection each, like a browser tab; a shared pool across 1000 connections costs the client CPU).
The main process only orchestrates and samples /proc, so it never competes with the drivers' loops.
"""

from __future__ import annotations

import asyncio
import math
import multiprocessing as mp
import os
import queue
import random
import ssl
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import httpx

from bench.common import CpuMeter, median, percentile, rss_mib
from bench.script import student_line
from tests.support.load import Turn, send_turn

OK_STATUSES = {"200", "201"}


# --------------------------------------------------------------------------- inside a driver process


async def _student(client: httpx.AsyncClient, session_id: int, turns: int, mode: str, deadline: float,
                   records: list[tuple[float, float, str, float, bool, float]], think_s: float = 0.0) -> None:
    """One student's conversation; with think time, a pause of 0.5-1.5x `think_s` before each message
    (the first one staggered over 0-1x), as a person reads the reply and types the next line."""
    pauses = random.Random(session_id)
    for number in range(turns):
        if think_s > 0:
            await asyncio.sleep(think_s * (pauses.random() if number == 0 else 0.5 + pauses.random()))
        if time.monotonic() > deadline:
            return
        turn = Turn(session_id, session_id, streamed=mode != "plain", content=student_line(number),
                    started=time.monotonic())
        try:
            await send_turn(client, turn)
            outcome = turn.outcome
        except httpx.HTTPError as exc:
            outcome = type(exc).__name__
        records.append((turn.started, time.monotonic(), outcome, turn.first_delta_s, turn.fallback,
                        turn.accepted_s))


async def _lag_monitor(samples: list[float], stop: asyncio.Event, interval: float = 0.01) -> None:
    while not stop.is_set():
        before = time.monotonic()
        await asyncio.sleep(interval)
        samples.append(time.monotonic() - before - interval)


async def _drive(conf: dict[str, Any], ready: Any, go: Any, results: Any) -> None:
    context = ssl.create_default_context()  # shared: httpx would otherwise build one per client
    clients = [
        httpx.AsyncClient(base_url=conf["api"], headers={"Authorization": f"Bearer {token}"},
                          timeout=conf["timeout"], verify=context,
                          limits=httpx.Limits(max_connections=1, max_keepalive_connections=1))
        for token, _ in conf["students"]
    ]
    try:
        # open every keep-alive connection (and check each token) before the clock starts
        warm = await asyncio.gather(*(c.get("/auth/me") for c in clients), return_exceptions=True)
        failed = sum(1 for w in warm if isinstance(w, BaseException) or w.status_code != 200)
        ready.put(("ready", conf["index"], failed))
        await asyncio.get_running_loop().run_in_executor(None, go.wait)
        records: list[tuple[float, float, str, float, bool, float]] = []
        lags: list[float] = []
        stop = asyncio.Event()
        monitor = asyncio.create_task(_lag_monitor(lags, stop))
        deadline = time.monotonic() + conf["max_seconds"]
        await asyncio.gather(*(
            _student(client, session_id, conf["turns"], conf["mode"], deadline, records, conf.get("think", 0.0))
            for client, (_, session_id) in zip(clients, conf["students"], strict=True)
        ))
        stop.set()
        await monitor
        results.put(("done", conf["index"], records, lags))
    finally:
        await asyncio.gather(*(c.aclose() for c in clients), return_exceptions=True)


def driver_process(conf: dict[str, Any], ready: Any, go: Any, results: Any) -> None:
    """Entry point of a spawned driver process."""
    try:
        import uvloop

        runner = asyncio.Runner(loop_factory=uvloop.new_event_loop)
    except ImportError:  # pragma: no cover - uvloop ships with uvicorn[standard]
        runner = asyncio.Runner()
    try:
        with runner:
            runner.run(_drive(conf, ready, go, results))
    except BaseException as exc:
        results.put(("failed", conf["index"], repr(exc), []))
        raise


# --------------------------------------------------------------------------- in the main process


@dataclass
class LevelResult:
    concurrency: int
    mode: str
    turns_requested: int
    records: list[tuple[float, float, str, float, bool, float]]
    lags: list[float]
    wall_s: float
    cpu: dict[str, float]
    cpu_wall_s: float
    rss: list[tuple[float, float]]  # (seconds since start, MiB)
    rss_before: float
    rss_after: float
    system_busy: float
    think_s: float = 0.0
    errors: Counter[str] = field(default_factory=Counter)

    def ok(self) -> list[tuple[float, float, str, float, bool, float]]:
        return [r for r in self.records if r[2] in OK_STATUSES and not r[4]]

    def summary(self, latency: float, chunks: int) -> dict[str, Any]:
        ok = self.ok()
        added_ms = [(end - start - latency) * 1000 for start, end, *_ in ok]
        ttft_ms = [(r[3] - latency / max(1, chunks)) * 1000 for r in ok if not math.isnan(r[3])]
        # streams only: until the `message` event (student message stored), i.e. the pre-LLM part of a turn
        accept_ms = [r[5] * 1000 for r in ok if not math.isnan(r[5])]
        throughput = len(ok) / self.wall_s if self.wall_s > 0 else 0.0
        mean_turn = sum(end - start for start, end, *_ in ok) / len(ok) if ok else math.nan
        # a student sends a message every latency + think seconds when the server adds nothing
        ideal = self.concurrency / (latency + self.think_s) if latency + self.think_s > 0 else math.nan
        middle = min(self.rss, key=lambda s: abs(s[0] - self.wall_s / 2))[1] if self.rss else math.nan
        errors = Counter(r[2] for r in self.records if r[2] not in OK_STATUSES)
        fallbacks = sum(1 for r in self.records if r[2] in OK_STATUSES and r[4])
        return {
            "C": self.concurrency, "mode": self.mode, "think_s": self.think_s, "turns": len(self.records),
            "ok": len(ok),
            "wall_s": self.wall_s, "turns_per_s": throughput, "ideal": ideal,
            "efficiency": throughput / ideal if ideal else math.nan,
            # closed loop, no think time: throughput = C / mean turn time (Little's law), so this ratio ignores
            # ramp-up and the straggler tail that the wall-clock efficiency includes
            "efficiency_latency": latency / mean_turn if ok else math.nan,
            "added_p50": percentile(added_ms, 50), "added_p99": percentile(added_ms, 99),
            "added_max": max(added_ms) if added_ms else math.nan,
            "ttft_p50": percentile(ttft_ms, 50), "ttft_p99": percentile(ttft_ms, 99),
            "accept_p50": percentile(accept_ms, 50), "accept_p99": percentile(accept_ms, 99),
            "errors": dict(errors), "fallbacks": fallbacks,
            "missing": self.concurrency * self.turns_requested - len(self.records),
            "rss_start": self.rss_before, "rss_mid": middle, "rss_end": self.rss_after,
            "rss_max": max((s[1] for s in self.rss), default=math.nan),
            "cpu_pct": {name: 100 * used / self.cpu_wall_s for name, used in self.cpu.items()},
            "cpu_ms_per_turn": {name: 1000 * used / max(1, len(self.records)) for name, used in self.cpu.items()},
            "system_busy_pct": self.system_busy,
            # CPU used by processes outside this benchmark (other work on the same machine), % of one core
            "other_cpu_pct": self.system_busy * (os.cpu_count() or 1) - sum(
                100 * used / self.cpu_wall_s for used in self.cpu.values()),
            "lag_p50_ms": median(self.lags) * 1000 if self.lags else math.nan,
            "lag_p99_ms": percentile(self.lags, 99) * 1000 if self.lags else math.nan,
        }


def system_cpu() -> tuple[int, int]:
    """(busy, total) jiffies over all CPUs from /proc/stat."""
    with open("/proc/stat") as handle:
        values = [int(v) for v in handle.readline().split()[1:]]
    idle = values[3] + (values[4] if len(values) > 4 else 0)
    return sum(values) - idle, sum(values)


def run_level(
    *, api: str, students: Sequence[tuple[str, int]], turns: int, mode: str, drivers: int, max_seconds: float,
    timeout_s: float, cpu_groups: dict[str, Callable[[], list[int]]], rss_pid: int | None, think_s: float = 0.0,
) -> LevelResult:
    """Run `len(students)` students for `turns` turns each, spread over `drivers` processes; sample /proc."""
    context = mp.get_context("spawn")
    ready, results = context.Queue(), context.Queue()
    go = context.Event()
    drivers = max(1, min(drivers, len(students)))
    slices = [list(students[i::drivers]) for i in range(drivers)]
    processes = [
        context.Process(target=driver_process, daemon=True, args=({
            "index": i, "api": api, "students": part, "turns": turns, "mode": mode,
            "max_seconds": max_seconds, "timeout": timeout_s, "think": think_s,
        }, ready, go, results))
        for i, part in enumerate(slices)
    ]
    for process in processes:
        process.start()
    try:
        warm_failures = 0
        for _ in processes:
            _, _, failed = ready.get(timeout=600)
            warm_failures += failed
        if warm_failures:
            raise RuntimeError(f"{warm_failures} students could not reach the API before the run")
        groups = {**cpu_groups, "driver": lambda: [p.pid for p in processes if p.pid]}
        meter = CpuMeter(groups)
        rss_before = rss_mib(rss_pid) if rss_pid else math.nan
        busy0, total0 = system_cpu()
        meter.start()
        started = time.monotonic()
        go.set()
        records: list[tuple[float, float, str, float, bool, float]] = []
        lags: list[float] = []
        rss: list[tuple[float, float]] = []
        pending = len(processes)
        hard_deadline = started + max_seconds + timeout_s + 60
        while pending and time.monotonic() < hard_deadline:
            if rss_pid:
                rss.append((time.monotonic() - started, rss_mib(rss_pid)))
            try:
                kind, index, payload, lag = results.get(timeout=0.25)
            except queue.Empty:
                continue
            pending -= 1
            if kind != "done":
                raise RuntimeError(f"driver {index} failed: {payload}")
            records += payload
            lags += lag
        meter.stop()
        busy1, total1 = system_cpu()
        if pending:
            raise RuntimeError(f"{pending} driver(s) did not finish in time")
        rss_after = rss_mib(rss_pid) if rss_pid else math.nan
    finally:
        for process in processes:
            process.join(timeout=30)
            if process.is_alive():
                process.kill()
    first = min((r[0] for r in records), default=started)
    last = max((r[1] for r in records), default=started)
    return LevelResult(
        concurrency=len(students), mode=mode, turns_requested=turns, records=records, lags=lags,
        wall_s=max(1e-9, last - first), cpu=meter.used, cpu_wall_s=meter.wall, rss=rss, rss_before=rss_before,
        rss_after=rss_after, system_busy=100 * (busy1 - busy0) / max(1, total1 - total0), think_s=think_s,
    )
