"""`python start_server.py`: first-run experience, flags, and a clean stop on Ctrl-C."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx

from tests.support.api import openai_env
from tests.support.fake_openai import FakeOpenAIServer
from tests.support.postgres import free_port
from tests.support.server import ROOT, query_db


def launch(tmp_path: Path, *args: str, env: dict[str, str] | None = None) -> tuple[subprocess.Popen[str], int]:
    """Start it and wait until it says it is ready (the URLs printed), as a person watching the terminal would."""
    port = free_port()
    full_env = {k: v for k, v in os.environ.items() if not k.startswith(("VC_", "ANTHROPIC_", "OPENAI_"))}
    full_env.update({"DATABASE_URL": f"sqlite:///{tmp_path / 'start.db'}", "SECRET_KEY": "s" * 40,
                     "PYTHONUNBUFFERED": "1", **(env or {})})
    output_path = tmp_path / f"start-{port}.log"
    with output_path.open("w") as output:
        process = subprocess.Popen([sys.executable, "start_server.py", "--api-only", "--port", str(port), *args],
                                   cwd=ROOT, env=full_env, stdout=output, stderr=subprocess.STDOUT, text=True)
    process.output_path = output_path  # type: ignore[attr-defined]
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if "Press Ctrl-C" in output_path.read_text():
            return process, port
        if process.poll() is not None:
            break
        time.sleep(0.2)
    process.kill()
    raise AssertionError(output_path.read_text())


def stop(process: subprocess.Popen[str]) -> tuple[int, str]:
    process.send_signal(signal.SIGINT)
    process.wait(timeout=20)
    return process.returncode, process.output_path.read_text()  # type: ignore[attr-defined]


def test_first_start_migrates_seeds_prints_logins_and_stops_cleanly_on_ctrl_c(tmp_path: Path) -> None:
    process, port = launch(tmp_path)
    clients = httpx.post(f"http://127.0.0.1:{port}/api/v1/auth/login",
                         json={"email": "student1@example.com", "password": "student-demo-123"})
    assert clients.status_code == 200
    code, output = stop(process)
    assert code == 0
    assert "teacher@example.com" in output and "teacher-demo-123" in output
    assert f"http://127.0.0.1:{port}" in output
    assert "OFFLINE MODE" in output
    published = query_db(f"sqlite:///{tmp_path / 'start.db'}", "SELECT count(*) FROM clients WHERE is_published")
    assert published[0][0] >= 4
    try:
        httpx.get(f"http://127.0.0.1:{port}/health", timeout=1)
        raise AssertionError("the API is still answering after Ctrl-C")
    except httpx.HTTPError:
        pass


def test_second_start_keeps_data_and_does_not_reseed(tmp_path: Path) -> None:
    process, _ = launch(tmp_path)
    stop(process)
    process, _ = launch(tmp_path)
    code, output = stop(process)
    assert code == 0 and "Demo sign-ins" not in output
    assert query_db(f"sqlite:///{tmp_path / 'start.db'}", "SELECT count(*) FROM users")[0][0] == 4


def test_no_demo_with_first_admin_from_the_environment(tmp_path: Path) -> None:
    process, port = launch(tmp_path, "--no-demo",
                           env={"VC_ADMIN_EMAIL": "Boss@School.edu", "VC_ADMIN_PASSWORD": "boss-password-1"})
    login = httpx.post(f"http://127.0.0.1:{port}/api/v1/auth/login",
                       json={"email": "boss@school.edu", "password": "boss-password-1"})
    code, output = stop(process)
    assert code == 0
    assert login.status_code == 200 and login.json()["user"]["role"] == "admin"
    assert "boss-password-1" not in output
    assert query_db(f"sqlite:///{tmp_path / 'start.db'}", "SELECT count(*) FROM clients")[0][0] == 0


def test_production_without_a_secret_refuses_to_start(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("VC_", "ANTHROPIC_", "SECRET_KEY"))}
    env.update({"DATABASE_URL": f"sqlite:///{tmp_path / 'prod.db'}", "VC_ENV": "production"})
    result = subprocess.run([sys.executable, "start_server.py", "--api-only", "--port", str(free_port())],
                            cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stdout + result.stderr


def test_a_private_model_prints_where_conversations_go(tmp_path: Path) -> None:
    with FakeOpenAIServer(served_model="llama3.1:8b") as fake:
        process, _ = launch(tmp_path, env=openai_env(fake))
        code, output = stop(process)
    assert code == 0
    assert f"LLM provider: openai_compatible  (local model llama3.1:8b at {fake.v1_url})" in output


def test_a_private_model_without_its_name_refuses_to_start_and_says_what_to_set(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("VC_", "ANTHROPIC_", "OPENAI_"))}
    env.update({"DATABASE_URL": f"sqlite:///{tmp_path / 'local.db'}", "VC_LLM_PROVIDER": "openai_compatible",
                "VC_OPENAI_BASE_URL": "http://localhost:11434/v1"})
    result = subprocess.run([sys.executable, "start_server.py", "--api-only", "--port", str(free_port())],
                            cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode == 2
    assert "Configuration error" in result.stderr and "needs VC_MODEL" in result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    assert not (tmp_path / "local.db").exists(), "nothing is migrated before the configuration is known good"
