"""Per-user and per-login limits on the `limits` library: in process by default, shared through Redis when set."""

from __future__ import annotations

import time
from dataclasses import dataclass

from limits import (
    RateLimitItem,
    RateLimitItemPerDay,
    RateLimitItemPerHour,
    RateLimitItemPerMinute,
    RateLimitItemPerSecond,
)
from limits.aio.storage import MemoryStorage, Storage
from limits.aio.strategies import FixedWindowRateLimiter, SlidingWindowCounterRateLimiter
from limits.storage import storage_from_string

from backend.core.errors import RateLimited


class PacedMemoryStorage(MemoryStorage):
    """limits' in-process storage, sweeping expired entries at most once a second.

    The library starts a sweep of every key after each hit, so each turn cost O(users seen recently): 84 ms
    of CPU per turn after a 1,000-student run. Expired counters are already ignored when read, so sweeping
    is only garbage collection.
    """

    SWEEP_EVERY_S = 1.0

    def __init__(self) -> None:
        super().__init__()
        self._next_sweep = 0.0

    async def _MemoryStorage__schedule_expiry(self) -> None:  # private: limits==5.8.0 is pinned
        now = time.monotonic()
        if now >= self._next_sweep:
            self._next_sweep = now + self.SWEEP_EVERY_S
            await super()._MemoryStorage__schedule_expiry()  # type: ignore[misc]


def create_limit_storage(redis_url: str) -> Storage:
    """Redis makes limits hold across API instances behind a load balancer."""
    if redis_url:
        return storage_from_string("async+" + redis_url if not redis_url.startswith("async+") else redis_url)
    return PacedMemoryStorage()


