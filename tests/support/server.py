"""Start the real API as its own process (the way operators run it) and talk to it over HTTP."""

from __future__ import annotations

import itertools
import os
import secrets
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from tests.support.postgres import free_port

ROOT = Path(__file__).resolve().parents[2]
DEMO_PASSWORDS = {
    "admin@example.com": "admin-demo-123",
    "teacher@example.com": "teacher-demo-123",
    "student1@example.com": "student-demo-123",
    "student2@example.com": "student-demo-123",
}


@dataclass
class ApiServer:
    base_url: str
    database_url: str
    process: subprocess.Popen[bytes]
    log_path: Path
    env: dict[str, str] = field(default_factory=dict)
    _tokens: dict[str, str] = field(default_factory=dict)

    @property
    def api(self) -> str:
        return self.base_url + "/api/v1"

    def token(self, email: str, password: str | None = None) -> str:
        if email not in self._tokens:
            response = httpx.post(f"{self.api}/auth/login",
                                  json={"email": email, "password": password or DEMO_PASSWORDS[email]})
            response.raise_for_status()
            self._tokens[email] = response.json()["access_token"]
        return self._tokens[email]

    def client(self, email: str | None = None, timeout: float = 30.0) -> httpx.Client:
        headers = {"Authorization": f"Bearer {self.token(email)}"} if email else {}
        return httpx.Client(base_url=self.api, headers=headers, timeout=timeout)

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")

    def unhandled_errors(self) -> list[str]:
        """The last line of each traceback the server logged: what a failing test should show first."""
        lines = self.log().splitlines()
        return [line for previous, line in itertools.pairwise(lines)
                if previous.startswith(" ") and line[:1].isalpha() and ("Error" in line or "Exception" in line)]

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()


def start_api(database_url: str, *, extra_env: dict[str, str] | None = None, demo: bool = True,
              timeout_s: float = 60.0, extra_args: tuple[str, ...] = ()) -> ApiServer:
    """Run `start_server.py --api-only` exactly as a user would, on a free port, offline unless told otherwise."""
    port = free_port()
    env = {key: value for key, value in os.environ.items() if not key.startswith(("VC_", "ANTHROPIC_", "OPENAI_"))}
    env.update({
        "DATABASE_URL": database_url,
        "SECRET_KEY": secrets.token_urlsafe(32),
        "VC_ENV": "test",
        "VC_LLM_PROVIDER": "offline",
        "VC_OFFLINE_STREAM_DELAY_SECONDS": "0",
        # Per-person rates on costly work: generous here, so a module's tests never trip over their own count;
        # the abuse tests set their own.
        "VC_SESSIONS_PER_MINUTE": "1000", "VC_EXPORTS_PER_MINUTE": "1000", "VC_MODEL_RUNS_PER_HOUR": "1000",
        "VC_ROSTER_SYNCS_PER_HOUR": "1000",
        "PYTHONUNBUFFERED": "1",
    })
    env.update(extra_env or {})
    log_path = Path(tempfile.mkstemp(prefix="vc-api-", suffix=".log")[1])
    args = [sys.executable, "start_server.py", "--api-only", "--port", str(port)]
    if not demo:
        args.append("--no-demo")
    args.extend(extra_args)
    with log_path.open("wb") as log_file:
        process = subprocess.Popen(args, cwd=ROOT, env=env, stdout=log_file, stderr=subprocess.STDOUT)
    server = ApiServer(f"http://127.0.0.1:{port}", database_url, process, log_path, env)
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"API server exited early:\n{server.log()}")
        try:
            if httpx.get(server.base_url + "/health", timeout=1).status_code == 200:
                return server
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    server.stop()
    raise RuntimeError(f"API server did not become healthy:\n{server.log()}")


def auth(token: str) -> dict[str, Any]:
    return {"Authorization": f"Bearer {token}"}


def query_db(database_url: str, sql: str) -> list[tuple[Any, ...]]:
    """Read the database behind a running server directly, to check what was really stored."""
    if database_url.startswith("sqlite"):
        import sqlite3

        with sqlite3.connect(database_url.split(":///", 1)[1]) as connection:
            return list(connection.execute(sql).fetchall())
    output = subprocess.run(["psql", database_url, "-AtF", "\t", "-c", sql], check=True, capture_output=True,
                            text=True).stdout
    return [tuple(line.split("\t")) for line in output.splitlines() if line]
