"""Real-browser fixtures: the API and the three Streamlit apps as processes, and headless Chromium driving them."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.support.postgres import free_port
from tests.support.server import ApiServer, start_api

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


def _start_streamlit(script: str, api_url: str) -> tuple[subprocess.Popen[bytes], str, Path]:
    port = free_port()
    log_path = Path(tempfile.mkstemp(prefix="vc-streamlit-", suffix=".log")[1])
    env = {**os.environ, "VC_API_URL": api_url, "PYTHONUNBUFFERED": "1"}
    args = [sys.executable, "-m", "streamlit", "run", script, "--server.port", str(port), "--server.headless", "true",
            "--browser.gatherUsageStats", "false", "--server.address", "127.0.0.1",
            "--server.fileWatcherType", "none", "--client.toolbarMode", "minimal"]
    with log_path.open("wb") as log:
        process = subprocess.Popen(args, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    return process, f"http://127.0.0.1:{port}", log_path


def _wait_healthy(process: subprocess.Popen[bytes], url: str, log: Path, timeout_s: float = 60) -> None:
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


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """Headless Chromium, or a visible skip when this machine cannot run one (a failure in CI)."""
    missing = ""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        missing = "playwright is not installed (pip install playwright)"
    if not missing and not CHROMIUM.exists():
        missing = f"no Chromium at {CHROMIUM} (apt-get install chromium chromium-driver)"
    if missing:
        if os.environ.get("VC_REQUIRE_BROWSER") == "1":
            pytest.fail(f"VC_REQUIRE_BROWSER=1 but {missing}")
        pytest.skip(missing)
    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


@pytest.fixture(scope="module")
def stack(browser: Any, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    """The API on a fresh SQLite database plus the three apps pointed at it, each on a free port."""
    database = tmp_path_factory.mktemp("e2e") / "apps.db"
    api = start_api(f"sqlite:///{database}", extra_env={
        "VC_OFFLINE_STREAM_DELAY_SECONDS": STREAM_DELAY_S, "VC_MESSAGES_PER_MINUTE": "1000",
    })
    started = {name: _start_streamlit(script, api.base_url) for name, script in APPS.items()}
    running = Stack(api=api, urls={name: url for name, (_, url, _) in started.items()},
                    processes=[process for process, _, _ in started.values()],
                    logs=[log for _, _, log in started.values()])
    try:
        for process, url, log in started.values():
            _wait_healthy(process, url, log)
    except RuntimeError:
        running.stop()
        raise
    yield running
    running.stop()


@pytest.fixture
def new_page(browser: Any) -> Iterator[Any]:
    """A factory of fresh browser tabs (one per person in a flow), each in its own context, closed afterwards."""
    contexts: list[Any] = []

    def make() -> Any:
        context = browser.new_context(viewport=VIEWPORT)
        context.set_default_timeout(30_000)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


@pytest.fixture(scope="module")
def screenshots() -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS
