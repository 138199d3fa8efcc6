"""What the LTI tool holds for the process's lifetime: platform key caches, an HTTP client, the score sender."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable

import httpx

from backend.services.lti.platform_keys import PlatformKeys

log = logging.getLogger("virtual_client")


class LtiServices:
    def __init__(self, *, interval_s: float, timeout_s: float = 15.0) -> None:
        self.platform_keys = PlatformKeys(timeout_s=timeout_s)
        self.http = httpx.AsyncClient(timeout=timeout_s, follow_redirects=False)
        self._interval_s = interval_s
        self._task: asyncio.Task[None] | None = None

    def start(self, work: Callable[[], Awaitable[object]]) -> None:
        """Run `work` (send the scores that are due) every interval beside the requests."""
        self._task = asyncio.create_task(self._every(work))

    async def _every(self, work: Callable[[], Awaitable[object]]) -> None:
        while True:
            await asyncio.sleep(self._interval_s)
            try:
                await work()
            except Exception:  # the database or an LMS may be away: the next round tries again
                log.warning("LTI score sending failed this round", exc_info=True)

    async def aclose(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await self._task
        await self.http.aclose()
