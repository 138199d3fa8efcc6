"""One-time passwords from a roster import are hashed cheaply, yet signing in to such an account takes as long
as any other sign-in: a quick answer would tell an attacker the address exists."""

from __future__ import annotations

import asyncio

import pytest

from backend.core.security import hash_password, hash_temporary_passwords, is_temporary_hash
from backend.models.user import User
from backend.services.accounts import users


def test_a_roster_password_is_told_apart_from_a_chosen_one_and_a_broken_hash_is_neither() -> None:
    (temporary,) = asyncio.run(hash_temporary_passwords(["fresh-one-time-secret"]))
    chosen = asyncio.run(hash_password("a-chosen-password-1"))
    assert is_temporary_hash(temporary) and not is_temporary_hash(chosen)
    assert not is_temporary_hash("not a hash") and not is_temporary_hash("")


def test_signing_in_to_a_roster_account_also_pays_for_a_full_hash(monkeypatch: pytest.MonkeyPatch) -> None:
    (temporary,) = asyncio.run(hash_temporary_passwords(["fresh-one-time-secret"]))
    checked: list[str] = []
    real = users.verify_password

    async def counting(password: str, password_hash: str) -> bool:
        checked.append(password_hash)
        return await real(password, password_hash)

    monkeypatch.setattr(users, "verify_password", counting)
    account = User(email="roster@example.edu", display_name="Roster", password_hash=temporary)
    assert asyncio.run(users.password_matches(account, "fresh-one-time-secret"))
    assert not asyncio.run(users.password_matches(account, "a wrong guess"))
    assert [is_temporary_hash(h) for h in checked] == [False, True, False, True]
