"""The attacks of issue 20 against a real API process on 127.0.0.1, with the figures the tests bound printed:
memory and a bystander's latency under a sign-in flood, a 19 MB chunked body, zero-width PDFs, a 500-address roster.

    python -m bench.abuse [--db sqlite|postgres] [--flood 60] [--slots 0]

No timing is asserted here (the abuse tests in tests/integration/test_abuse_*.py do, with generous bounds).
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor

import httpx

from tests.support.abuse import Bystander, PeakMemory, api_pid, chunked_post, timed_median
from tests.support.api import open_session
from tests.support.postgres import start_postgres
from tests.support.server import start_api


def flood(api, student: httpx.Client, n: int) -> None:  # type: ignore[no-untyped-def]
    with PeakMemory(api_pid(api)) as memory, Bystander(lambda: student.get("/sessions")) as bystander, \
            ThreadPoolExecutor(n) as pool:
        started = time.perf_counter()
        answers = list(pool.map(lambda i: httpx.post(
            f"{api.api}/auth/login", json={"email": f"nobody.{uuid.uuid4().hex}@example.com", "password": "x"},
            headers={"X-Forwarded-For": f"192.0.2.{i % 250 + 1}"}, timeout=120).status_code, range(n)))
        took = time.perf_counter() - started
    counts = {status: answers.count(status) for status in sorted(set(answers))}
    print(f"sign-in flood x{n}: {counts} in {took:.1f}s; API RSS {memory.before:.0f} -> peak {memory.peak:.0f} MiB "
          f"(+{memory.grew_mib:.0f}); another user's GET /sessions median {bystander.median * 1000:.0f} ms, "
          f"worst {bystander.worst * 1000:.0f} ms")


def body(api, student: httpx.Client) -> None:  # type: ignore[no-untyped-def]
    with PeakMemory(api_pid(api)) as memory:
        started = time.perf_counter()
        status, _, sent = chunked_post(api.base_url, "/api/v1/auth/login", total_bytes=19 * 1024 * 1024)
        took = time.perf_counter() - started
    print(f"19 MB chunked login: {status} after {sent / 1024:.0f} KiB sent, {took * 1000:.0f} ms, "
          f"+{memory.grew_mib:.0f} MiB")


def pdfs(api, admin: httpx.Client, other: httpx.Client) -> None:  # type: ignore[no-untyped-def]
    email = f"zw.{uuid.uuid4().hex[:8]}@example.com"
    admin.post("/users", json={"email": email, "display_name": "ZW", "role": "student",
                               "password": "student-pass-123"}).raise_for_status()
    with httpx.Client(base_url=api.api, timeout=120, headers={
            "Authorization": f"Bearer {api.token(email, 'student-pass-123')}"}) as attacker:
        session_id = open_session(attacker)
        for _ in range(19):
            attacker.post(f"/sessions/{session_id}/messages", json={"content": "\u200b" * 4000}).raise_for_status()
        baseline = timed_median(lambda: other.get("/sessions"))
        started = time.perf_counter()
        attacker.get(f"/sessions/{session_id}/transcript", params={"format": "pdf"}).raise_for_status()
        one = time.perf_counter() - started
        seconds: list[float] = []

        def download() -> None:
            begun = time.perf_counter()
            attacker.get(f"/sessions/{session_id}/transcript", params={"format": "pdf"})
            seconds.append(time.perf_counter() - begun)

        threads = [threading.Thread(target=download) for _ in range(3)]
        for thread in threads:
            thread.start()
        during = timed_median(lambda: other.get("/sessions"), times=10)
        for thread in threads:
            thread.join(120)
    print(f"zero-width PDF (19 x 4,000 U+200B): {one:.2f}s alone; three at once {statistics.mean(seconds):.2f}s "
          f"each on average; another user's median {baseline * 1000:.0f} -> {during * 1000:.0f} ms")


def roster(api, teacher: httpx.Client, student: httpx.Client) -> None:  # type: ignore[no-untyped-def]
    section = teacher.post("/sections", json={"name": f"Roster {uuid.uuid4().hex[:4]}"}).json()
    emails = [f"r{i}.{uuid.uuid4().hex[:6]}@example.edu" for i in range(500)]
    with Bystander(lambda: student.get("/sessions")) as bystander:
        started = time.perf_counter()
        response = teacher.post(f"/sections/{section['id']}/enrollments", json={"emails": emails,
                                                                               "create_missing": True}, timeout=120)
        took = time.perf_counter() - started
    created = len(response.json().get("created", []))
    print(f"roster of 500 new addresses: {response.status_code}, {created} created in {took:.2f}s; another user's "
          f"median {bystander.median * 1000:.0f} ms, worst {bystander.worst * 1000:.0f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", choices=("sqlite", "postgres"), default="sqlite")
    parser.add_argument("--flood", type=int, default=60)
    parser.add_argument("--slots", default="0", help="VC_PASSWORD_HASH_SLOTS (0: sized to the machine)")
    args = parser.parse_args()
    postgres = start_postgres() if args.db == "postgres" else None
    url = postgres.create_database() if postgres else f"sqlite:///{tempfile.mkdtemp(prefix='vc-abuse-')}/abuse.db"
    api = start_api(url, extra_env={"VC_PASSWORD_HASH_SLOTS": args.slots, "VC_PASSWORD_HASH_QUEUE": "1000",
                                    "VC_MESSAGES_PER_MINUTE": "1000"})
    try:
        with api.client("student1@example.com") as student, api.client("admin@example.com") as admin, \
                api.client("teacher@example.com") as teacher, api.client("student2@example.com") as other:
            student.get("/sessions")
            flood(api, student, args.flood)
            body(api, student)
            pdfs(api, admin, other)
            roster(api, teacher, student)
    finally:
        api.stop()
        if postgres is not None:
            postgres.stop()


if __name__ == "__main__":
    main()
