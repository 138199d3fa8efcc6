"""One command from a fresh clone: migrate, seed demo data, start the API and the three Streamlit apps."""

from __future__ import annotations

import argparse
import os
import secrets
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent
APPS = (("Teacher", "mvp/teacher_test.py", 8501), ("Student", "mvp/student_practice.py", 8502),
        ("Admin", "mvp/admin_monitor.py", 8503))


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--api-only", action="store_true", help="start the API without the Streamlit apps")
    parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")), help="API port")
    parser.add_argument("--host", default=os.environ.get("VC_HOST", "0.0.0.0" if "PORT" in os.environ else "127.0.0.1"),
                        help="API bind address (0.0.0.0 on Railway)")
    parser.add_argument("--no-demo", action="store_true", help="do not seed demo accounts and clients")
    parser.add_argument("--workers", type=int, default=1, help="uvicorn worker processes")
    return parser.parse_args(argv)


def ensure_dev_secret() -> None:
    """Keep sign-ins valid across restarts in development without asking for a SECRET_KEY."""
    if os.environ.get("SECRET_KEY") or os.environ.get("VC_ENV") == "production":
        return
    key_file = ROOT / "data" / ".secret_key"
    key_file.parent.mkdir(parents=True, exist_ok=True)
    if not key_file.exists():
        key_file.write_text(secrets.token_urlsafe(32))
        key_file.chmod(0o600)
    os.environ["SECRET_KEY"] = key_file.read_text().strip()


def wait_for_api(url: str, process: subprocess.Popen[bytes], timeout_s: float = 60) -> bool:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if process.poll() is not None:
            return False
        try:
            with urllib.request.urlopen(url + "/health", timeout=2) as response:
                if response.status == 200:
                    return True
        except OSError:
            time.sleep(0.3)
    return False


def stop_all(processes: list[subprocess.Popen[bytes]]) -> None:
    for process in processes:
        if process.poll() is None:
            process.send_signal(signal.SIGINT if os.name != "nt" else signal.CTRL_BREAK_EVENT)
    deadline = time.monotonic() + 10
    for process in processes:
        try:
            process.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            process.kill()


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    os.chdir(ROOT)
    sys.path.insert(0, str(ROOT))
    ensure_dev_secret()
    from backend.bootstrap import prepare_database
    from backend.core.config import get_settings
    from backend.llm.registry import describe_provider

    settings = get_settings()
    try:
        provider = describe_provider(settings)
    except ValueError as exc:  # a provider that cannot start: say what to set, not a traceback from uvicorn
        print(f"Configuration error: {exc}", file=sys.stderr)
        return 2
    print(f"Database: {settings.async_database_url.split('@')[-1]}  (migrating to the newest schema)")
    logins = prepare_database(settings, demo=not args.no_demo)
    if logins:
        print("\nDemo sign-ins:")
        for login in logins:
            print(f"  {login['role']:<8} {login['email']:<24} {login['password']}")
    print(f"\nLLM provider: {provider}")

    api_url = f"http://{'127.0.0.1' if args.host in ('0.0.0.0', '::') else args.host}:{args.port}"
    processes: list[subprocess.Popen[bytes]] = []
    try:
        return serve(args, api_url, processes)
    except KeyboardInterrupt:
        print("\nStopping...")
        return 0
    finally:
        stop_all(processes)


def serve(args: argparse.Namespace, api_url: str, processes: list[subprocess.Popen[bytes]]) -> int:
    """Start the API, then the apps; every child is in `processes` so a Ctrl-C at any moment stops it."""
    api = subprocess.Popen([
        sys.executable, "-m", "uvicorn", "backend.main:create_app", "--factory", "--host", args.host,
        "--port", str(args.port), "--workers", str(args.workers), "--log-level", "warning",
        "--timeout-graceful-shutdown", "10",
    ])
    processes.append(api)
    if not wait_for_api(api_url, api):
        print("The API did not start; see the messages above.", file=sys.stderr)
        return 1
    print(f"\nAPI        {api_url}   (docs: {api_url}/docs)")
    if not args.api_only:
        app_env = {**os.environ, "VC_API_URL": api_url}
        for label, script, port in APPS:
            if not (ROOT / script).exists():
                continue
            processes.append(subprocess.Popen([
                sys.executable, "-m", "streamlit", "run", script, "--server.port", str(port),
                "--server.headless", "true", "--browser.gatherUsageStats", "false",
                "--server.address", "127.0.0.1" if args.host == "127.0.0.1" else "0.0.0.0",
            ], env=app_env, stdout=subprocess.DEVNULL))
            print(f"{label:<10} http://localhost:{port}")
    print("\nPress Ctrl-C to stop everything.", flush=True)
    while all(process.poll() is None for process in processes):
        time.sleep(0.5)
    print("A process stopped unexpectedly; shutting down the rest.", file=sys.stderr)
    return 1


if __name__ == "__main__":
    signal.signal(signal.SIGTERM, lambda *_: (_ for _ in ()).throw(KeyboardInterrupt()))
    sys.exit(main())