@dataclass
class RateLimits:
    """The limits a turn and a sign-in pass through; each refusal says when the user can go on."""

    storage: Storage
    messages_per_minute: int
    tokens_per_day: int
    login_attempts: int
    login_window_s: int
    login_attempts_per_ip: int = 30
    sessions_per_minute: int = 30
    exports_per_minute: int = 10
    model_runs_per_hour: int = 20
    lti_launches_per_minute: int = 120
    roster_syncs_per_hour: int = 30

    def __post_init__(self) -> None:
        # Two counters per key and window: the moving window's per-hit entries cost memory and, in-process,
        # a thread hop per key on every sweep.
        self._sliding = SlidingWindowCounterRateLimiter(self.storage)
        self._fixed = FixedWindowRateLimiter(self.storage)
        self._messages = RateLimitItemPerMinute(self.messages_per_minute, namespace="vc-msg")
        self._tokens = RateLimitItemPerDay(self.tokens_per_day, namespace="vc-tok")
        self._logins = RateLimitItemPerSecond(self.login_attempts, self.login_window_s, namespace="vc-login")
        self._login_ips = RateLimitItemPerSecond(self.login_attempts_per_ip, self.login_window_s,
                                                 namespace="vc-login-ip")
        self._sessions = RateLimitItemPerMinute(self.sessions_per_minute, namespace="vc-sess")
        self._exports = RateLimitItemPerMinute(self.exports_per_minute, namespace="vc-export")
        self._model_runs = RateLimitItemPerHour(self.model_runs_per_hour, namespace="vc-run")
        self._lti_launches = RateLimitItemPerMinute(self.lti_launches_per_minute, namespace="vc-lti")
        self._roster_syncs = RateLimitItemPerHour(self.roster_syncs_per_hour, namespace="vc-roster")

    async def _retry_after(self, limiter: object, item: RateLimitItem, key: str) -> float:
        stats = await limiter.get_window_stats(item, key)  # type: ignore[attr-defined]
        return max(1.0, stats.reset_time - time.time())

    async def hit_message(self, user_id: int, *, estimated_tokens: int) -> None:
        """Count one student message, refusing it when the minute's messages or the day's tokens run out."""
        key = str(user_id)
        if not await self._fixed.test(self._tokens, key, cost=max(1, estimated_tokens)):
            wait = await self._retry_after(self._fixed, self._tokens, key)
            raise RateLimited(
                f"You have used today's conversation allowance ({self.tokens_per_day:,} tokens). "
                f"It resets in {_humanise(wait)}.",
                retry_after_s=wait,
            )
        if not await self._sliding.hit(self._messages, key):
            wait = await self._retry_after(self._sliding, self._messages, key)
            raise RateLimited(
                f"You are sending messages faster than {self.messages_per_minute} per minute. "
                f"Take a breath and try again in {_humanise(wait)}.",
                retry_after_s=wait,
            )

    async def charge_tokens(self, user_id: int, tokens: int) -> None:
        """Charge the tokens a turn really used against the user's daily allowance."""
        if tokens > 0:
            await self._fixed.hit(self._tokens, str(user_id), cost=tokens)

    async def check_login(self, email: str, client_ip: str) -> None:
        """Refuse a sign-in while this account and address, or this address across accounts, is locked."""
        key = f"{email.lower()}|{client_ip}"
        if not await self._sliding.test(self._logins, key):
            wait = await self._retry_after(self._sliding, self._logins, key)
            raise RateLimited(
                f"Too many failed sign-in attempts. Try again in {_humanise(wait)}.", retry_after_s=wait
            )
        if not await self._sliding.test(self._login_ips, client_ip):
            wait = await self._retry_after(self._sliding, self._login_ips, client_ip)
            raise RateLimited(
                f"Too many failed sign-in attempts from your network. Try again in {_humanise(wait)}.",
                retry_after_s=wait,
            )

    async def record_login_failure(self, email: str, client_ip: str) -> bool:
        """Count a failed sign-in; True when this failure used up the allowance (the account is now locked)."""
        key = f"{email.lower()}|{client_ip}"
        await self._sliding.hit(self._login_ips, client_ip)
        await self._sliding.hit(self._logins, key)
        return not await self._sliding.test(self._logins, key)

    async def clear_login_failures(self, email: str, client_ip: str) -> None:
        """A success clears this account's count only: the address's count keeps a sprayer's failures."""
        await self._sliding.clear(self._logins, f"{email.lower()}|{client_ip}")

    async def _hit(self, item: RateLimitItem, key: str, what: str) -> None:
        if not await self._sliding.hit(item, key):
            wait = await self._retry_after(self._sliding, item, key)
            raise RateLimited(f"{what} Try again in {_humanise(wait)}.", retry_after_s=wait)

    async def hit_session_start(self, user_id: int) -> None:
        await self._hit(self._sessions, str(user_id),
                        f"You are starting conversations faster than {self.sessions_per_minute} per minute.")

    async def hit_export(self, user_id: int) -> None:
        await self._hit(self._exports, str(user_id),
                        f"You are downloading more than {self.exports_per_minute} PDFs or archives a minute.")

    async def hit_lti_launch(self, client_ip: str) -> None:
        """An LTI login or launch, signed in by nobody yet: counted per network address."""
        await self._hit(self._lti_launches, client_ip,
                        f"More than {self.lti_launches_per_minute} LMS launches a minute came from your network.")

    async def hit_model_run(self, user_id: int) -> None:
        """A re-run evaluation or a persona check: several model calls each, so counted per person per hour."""
        await self._hit(self._model_runs, str(user_id),
                        f"You have run more than {self.model_runs_per_hour} evaluations or checks this hour.")

    async def hit_roster_sync(self, user_id: int) -> None:
        """A roster sync reads the whole course roster from the LMS, so it is counted per person per hour."""
        await self._hit(self._roster_syncs, str(user_id),
                        f"You have synced rosters from the LMS more than {self.roster_syncs_per_hour} times this "
                        "hour.")

    async def check_tokens(self, user_id: int, *, estimated_tokens: int) -> None:
        """Refuse work once the day's tokens are spent (evaluations and checks, as a turn does)."""
        key = str(user_id)
        if not await self._fixed.test(self._tokens, key, cost=max(1, estimated_tokens)):
            wait = await self._retry_after(self._fixed, self._tokens, key)
            raise RateLimited(
                f"You have used today's allowance ({self.tokens_per_day:,} tokens). It resets in {_humanise(wait)}.",
                retry_after_s=wait,
            )


def _humanise(seconds: float) -> str:
    seconds = max(1, int(seconds + 0.999))
    if seconds < 90:
        return f"{seconds} seconds"
    if seconds < 5400:
        return f"{round(seconds / 60)} minutes"
    return f"{round(seconds / 3600)} hours"
