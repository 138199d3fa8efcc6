"""A tiny key-value store for shared runtime state (circuit breaker): in process, or Redis across instances."""

from __future__ import annotations

import time
from typing import Protocol


class StateStore(Protocol):
    async def get(self, key: str) -> str | None: ...
    async def set(self, key: str, value: str) -> None: ...
    async def set_if_absent(self, key: str, value: str, ttl_s: float) -> bool: ...
    async def incr(self, key: str) -> int: ...
    async def delete(self, *keys: str) -> None: ...
    async def aclose(self) -> None: ...


class MemoryStateStore:
    """Single-process state; asyncio runs one coroutine step at a time, so plain dict updates are atomic."""

    def __init__(self) -> None:
        self._values: dict[str, tuple[str, float | None]] = {}

    def _live(self, key: str) -> str | None:
        entry = self._values.get(key)
        if entry is None:
            return None
        value, expires_at = entry
        if expires_at is not None and expires_at <= time.monotonic():
            del self._values[key]
            return None
        return value

    async def get(self, key: str) -> str | None:
        return self._live(key)

    async def set(self, key: str, value: str) -> None:
        self._values[key] = (value, None)

    async def set_if_absent(self, key: str, value: str, ttl_s: float) -> bool:
        if self._live(key) is not None:
            return False
        self._values[key] = (value, time.monotonic() + ttl_s)
        return True

    async def incr(self, key: str) -> int:
        value = int(self._live(key) or 0) + 1
        self._values[key] = (str(value), None)
        return value

    async def delete(self, *keys: str) -> None:
        for key in keys:
            self._values.pop(key, None)

    async def aclose(self) -> None:
        return None


class RedisStateStore:
    """Shared state so every API replica sees the same circuit."""

    def __init__(self, url: str, prefix: str = "vc:") -> None:
        from redis.asyncio import Redis

        self._redis = Redis.from_url(url, decode_responses=True)
        self._prefix = prefix

    async def get(self, key: str) -> str | None:
        return await self._redis.get(self._prefix + key)

    async def set(self, key: str, value: str) -> None:
        await self._redis.set(self._prefix + key, value)

    async def set_if_absent(self, key: str, value: str, ttl_s: float) -> bool:
        return bool(await self._redis.set(self._prefix + key, value, nx=True, px=max(1, int(ttl_s * 1000))))

    async def incr(self, key: str) -> int:
        return int(await self._redis.incr(self._prefix + key))

    async def delete(self, *keys: str) -> None:
        if keys:
            await self._redis.delete(*(self._prefix + key for key in keys))

    async def aclose(self) -> None:
        await self._redis.aclose()


def create_state_store(redis_url: str) -> StateStore:
    return RedisStateStore(redis_url) if redis_url else MemoryStateStore()
