"""Sign-ins that outlive a browser reload and an app restart, without the token ever leaving the server.

The browser holds only a random id in a same-site cookie of this app; the token it stands for stays in a small
SQLite file beside the app. Forgetting the id (sign-out) ends the sign-in in every tab that shares the cookie.
"""

from __future__ import annotations

import hashlib
import os
import secrets
import sqlite3
import threading
import time
from dataclasses import dataclass
from pathlib import Path

DEFAULT_PATH = Path(__file__).resolve().parents[2] / "data" / "app_sign_ins.db"


@dataclass(frozen=True)
class RememberedSignIn:
    token: str
    expires_at: float


def _digest(sign_in_id: str) -> str:
    """Only a hash of the id is stored, so the file alone cannot be turned back into a browser's cookie."""
    return hashlib.sha256(sign_in_id.encode()).hexdigest()


class SignInStore:
    def __init__(self, path: Path | None = None) -> None:
        self.path = path or Path(os.environ.get("VC_APP_SIGN_IN_DB") or DEFAULT_PATH)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._lock = threading.Lock()  # Streamlit runs each browser tab's script in its own thread
        with self._connect() as db:
            db.execute("CREATE TABLE IF NOT EXISTS sign_ins (id_hash TEXT PRIMARY KEY, app TEXT NOT NULL, "
                       "token TEXT NOT NULL, expires_at REAL NOT NULL)")
        self.path.chmod(0o600)

    def _connect(self) -> sqlite3.Connection:
        return sqlite3.connect(self.path, timeout=10)

    def remember(self, app: str, token: str, expires_at: float, sign_in_id: str | None = None) -> str:
        """Keep the token under a (new or given) id until it expires; returns the id for the cookie."""
        sign_in_id = sign_in_id or secrets.token_urlsafe(32)
        with self._lock, self._connect() as db:
            db.execute("DELETE FROM sign_ins WHERE expires_at < ?", (time.time(),))
            db.execute("INSERT OR REPLACE INTO sign_ins VALUES (?, ?, ?, ?)",
                       (_digest(sign_in_id), app, token, expires_at))
        return sign_in_id

    def recall(self, app: str, sign_in_id: str) -> RememberedSignIn | None:
        """The token behind an id, if it is this app's and still valid."""
        with self._lock, self._connect() as db:
            row = db.execute("SELECT token, expires_at FROM sign_ins WHERE id_hash = ? AND app = ?",
                             (_digest(sign_in_id), app)).fetchone()
        if row is None or row[1] <= time.time():
            return None
        return RememberedSignIn(token=row[0], expires_at=row[1])

    def forget(self, sign_in_id: str) -> None:
        with self._lock, self._connect() as db:
            db.execute("DELETE FROM sign_ins WHERE id_hash = ?", (_digest(sign_in_id),))
