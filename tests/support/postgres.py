"""A throwaway PostgreSQL for the tests: VC_TEST_POSTGRES_URL when given, else a private cluster we start."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
import time
import uuid
from dataclasses import dataclass
from pathlib import Path


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _pg_bin_dir() -> Path | None:
    candidates = sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True)
    for candidate in candidates:
        if (candidate / "initdb").exists() and (candidate / "pg_ctl").exists():
            return candidate
    found = shutil.which("initdb")
    return Path(found).parent if found else None


def _as_postgres(args: list[str]) -> list[str]:
    """PostgreSQL refuses to run as root: run its tools as the `postgres` user then."""
    if os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--", *args]
    return args


@dataclass
class PostgresServer:
    base_url: str  # postgresql://user@host:port (no database)
    data_dir: Path | None = None
    bin_dir: Path | None = None

    def create_database(self) -> str:
        """A fresh, empty database per test server: no test sees another's rows."""
        name = f"vc_test_{uuid.uuid4().hex[:10]}"
        subprocess.run(
            ["psql", f"{self.base_url}/postgres", "-v", "ON_ERROR_STOP=1", "-qc", f'CREATE DATABASE "{name}"'],
            check=True, capture_output=True,
        )
        return f"{self.base_url}/{name}"

    def stop(self) -> None:
        if self.data_dir is not None and self.bin_dir is not None:
            subprocess.run(_as_postgres([str(self.bin_dir / "pg_ctl"), "-D", str(self.data_dir), "-m", "fast",
                                         "stop"]), capture_output=True)
            shutil.rmtree(self.data_dir.parent, ignore_errors=True)


def start_postgres() -> PostgresServer | None:
    """Connect to VC_TEST_POSTGRES_URL, or start a private cluster on a free port; None when neither works."""
    url = os.environ.get("VC_TEST_POSTGRES_URL", "").rstrip("/")
    if url:
        base = url.rsplit("/", 1)[0] if url.count("/") > 2 else url
        return PostgresServer(base_url=base.replace("postgresql+asyncpg://", "postgresql://"))
    bin_dir = _pg_bin_dir()
    if bin_dir is None or shutil.which("psql") is None:
        return None
    root = Path(tempfile.mkdtemp(prefix="vc-pg-"))
    data_dir = root / "data"
    root.chmod(0o777)
    port = free_port()
    try:
        subprocess.run(_as_postgres([str(bin_dir / "initdb"), "-D", str(data_dir), "-U", "postgres",
                                     "--auth=trust", "-E", "UTF8"]), check=True, capture_output=True)
        options = f"-p {port} -k {root} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=300"
        subprocess.run(_as_postgres([str(bin_dir / "pg_ctl"), "-D", str(data_dir), "-o", options, "-l",
                                     str(root / "log"), "-w", "start"]), check=True, capture_output=True)
    except (subprocess.CalledProcessError, FileNotFoundError):
        shutil.rmtree(root, ignore_errors=True)
        return None
    server = PostgresServer(base_url=f"postgresql://postgres@127.0.0.1:{port}", data_dir=data_dir, bin_dir=bin_dir)
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        if subprocess.run(["pg_isready", "-h", "127.0.0.1", "-p", str(port)], capture_output=True).returncode == 0:
            return server
        time.sleep(0.2)
    server.stop()
    return None
