"""The app-side sign-in store: tokens stay on the server, ids are not stored as such, expiry and sign-out hold."""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path

from mvp.logic.sign_in_store import SignInStore


def test_an_id_recalls_its_token_for_its_own_app_only(tmp_path: Path) -> None:
    store = SignInStore(tmp_path / "s.db")
    sign_in_id = store.remember("student", "token-abc", time.time() + 60)
    assert store.recall("student", sign_in_id).token == "token-abc"  # type: ignore[union-attr]
    assert store.recall("teacher", sign_in_id) is None
    assert store.recall("student", "some-other-id") is None


def test_the_file_holds_no_usable_cookie_value_and_only_its_owner_reads_it(tmp_path: Path) -> None:
    path = tmp_path / "s.db"
    sign_in_id = SignInStore(path).remember("admin", "token-xyz", time.time() + 60)
    stored = sqlite3.connect(path).execute("SELECT id_hash FROM sign_ins").fetchall()
    assert stored and sign_in_id not in str(stored)
    assert path.stat().st_mode & 0o077 == 0


def test_an_expired_sign_in_is_not_recalled(tmp_path: Path) -> None:
    store = SignInStore(tmp_path / "s.db")
    sign_in_id = store.remember("student", "old-token", time.time() - 1)
    assert store.recall("student", sign_in_id) is None


def test_forgetting_ends_it_and_signing_in_again_in_the_browser_reuses_the_id(tmp_path: Path) -> None:
    store = SignInStore(tmp_path / "s.db")
    sign_in_id = store.remember("student", "first", time.time() + 60)
    assert store.remember("student", "second", time.time() + 60, sign_in_id) == sign_in_id
    assert store.recall("student", sign_in_id).token == "second"  # type: ignore[union-attr]
    store.forget(sign_in_id)
    assert store.recall("student", sign_in_id) is None


def test_a_restarted_app_reads_what_the_previous_process_kept(tmp_path: Path) -> None:
    sign_in_id = SignInStore(tmp_path / "s.db").remember("teacher", "kept", time.time() + 60)
    assert SignInStore(tmp_path / "s.db").recall("teacher", sign_in_id).token == "kept"  # type: ignore[union-attr]
