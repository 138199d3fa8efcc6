"""Take the tests' private PostgreSQL cluster down and bring it back, to test what users see in an outage."""

from __future__ import annotations

import shlex
import subprocess

from tests.support.postgres import PostgresServer, _as_postgres


def _pg_ctl(server: PostgresServer, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    assert server.data_dir is not None and server.bin_dir is not None
    command = _as_postgres([str(server.bin_dir / "pg_ctl"), "-D", str(server.data_dir), *args])
    return subprocess.run(command, check=check, capture_output=True, text=True, timeout=60)


def is_running(server: PostgresServer) -> bool:
    return _pg_ctl(server, "status", check=False).returncode == 0


def stop_cluster(server: PostgresServer) -> None:
    """A fast shutdown: open connections are cut, as in a crash-restart or a managed failover."""
    _pg_ctl(server, "-m", "fast", "-w", "stop")


def start_cluster(server: PostgresServer) -> None:
    """Start again with the options of the previous run (what `pg_ctl restart` reads from postmaster.opts)."""
    assert server.data_dir is not None
    recorded = shlex.split((server.data_dir / "postmaster.opts").read_text())
    options, skip = [], False
    for arg in recorded[1:]:  # the first word is the postgres binary
        if skip:
            skip = False
        elif arg == "-D":
            skip = True
        else:
            options.append(arg)
    _pg_ctl(server, "-o", shlex.join(options), "-l", str(server.data_dir.parent / "log"), "-w", "start")


def ensure_running(server: PostgresServer) -> None:
    """Whatever happened in a test, leave the session's cluster up for the modules after it."""
    if not is_running(server):
        start_cluster(server)
