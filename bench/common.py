"""Shared benchmark plumbing: statistics, tables, /proc readings, the fake Anthropic process, Redis, accounts."""

from __future__ import annotations

import asyncio
import math
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from tests.support.postgres import free_port
from tests.support.server import ApiServer

ROOT = Path(__file__).resolve().parents[1]
CLK_TCK = os.sysconf("SC_CLK_TCK")
ADMIN_EMAIL = "admin@example.com"
ADMIN_PASSWORD = "admin-demo-123"
BENCH_PASSWORD = "bench-student-pass-123"


# --------------------------------------------------------------------------- statistics and tables


def percentile(values: Sequence[float], p: float) -> float:
    """Linear-interpolated percentile (p in 0..100); NaN for no values."""
    if not values:
        return math.nan
    ordered = sorted(values)
    if len(ordered) == 1:
        return float(ordered[0])
    rank = (len(ordered) - 1) * p / 100
    low, high = math.floor(rank), math.ceil(rank)
    return float(ordered[low] + (ordered[high] - ordered[low]) * (rank - low))


def median(values: Sequence[float]) -> float:
    return percentile(values, 50)


def fmt(value: Any, digits: int = 1) -> str:
    if value is None:
        return "-"
    if isinstance(value, float):
        if math.isnan(value):
            return "-"
        return f"{value:,.{digits}f}"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


def table(headers: Sequence[str], rows: Iterable[Sequence[Any]], title: str = "") -> str:
    """A plain-text table with right-aligned numbers, ready to print."""
    text_rows = [[c if isinstance(c, str) else fmt(c) for c in row] for row in rows]
    widths = [len(h) for h in headers]
    for row in text_rows:
        widths = [max(w, len(c)) for w, c in zip(widths, row, strict=False)]
    out = [title] if title else []
    out.append("  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=False)))
    out.append("  ".join("-" * w for w in widths))
    for row in text_rows:
        out.append("  ".join(c.rjust(w) if _numeric(c) else c.ljust(w) for c, w in zip(row, widths, strict=False)))
    return "\n".join(out)


def _numeric(text: str) -> bool:
    stripped = text.replace(",", "").replace(".", "").replace("%", "").replace("$", "").lstrip("-+x")
    return stripped.isdigit()


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


# --------------------------------------------------------------------------- /proc readings


def children(pid: int) -> list[int]:
    """Direct children of a process, from /proc/<pid>/task/*/children."""
    found: list[int] = []
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            try:
                with open(f"/proc/{pid}/task/{task}/children") as handle:
                    found += [int(x) for x in handle.read().split()]
            except OSError:
                continue
    except OSError:
        pass
    return found


def cmdline(pid: int) -> str:
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as handle:
            return handle.read().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return ""


def rss_mib(pid: int) -> float:
    """VmRSS of a process in MiB (NaN when it is gone)."""
    try:
        with open(f"/proc/{pid}/status") as handle:
            for line in handle:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return math.nan


def cpu_seconds(pid: int) -> float:
    """User + system CPU seconds of one process (0 when it is gone)."""
    try:
        with open(f"/proc/{pid}/stat") as handle:
            fields = handle.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / CLK_TCK
    except (OSError, IndexError, ValueError):
        return 0.0


def uvicorn_pid(server: ApiServer, timeout_s: float = 10.0) -> int:
    """The uvicorn process start_server.py launched (its child running `uvicorn backend.main...`)."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        for child in children(server.process.pid):
            if "uvicorn" in cmdline(child):
                return child
        time.sleep(0.1)
    raise RuntimeError("could not find the uvicorn child of start_server.py")


def worker_pids(uvicorn: int, workers: int, timeout_s: float = 30.0) -> list[int]:
    """With --workers N uvicorn supervises N worker processes; with one it serves in its own process."""
    if workers <= 1:
        return [uvicorn]
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        found = [pid for pid in children(uvicorn) if "resource_tracker" not in cmdline(pid)]
        if len(found) >= workers:
            return found
        time.sleep(0.2)
    raise RuntimeError(f"uvicorn started fewer than {workers} workers")


def postgres_pids(data_dir: Path | None) -> list[int]:
    """The postmaster and all its backends (for CPU accounting)."""
    if data_dir is None:
        return []
    try:
        master = int((data_dir / "postmaster.pid").read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return []
    return [master, *children(master)]


@dataclass
class CpuMeter:
    """CPU seconds used by named groups of processes between start() and stop()."""

    groups: dict[str, Any]  # name -> callable returning the current pid list
    started: dict[str, float] = field(default_factory=dict)
    used: dict[str, float] = field(default_factory=dict)
    wall: float = 0.0

    def _read(self) -> dict[str, float]:
        return {name: sum(cpu_seconds(pid) for pid in pids()) for name, pids in self.groups.items()}

    def start(self) -> None:
        self.started = self._read()
        self.wall = time.monotonic()

    def stop(self) -> None:
        now = self._read()
        self.wall = time.monotonic() - self.wall
        self.used = {name: now[name] - self.started.get(name, 0.0) for name in now}


# --------------------------------------------------------------------------- the fake Anthropic API


@dataclass
class FakeProcess:
    """`python -m tests.support.fake_anthropic` in its own process (so it never shares an event loop with us)."""

    process: subprocess.Popen[bytes]
    base_url: str

    @property
    def pid(self) -> int:
        return self.process.pid

    def configure(self, **changes: Any) -> dict[str, Any]:
        response = httpx.post(f"{self.base_url}/_fake/config", json=changes, timeout=10)
        response.raise_for_status()
        return response.json()

    def reset(self) -> None:
        httpx.post(f"{self.base_url}/_fake/reset", timeout=10).raise_for_status()

    def request_count(self) -> int:
        return int(httpx.get(f"{self.base_url}/_fake/health", timeout=10).json()["count"])

    def requests(self, limit: int = 0) -> list[dict[str, Any]]:
        response = httpx.get(f"{self.base_url}/_fake/requests", params={"limit": limit}, timeout=30)
        return list(response.json()["requests"])

    def stop(self) -> None:
        stop_process(self.process)


def start_fake(*, latency: float = 1.0, chunks: int = 10, extra: Sequence[str] = ()) -> FakeProcess:
    port = free_port()
    args = [sys.executable, "-m", "tests.support.fake_anthropic", "--port", str(port), "--latency", str(latency),
            "--chunks", str(chunks), *extra]
    process = subprocess.Popen(args, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    fake = FakeProcess(process, f"http://127.0.0.1:{port}")
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError("the fake Anthropic server exited at start")
        try:
            if httpx.get(f"{fake.base_url}/_fake/health", timeout=1).status_code == 200:
                fake.configure(record_limit=200)  # keep the fake's memory flat over long runs
                return fake
        except httpx.HTTPError:
            time.sleep(0.1)
    fake.stop()
    raise RuntimeError("the fake Anthropic server did not start")


@dataclass
class ReferenceProcess:
    """`python -m bench.reference_server`: the thinnest turn server, the ceiling the API is measured against."""

    process: subprocess.Popen[bytes]
    base_url: str

    @property
    def pid(self) -> int:
        return self.process.pid

    @property
    def api(self) -> str:
        return self.base_url + "/api/v1"

    def stop(self) -> None:
        stop_process(self.process)


def start_reference(fake_url: str) -> ReferenceProcess:
    port = free_port()
    args = [sys.executable, "-m", "bench.reference_server", "--port", str(port), "--fake", fake_url]
    process = subprocess.Popen(args, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    reference = ReferenceProcess(process, f"http://127.0.0.1:{port}")
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError("the reference server exited at start")
        try:
            if httpx.get(f"{reference.base_url}/health", timeout=1).status_code == 200:
                return reference
        except httpx.HTTPError:
            time.sleep(0.1)
    reference.stop()
    raise RuntimeError("the reference server did not start")


def stop_process(process: subprocess.Popen[bytes], timeout_s: float = 15) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=timeout_s)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=5)


def llm_env(fake_url: str, **overrides: str) -> dict[str, str]:
    """API settings for benchmarking against the fake: limits out of the way, the real SDK path on."""
    env = {
        "VC_LLM_PROVIDER": "anthropic",
        "ANTHROPIC_API_KEY": "bench-key",
        "ANTHROPIC_BASE_URL": fake_url,
        "VC_MESSAGES_PER_MINUTE": "100000",
        "VC_TOKENS_PER_DAY": "100000000",
        "VC_LLM_MAX_CONCURRENCY": "4096",
        "VC_LOGIN_ATTEMPTS": "100000",
    }
    env.update(overrides)
    return env


# --------------------------------------------------------------------------- Redis


@dataclass
class RedisProcess:
    process: subprocess.Popen[bytes]
    port: int
    folder: Path

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    @property
    def pid(self) -> int:
        return self.process.pid

    def flush(self) -> None:
        """Forget every key (limits, circuit state) between phases."""
        subprocess.run(["redis-cli", "-p", str(self.port), "FLUSHALL"], capture_output=True, check=True)

    def stop(self) -> None:
        stop_process(self.process)
        shutil.rmtree(self.folder, ignore_errors=True)


def start_redis() -> RedisProcess:
    binary = shutil.which("redis-server")
    if binary is None:
        raise RuntimeError("redis-server is not installed")
    port = free_port()
    folder = Path(tempfile.mkdtemp(prefix="vc-bench-redis-"))
    process = subprocess.Popen(
        [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir",
         str(folder)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        probe = subprocess.run(["redis-cli", "-p", str(port), "ping"], capture_output=True, text=True)
        if probe.stdout.strip() == "PONG":
            return RedisProcess(process, port, folder)
        time.sleep(0.1)
    stop_process(process)
    raise RuntimeError("redis-server did not start")


# --------------------------------------------------------------------------- accounts


async def _bounded(limit: int, coros: Iterable[Any]) -> list[Any]:
    semaphore = asyncio.Semaphore(limit)

    async def run(coro: Any) -> Any:
        async with semaphore:
            return await coro

    return list(await asyncio.gather(*(run(c) for c in coros)))


async def create_students(api: str, count: int, *, prefix: str = "bench", parallel: int = 16) -> list[str]:
    """Have the admin create `count` students (concurrently: argon2 is slow) and sign each in; returns tokens."""
    async with httpx.AsyncClient(base_url=api, timeout=120) as client:
        response = await client.post("/auth/login", json={"email": ADMIN_EMAIL, "password": ADMIN_PASSWORD})
        response.raise_for_status()
        admin = {"Authorization": f"Bearer {response.json()['access_token']}"}
        emails = [f"{prefix}-{i:05d}@bench.example.com" for i in range(count)]

        async def create(email: str) -> None:
            body = {"email": email, "display_name": f"Bench {email.split('@')[0]}", "role": "student",
                    "password": BENCH_PASSWORD}
            result = await client.post("/users", json=body, headers=admin)
            if result.status_code not in (201, 409):
                raise RuntimeError(f"creating {email}: {result.status_code} {result.text[:200]}")

        async def login(email: str) -> str:
            result = await client.post("/auth/login", json={"email": email, "password": BENCH_PASSWORD})
            result.raise_for_status()
            return str(result.json()["access_token"])

        await _bounded(parallel, (create(e) for e in emails))
        return await _bounded(parallel, (login(e) for e in emails))


async def published_client_ids(api: str, token: str) -> list[int]:
    async with httpx.AsyncClient(base_url=api, timeout=30) as client:
        response = await client.get("/clients", headers={"Authorization": f"Bearer {token}"})
        response.raise_for_status()
        return [int(c["id"]) for c in response.json()]


async def start_sessions(api: str, tokens: Sequence[str], client_ids: Sequence[int], parallel: int = 32
                         ) -> list[int]:
    """One new practice session per student, round-robin over the published clients."""
    async with httpx.AsyncClient(base_url=api, timeout=120,
                                 limits=httpx.Limits(max_connections=parallel)) as client:

        async def start(i: int, token: str) -> int:
            body = {"client_id": client_ids[i % len(client_ids)]}
            result = await client.post("/sessions", json=body, headers={"Authorization": f"Bearer {token}"})
            result.raise_for_status()
            return int(result.json()["id"])

        return await _bounded(parallel, (start(i, t) for i, t in enumerate(tokens)))
