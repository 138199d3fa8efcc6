"""Password hashing (argon2id, bounded platform-wide) and signed, expiring, revocable access tokens (JWT, HS256)."""

from __future__ import annotations

import os
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import anyio
import jwt
from argon2 import PasswordHasher, extract_parameters
from argon2.exceptions import InvalidHashError, VerificationError

from backend.core.work_gate import WorkGate

# argon2id, RFC 9106's second recommended profile (argon2-cffi's defaults, stated so they never drift):
# 64 MiB of memory, 3 passes, 4 lanes. Each hash or verification holds HASH_MEMORY_KIB while it runs.
HASH_MEMORY_KIB = 65_536
HASH_TIME_COST = 3
HASH_PARALLELISM = 4
_hasher = PasswordHasher(time_cost=HASH_TIME_COST, memory_cost=HASH_MEMORY_KIB, parallelism=HASH_PARALLELISM)
# A temporary password is a random 59-bit secret (roster imports), not a person's guessable choice: a slow hash
# adds nothing against guessing it, so it is hashed cheaply (1 MiB, 1 pass) and must be changed at first sign-in.
_temporary_hasher = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
ALGORITHM = "HS256"
HASH_WAIT_S = 15.0
BUSY = "Too many sign-ins are being checked right now. Please try again in a few seconds."


def memory_bytes() -> int:
    """The memory this process may use: the cgroup's limit when one is set, else the machine's."""
    total = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    try:
        limit = Path("/sys/fs/cgroup/memory.max").read_text().strip()
        if limit.isdigit():
            return min(total, int(limit))
    except OSError:
        pass
    return total


def default_hash_slots() -> int:
    """Hashes at once: one per core, and never more than 1/32 of memory held by argon2."""
    by_memory = memory_bytes() // (HASH_MEMORY_KIB * 1024 * 32)
    return max(1, min(os.cpu_count() or 1, 4, by_memory))


_gate = WorkGate(default_hash_slots(), queue=64, busy=BUSY, wait_s=HASH_WAIT_S)


def configure_hashing(*, slots: int, queue: int) -> WorkGate:
    """Size the platform-wide bound (start-up); slots 0 means sized to this machine. Without it every sign-in got
    a worker thread and its 64 MiB: 60 parallel logins took 2 GiB and starved every other request of CPU."""
    global _gate
    _gate = WorkGate(slots or default_hash_slots(), queue, busy=BUSY, wait_s=HASH_WAIT_S)
    return _gate


async def hash_password(password: str) -> str:
    """Hash off the event loop and within the platform-wide bound: argon2 is deliberately slow and memory-hard."""
    return await _gate.run(_hasher.hash, password)


async def hash_temporary_passwords(passwords: list[str]) -> list[str]:
    """Generated one-time secrets (a roster import): cheap to hash, their strength is their randomness; still
    argon2id, all in one worker thread."""
    return await anyio.to_thread.run_sync(lambda: [_temporary_hasher.hash(p) for p in passwords])


def is_temporary_hash(password_hash: str) -> bool:
    try:
        return extract_parameters(password_hash).memory_cost == _temporary_hasher.memory_cost
    except InvalidHashError:
        return False


async def verify_password(password: str, password_hash: str) -> bool:
    def _verify() -> bool:
        try:
            return _hasher.verify(password_hash, password)
        except (VerificationError, InvalidHashError):
            return False

    if is_temporary_hash(password_hash):  # cheap by construction: no need to queue behind real hashes
        return await anyio.to_thread.run_sync(_verify)
    return await _gate.run(_verify)


@dataclass(frozen=True)
class TokenClaims:
    """What a valid token says: who, which sign-in (jti), the account's token version, and when it ends."""

    user_id: int
    token_id: str
    version: int
    expires_at: datetime


def create_access_token(*, user_id: int, role: str, secret: str, minutes: int, version: int = 0
                        ) -> tuple[str, datetime]:
    expires_at = datetime.now(UTC) + timedelta(minutes=minutes)
    payload = {"sub": str(user_id), "role": role, "exp": expires_at, "iat": datetime.now(UTC),
               "jti": uuid.uuid4().hex, "ver": version}
    return jwt.encode(payload, secret, algorithm=ALGORITHM), expires_at


def decode_token_claims(token: str, *, secret: str) -> TokenClaims | None:
    """The claims of a valid token, or None when it is forged, expired or malformed. A token without an id (signed
    before sign-out existed) is refused too: it could not be signed out, so its holder signs in once more."""
    try:
        payload = jwt.decode(token, secret, algorithms=[ALGORITHM], options={"require": ["exp", "sub", "jti"]})
        return TokenClaims(user_id=int(payload["sub"]), token_id=str(payload["jti"]),
                           version=int(payload.get("ver") or 0),
                           expires_at=datetime.fromtimestamp(int(payload["exp"]), UTC))
    except (jwt.PyJWTError, ValueError, KeyError, TypeError):
        return None


def decode_access_token(token: str, *, secret: str) -> int | None:
    """The user id a valid token names, or None when it is forged, expired or malformed."""
    claims = decode_token_claims(token, secret=secret)
    return None if claims is None else claims.user_id
