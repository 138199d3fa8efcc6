"""Tools for the abuse tests: the API process's memory, timing a bystander's requests, a private Redis, a raw
chunked upload. Everything stays on 127.0.0.1 and every loop is bounded."""

from __future__ import annotations

import shutil
import socket
import statistics
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest

from bench.common import RedisProcess
from bench.common import start_redis as bench_start_redis
from tests.support.server import ApiServer

MIB = 1024 * 1024


def _children(pid: int) -> list[int]:
    found: list[int] = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            found += [int(x) for x in (task / "children").read_text().split()]
        except OSError:
            continue
    return found


def api_pid(server: ApiServer) -> int:
    """The uvicorn process start_server.py runs (the one that holds the memory)."""
    for child in _children(server.process.pid):
        if b"uvicorn" in Path(f"/proc/{child}/cmdline").read_bytes():
            return child
    raise RuntimeError("no uvicorn child of start_server.py")


def rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


@dataclass
class PeakMemory:
    """Samples a process's RSS every 20 ms in a thread while the attack runs."""

    pid: int
    before: float = 0.0
    peak: float = 0.0
    _stop: threading.Event = field(default_factory=threading.Event)
    _thread: threading.Thread | None = None

    def __enter__(self) -> PeakMemory:
        self.before = self.peak = rss_mib(self.pid)

        def sample() -> None:
            while not self._stop.wait(0.02):
                self.peak = max(self.peak, rss_mib(self.pid))

        self._thread = threading.Thread(target=sample, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        assert self._thread is not None
        self._thread.join(5)

    @property
    def grew_mib(self) -> float:
        return self.peak - self.before


@dataclass
class Bystander:
    """Another user's request, timed over and over in a thread while the attack runs."""

    request: Callable[[], httpx.Response]
    seconds: list[float] = field(default_factory=list)
    statuses: list[int] = field(default_factory=list)
    _stop: threading.Event = field(default_factory=threading.Event)
    _thread: threading.Thread | None = None

    def __enter__(self) -> Bystander:
        def loop() -> None:
            for _ in range(2000):  # bounded: the attack ends far sooner
                if self._stop.is_set():
                    return
                started = time.perf_counter()
                self.statuses.append(self.request().status_code)
                self.seconds.append(time.perf_counter() - started)
                time.sleep(0.05)

        self._thread = threading.Thread(target=loop, daemon=True)
        self._thread.start()
        time.sleep(0.2)
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        assert self._thread is not None
        self._thread.join(30)

    @property
    def median(self) -> float:
        return statistics.median(self.seconds)

    @property
    def worst(self) -> float:
        return max(self.seconds)


def timed_median(request: Callable[[], httpx.Response], times: int = 15) -> float:
    seconds = []
    for _ in range(times):
        started = time.perf_counter()
        request()
        seconds.append(time.perf_counter() - started)
    return statistics.median(seconds)


def start_redis() -> RedisProcess:
    """A private redis-server on 127.0.0.1, the benchmarks' own (skips the test where it is not installed)."""
    if shutil.which("redis-server") is None:
        pytest.skip("redis-server is not installed")
    return bench_start_redis()


def chunked_post(base_url: str, path: str, *, total_bytes: int, chunk_bytes: int = 64 * 1024,
                 timeout_s: float = 30.0) -> tuple[int, bytes, int]:
    """POST a body of `total_bytes` with Transfer-Encoding: chunked over a raw socket, as an attacker would: a
    thread keeps sending while this one waits for the answer. Returns (status, response body, bytes sent)."""
    host, port = base_url.removeprefix("http://").split("/", 1)[0].split(":")
    sock = socket.create_connection((host, int(port)), timeout=timeout_s)
    sock.sendall(f"POST {path} HTTP/1.1\r\nHost: {host}\r\nContent-Type: application/json\r\n"
                 f"Transfer-Encoding: chunked\r\n\r\n".encode())
    sent = 0
    chunk = b"x" * chunk_bytes
    stop = threading.Event()

    def send() -> None:
        nonlocal sent
        try:
            while sent < total_bytes and not stop.is_set():
                sock.sendall(f"{len(chunk):x}\r\n".encode() + chunk + b"\r\n")
                sent += len(chunk)
            sock.sendall(b"0\r\n\r\n")
        except OSError:  # the server answered and closed: what the test wants
            pass

    sender = threading.Thread(target=send, daemon=True)
    sender.start()
    answer = b""
    try:
        while True:
            part = sock.recv(65536)
            if not part:
                break
            answer += part
            head, _, body = answer.partition(b"\r\n\r\n")
            length = next((int(line.split(b":")[1]) for line in head.split(b"\r\n")
                           if line.lower().startswith(b"content-length:")), None)
            if length is not None and len(body) >= length:
                break
    except OSError:
        pass
    finally:
        stop.set()
        sock.close()
        sender.join(5)
    head, _, body = answer.partition(b"\r\n\r\n")
    status = int(head.split()[1]) if head.startswith(b"HTTP/") else 0
    return status, body, sent
