"""Stops calling a failing LLM provider for a cool-down, then lets one probe through to test recovery."""

from __future__ import annotations

import enum
import time
from dataclasses import dataclass

from backend.core.state_store import StateStore

FAILURES_KEY = "circuit:failures"
OPENED_AT_KEY = "circuit:opened_at"
PROBE_KEY = "circuit:probe"


class CircuitState(enum.StrEnum):
    closed = "closed"
    open = "open"
    half_open = "half_open"


class CircuitOpen(Exception):
    """The provider is resting after repeated failures; callers answer with a fallback instead."""

    def __init__(self, retry_in_s: float) -> None:
        super().__init__(f"circuit open, next probe in {retry_in_s:.0f}s")
        self.retry_in_s = retry_in_s


@dataclass(frozen=True)
class CircuitSnapshot:
    state: CircuitState
    consecutive_failures: int
    opened_at: float | None
    retry_in_s: float


class CircuitBreaker:
    """closed → open after `failure_threshold` consecutive failures → half-open probe after `cooldown_s`."""

    def __init__(self, store: StateStore, *, failure_threshold: int, cooldown_s: float) -> None:
        self._store = store
        self.failure_threshold = failure_threshold
        self.cooldown_s = cooldown_s

    async def snapshot(self) -> CircuitSnapshot:
        failures = int(await self._store.get(FAILURES_KEY) or 0)
        opened_raw = await self._store.get(OPENED_AT_KEY)
        if opened_raw is None:
            return CircuitSnapshot(CircuitState.closed, failures, None, 0.0)
        opened_at = float(opened_raw)
        remaining = opened_at + self.cooldown_s - time.time()
        state = CircuitState.open if remaining > 0 else CircuitState.half_open
        return CircuitSnapshot(state, failures, opened_at, max(0.0, remaining))

    async def before_call(self) -> None:
        """Raise CircuitOpen unless a call may go out; in half-open only one caller wins the probe."""
        snap = await self.snapshot()
        if snap.state is CircuitState.closed:
            return
        if snap.state is CircuitState.open:
            raise CircuitOpen(snap.retry_in_s)
        if not await self._store.set_if_absent(PROBE_KEY, "1", ttl_s=self.cooldown_s):
            raise CircuitOpen(self.cooldown_s)

    async def record_success(self) -> None:
        await self._store.delete(FAILURES_KEY, OPENED_AT_KEY, PROBE_KEY)

    async def record_failure(self) -> None:
        failures = await self._store.incr(FAILURES_KEY)
        snap_open = await self._store.get(OPENED_AT_KEY)
        probing = await self._store.get(PROBE_KEY)
        if failures >= self.failure_threshold or (snap_open is not None and probing is not None):
            # A failed probe (or the threshold reached) (re)opens the circuit for a fresh cool-down.
            await self._store.set(OPENED_AT_KEY, repr(time.time()))
            await self._store.delete(PROBE_KEY)
