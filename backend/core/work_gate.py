"""Bounded work off the event loop: at most N jobs at once, a short queue behind them, 503 beyond it."""

from __future__ import annotations

import asyncio
import functools
import multiprocessing
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import TypeVar

import anyio

from backend.core.errors import ServerBusy

T = TypeVar("T")


class WorkGate:
    """For work that costs memory or CPU per call (argon2, a PDF): `slots` run in worker threads, `queue` more wait
    up to `wait_s`; anything beyond is refused at once with 503 and Retry-After rather than piling up."""

    def __init__(self, slots: int, queue: int, *, busy: str, wait_s: float = 15.0, processes: bool = False) -> None:
        self.slots, self.queue, self.wait_s, self.busy = max(1, slots), max(0, queue), wait_s, busy
        # Pure-Python CPU work (a PDF's layout) holds the GIL in a thread and slows every request of the process:
        # in its own worker processes it only takes a core.
        self.processes = processes
        self._pool: ProcessPoolExecutor | None = None
        self._semaphore: asyncio.Semaphore | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._waiting = 0

    def _bound(self) -> asyncio.Semaphore:
        loop = asyncio.get_running_loop()
        if self._semaphore is None or self._loop is not loop:  # a new event loop (tests): start afresh
            self._semaphore, self._loop, self._waiting = asyncio.Semaphore(self.slots), loop, 0
        return self._semaphore

    async def run(self, fn: Callable[..., T], *args: object) -> T:
        semaphore = self._bound()
        if semaphore.locked() and self._waiting >= self.queue:
            raise ServerBusy(self.busy, retry_after_s=2)
        self._waiting += 1
        try:
            async with asyncio.timeout(self.wait_s):
                await semaphore.acquire()
        except TimeoutError:
            raise ServerBusy(self.busy, retry_after_s=5) from None
        finally:
            self._waiting -= 1
        try:
            if not self.processes:
                return await anyio.to_thread.run_sync(fn, *args)
            return await self._in_process(fn, *args)
        finally:
            semaphore.release()

    async def _in_process(self, fn: Callable[..., T], *args: object) -> T:
        if self._pool is None:  # started on first use, kept for the process's life
            self._pool = ProcessPoolExecutor(self.slots, mp_context=multiprocessing.get_context("spawn"))
        try:
            return await asyncio.get_running_loop().run_in_executor(self._pool, functools.partial(fn, *args))
        except BrokenProcessPool:  # a worker died (killed, out of memory): the next call starts afresh
            self._pool = None
            raise ServerBusy(self.busy, retry_after_s=5) from None

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=False, cancel_futures=True)
            self._pool = None
