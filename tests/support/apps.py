"""The three Streamlit apps as processes beside a real API, for browser tests and screenshots."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from tests.support.postgres import free_port
from tests.support.server import ApiServer

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "test-artifacts" / "screenshots"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]
APPS = {"teacher": "mvp/teacher_test.py", "student": "mvp/student_practice.py", "admin": "mvp/admin_monitor.py"}
VIEWPORT = {"width": 1400, "height": 1000}
# Slow enough that the browser sees a reply arrive in pieces, fast enough to keep the run short.
STREAM_DELAY_S = "0.12"


@dataclass
class Stack:
    api: ApiServer
    urls: dict[str, str]
    processes: list[subprocess.Popen[bytes]] = field(default_factory=list)
    logs: list[Path] = field(default_factory=list)
    env: dict[str, str] = field(default_factory=dict)  # what every app process gets besides the API's URL

    def restart(self, app: str) -> None:
        """Stop one app and start it again on the same address, as an operator's restart would."""
        index = list(APPS).index(app)
        old = self.processes[index]
        old.terminate()
        old.wait(timeout=15)
        port = int(self.urls[app].rsplit(":", 1)[1])
        process, url, log = start_streamlit(APPS[app], self.api.base_url, port=port, env=self.env)
        self.processes[index], self.logs[index] = process, log
        wait_healthy(process, url, log)

    def stop(self) -> None:
        for process in self.processes:
            if process.poll() is None:
                process.terminate()
        for process in self.processes:
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
        self.api.stop()


def start_streamlit(script: str, api_url: str, *, port: int | None = None, env: dict[str, str] | None = None
                    ) -> tuple[subprocess.Popen[bytes], str, Path]:
    """One app the way start_server.py runs it (the repository's .streamlit/config.toml applies)."""
    port = port or free_port()
    log_path = Path(tempfile.mkstemp(prefix="vc-streamlit-", suffix=".log")[1])
    process_env = {**os.environ, **(env or {}), "VC_API_URL": api_url, "PYTHONUNBUFFERED": "1"}
    args = [sys.executable, "-m", "streamlit", "run", script, "--server.port", str(port), "--server.headless", "true",
            "--server.address", "127.0.0.1", "--server.fileWatcherType", "none"]
    with log_path.open("wb") as log:
        process = subprocess.Popen(args, cwd=ROOT, env=process_env, stdout=log, stderr=subprocess.STDOUT)
    return process, f"http://127.0.0.1:{port}", log_path


def wait_healthy(process: subprocess.Popen[bytes], url: str, log: Path, timeout_s: float = 60) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"Streamlit exited early:\n{log.read_text(errors='replace')}")
        try:
            if httpx.get(f"{url}/_stcore/health", timeout=1).text.strip() == "ok":
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"Streamlit at {url} did not become healthy:\n{log.read_text(errors='replace')}")
