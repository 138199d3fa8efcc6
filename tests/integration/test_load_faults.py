"""Many students at once, with Claude failing and the database restarting: no 5xx, no lost or gapped message.

Sizes: VC_LOAD_STUDENTS (default 200) students, VC_LOAD_SECONDS (default 30; the issue's full run is 120) of
healthy load, VC_LOAD_FAULT_SECONDS (default 10) of load with the provider failing.
"""

from __future__ import annotations

import asyncio
import json
import os
import time
from collections import Counter
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from tests.support.api import PERSONA
from tests.support.fake_anthropic import FakeAnthropicServer
from tests.support.load import (
    LoadReport,
    Student,
    Turn,
    conversation_problems,
    drive,
    enroll,
    open_sessions,
    stored,
)
from tests.support.pg_control import ensure_running, start_cluster, stop_cluster
from tests.support.postgres import PostgresServer
from tests.support.server import ApiServer, query_db, start_api

LOAD_STUDENTS = int(os.environ.get("VC_LOAD_STUDENTS", "200"))
LOAD_SECONDS = float(os.environ.get("VC_LOAD_SECONDS", "30"))
FAULT_SECONDS = float(os.environ.get("VC_LOAD_FAULT_SECONDS", "10"))
LATENCY_S = 0.5  # the fake's time per reply, streamed over its deltas
LLM_TIMEOUT_S = 4.0  # a hanging call is cut here...
TURN_DEADLINE_S = 6.0  # ...and the whole provider call (VC_LLM_TURN_DEADLINE_SECONDS) here
BREAKER_FAILURES = 4
COOLDOWN_S = 2.0
OUTAGE_S = 3.0  # the provider fails every call this long before the ~30% failure mix
HANG_S = 60.0  # a hang the API did not cut would keep a student waiting this long
TURN_BOUND_S = 45.0  # what "no hang" means to the driver: every turn ends within this
DB_DOWN_S = 3.0


@pytest.fixture(scope="module")
def fake() -> Iterator[FakeAnthropicServer]:
    with FakeAnthropicServer(latency=LATENCY_S, chunks=5) as server:
        yield server


@pytest.fixture(scope="module")
def server(database_url: str, fake: FakeAnthropicServer) -> Iterator[ApiServer]:
    api = start_api(database_url, extra_env={
        "VC_LLM_PROVIDER": "anthropic", "ANTHROPIC_API_KEY": "sk-test-load-secret", "ANTHROPIC_BASE_URL":
        fake.base_url, "VC_LLM_TIMEOUT_SECONDS": str(LLM_TIMEOUT_S), "VC_LLM_MAX_RETRIES": "0",
        "VC_LLM_TURN_DEADLINE_SECONDS": str(TURN_DEADLINE_S), "VC_BREAKER_FAILURES": str(BREAKER_FAILURES),
        "VC_BREAKER_COOLDOWN_SECONDS": str(COOLDOWN_S), "VC_MESSAGES_PER_MINUTE": "100000",
        "VC_TOKENS_PER_DAY": "100000000", "VC_LLM_MAX_CONCURRENCY": "1024", "VC_LOGIN_ATTEMPTS": "100000",
    })
    yield api
    api.stop()


@pytest.fixture(scope="module")
def admin_token(server: ApiServer) -> str:
    return server.token("admin@example.com")


@pytest.fixture(scope="module")
def client_id(server: ApiServer) -> int:
    with server.client("student1@example.com") as demo:
        return demo.get("/clients").json()[0]["id"]


@pytest.fixture(scope="module")
def enrolled(server: ApiServer, admin_token: str, client_id: int) -> list[Student]:
    """LOAD_STUDENTS students for the load plus one more who probes the API on the side."""
    return asyncio.run(enroll(server.api, admin_token=admin_token, secret=server.env["SECRET_KEY"],
                              count=LOAD_STUDENTS + 1, client_id=client_id))


@pytest.fixture
def students(server: ApiServer, enrolled: list[Student], client_id: int) -> list[Student]:
    """The load's students, each in a new session: a test checks only the conversations it held."""
    return asyncio.run(open_sessions(server.api, enrolled[:-1], client_id=client_id))


@pytest.fixture
def probe(server: ApiServer, enrolled: list[Student], client_id: int) -> Student:
    return asyncio.run(open_sessions(server.api, enrolled[-1:], client_id=client_id))[0]


@pytest.fixture
def healthy(fake: FakeAnthropicServer) -> Iterator[FakeAnthropicServer]:
    fake.reset()
    yield fake
    fake.reset()


def assert_consistent(server: ApiServer, report: LoadReport, students: list[Student], *,
                      every_turn_answered: bool) -> None:
    problems = conversation_problems(server.database_url, report, [s.session_id for s in students],
                                     every_turn_answered=every_turn_answered)
    assert not problems, f"{len(problems)} problems ({report.summary()}):\n" + "\n".join(problems[:20])


async def watch_circuit(api: str, admin_token: str, stop: asyncio.Event, seen: list[str]) -> None:
    """Record the admin dashboard's circuit state every 0.2 s while the load runs."""
    async with httpx.AsyncClient(base_url=api, timeout=10,
                                 headers={"Authorization": f"Bearer {admin_token}"}) as client:
        while not stop.is_set():
            try:
                response = await client.get("/admin/health")
                if response.status_code == 200:
                    seen.append(response.json()["circuit_state"])
            except httpx.HTTPError:
                pass
            await asyncio.sleep(0.2)


def one_turn(server: ApiServer, student: Student, text: str) -> httpx.Response:
    return httpx.post(f"{server.api}/sessions/{student.session_id}/messages", json={"content": text},
                      headers=student.headers, timeout=TURN_BOUND_S)


class TestLoad:
    def test_every_student_talking_at_once_is_answered_and_every_word_is_stored(
        self, server: ApiServer, students: list[Student], healthy: FakeAnthropicServer
    ) -> None:
        report = asyncio.run(drive(server.api, students, seconds=LOAD_SECONDS, turn_bound_s=TURN_BOUND_S))
        print(f"healthy load, {len(students)} students: {report.summary()}")

        assert not report.server_errors, [t.describe() for t in report.server_errors[:10]]
        refused = [t for t in report.turns if t.status not in (200, 201)]
        assert sum(t.resent for t in report.turns) <= max(3, len(report.turns) // 200), report.summary()
        assert not refused, f"{report.summary()}: " + "; ".join(t.describe() for t in refused[:10])
        assert not report.unanswered, [t.describe() for t in report.unanswered[:10]]
        talked = Counter(t.student for t in report.accepted)
        assert len(talked) == len(students), "every student got at least one turn in"
        assert {t.streamed for t in report.accepted} == {True, False}
        real = [t for t in report.accepted if t.reply and not t.reply["is_fallback"]]
        assert len(real) >= 0.95 * len(report.accepted), f"a healthy provider answers: {report.summary()}"
        assert_consistent(server, report, students, every_turn_answered=True)


class TestProviderFaultsUnderLoad:
    def test_overloads_hangs_and_bad_bodies_still_get_a_reply_and_the_circuit_recovers(
        self, server: ApiServer, students: list[Student], probe: Student, admin_token: str,
        healthy: FakeAnthropicServer
    ) -> None:
        async def run() -> tuple[LoadReport, list[str]]:
            stop, seen = asyncio.Event(), []
            watcher = asyncio.create_task(watch_circuit(server.api, admin_token, stop, seen))
            healthy.set_default("overloaded")  # a full outage first, long enough for the dashboard to see it
            load = asyncio.create_task(drive(server.api, students, seconds=FAULT_SECONDS, turn_bound_s=TURN_BOUND_S))
            await asyncio.sleep(OUTAGE_S)
            healthy.set_default("ok", failure_rate=0.3, failure_kinds=["overloaded", "hang", "malformed"],
                                hang_seconds=HANG_S)
            report = await load
            stop.set()
            await watcher
            return report, seen

        report, circuit_seen = asyncio.run(run())
        print(f"provider faults, {len(students)} students: {report.summary()}; circuit {Counter(circuit_seen)}")
        injected = Counter(r["behavior"] for r in healthy.requests)
        healthy.set_default(failure_rate=0.0)
        time.sleep(COOLDOWN_S + 0.5)
        recovered = one_turn(server, probe, "Shall we pick up where we left off?")
        admin = {"Authorization": f"Bearer {admin_token}"}
        health = httpx.get(f"{server.api}/admin/health", headers=admin).json()
        refused_by_circuit = httpx.get(f"{server.api}/admin/errors", headers=admin,
                                       params={"kind": "circuit_open", "limit": 1000}).json()

        assert {"overloaded", "hang", "malformed"} <= set(injected), injected
        assert not report.server_errors, [t.describe() for t in report.server_errors[:10]]
        refused = [t for t in report.turns if t.status not in (200, 201)]
        assert sum(t.resent for t in report.turns) <= max(3, len(report.turns) // 200), report.summary()
        assert not refused, f"{report.summary()}: " + "; ".join(t.describe() for t in refused[:10])
        assert not report.unanswered, [t.describe() for t in report.unanswered[:10]]
        fallbacks = [t for t in report.accepted if t.reply and t.reply["is_fallback"]]
        assert fallbacks and len(fallbacks) < len(report.accepted), report.summary()
        slowest = max(t.seconds for t in report.turns)
        # The deadline bounds the provider call; the margin is for queueing on a busy 2-core machine.
        assert slowest < TURN_DEADLINE_S + 20 < HANG_S, f"a student waited {slowest:.1f}s: {report.summary()}"
        assert refused_by_circuit, "the circuit never opened"
        assert "open" in circuit_seen, f"the admin dashboard never showed it open: {Counter(circuit_seen)}"
        assert recovered.status_code == 201, recovered.text
        assert recovered.json()["reply"]["is_fallback"] is False
        assert health["circuit_state"] == "closed", health
        assert_consistent(server, report, students, every_turn_answered=True)


def clean_refusal(turn: Turn) -> bool:
    """A failure a student can read: 503 with the database explanation, or a stream's `error` event."""
    if turn.stream_error is not None:
        return bool(turn.stream_error.get("detail"))
    if turn.status != 503:
        return False
    try:
        body = json.loads(turn.detail)
    except ValueError:
        return False
    if isinstance(body, dict) and body.get("error") == "server_busy":  # every connection busy while it recovers
        return "try again" in body.get("detail", "")
    return (isinstance(body, dict) and body.get("error") == "database_unavailable"
            and "database" in body.get("detail", ""))


async def timed(call: Any) -> tuple[int | str, dict[str, Any], float, dict[str, str]]:
    """(status or the transport error, JSON body or {}, seconds, headers) of one request, whatever happens."""
    started = time.monotonic()
    try:
        response = await call
    except httpx.HTTPError as exc:
        return f"{type(exc).__name__} (no HTTP answer)", {}, time.monotonic() - started, {}
    try:
        body = response.json()
    except ValueError:
        body = {"text": response.text[:200]}
    return response.status_code, body, time.monotonic() - started, dict(response.headers)


class TestDatabaseRestart:
    def test_requests_fail_cleanly_while_the_database_server_restarts_and_the_same_process_recovers(
        self, server: ApiServer, students: list[Student], probe: Student, healthy: FakeAnthropicServer,
        database_url: str, postgres_server: PostgresServer | None
    ) -> None:
        if database_url.startswith("sqlite"):
            pytest.skip("SQLite is a file inside the API process: there is no database server to restart")
        if postgres_server is None or postgres_server.data_dir is None:
            pytest.skip("PostgreSQL comes from VC_TEST_POSTGRES_URL: not ours to restart")
        pid = server.process.pid

        async def run() -> dict[str, Any]:
            seen: dict[str, Any] = {}
            stop = asyncio.Event()
            load = asyncio.create_task(drive(server.api, students, seconds=120, stop=stop,
                                             turn_bound_s=TURN_BOUND_S, pause_after_failure_s=0.5))
            async with httpx.AsyncClient(base_url=server.api, timeout=TURN_BOUND_S, headers=probe.headers) as client:
                send = f"/sessions/{probe.session_id}/messages"
                try:
                    await asyncio.sleep(3)
                    seen["down_at"] = time.monotonic()
                    await asyncio.to_thread(stop_cluster, postgres_server)
                    started = time.monotonic()
                    seen["down_turn"] = await timed(client.post(send, json={"content": "Still there?"}))
                    seen["down_read"] = await timed(client.get("/sessions"))
                    seen["down_ready"] = await timed(client.get(server.base_url + "/health/ready"))
                    await asyncio.sleep(max(0.0, DB_DOWN_S - (time.monotonic() - started)))
                finally:
                    await asyncio.to_thread(start_cluster, postgres_server)
                back = time.monotonic()
                while time.monotonic() - back < 30:
                    status, body, _, _ = await timed(client.get(server.base_url + "/health/ready"))
                    if status == 200 and body["status"] == "ready":
                        break
                    await asyncio.sleep(0.2)
                seen["ready_after_s"], seen["back_at"] = time.monotonic() - back, time.monotonic()
                await asyncio.sleep(3)  # the students keep talking on the recovered database
                stop.set()
                seen["report"] = await load
                seen["after_turn"] = await timed(client.post(send, json={"content": "Where were we?"}))
            return seen

        try:
            seen = asyncio.run(run())
        finally:
            ensure_running(postgres_server)
        report: LoadReport = seen["report"]
        print(f"database restart, {len(students)} students: {report.summary()}")

        for name in ("down_turn", "down_read"):
            status, body, seconds, headers = seen[name]
            assert (status, body.get("error")) == (503, "database_unavailable"), f"{name}: {status} {body}"
            assert "database" in body["detail"] and headers.get("retry-after"), body
            assert seconds < 10, f"{name} took {seconds:.1f}s during the outage"
        status, body, _, _ = seen["down_ready"]
        assert status == 503 and body["status"] == "not_ready", body
        assert seen["ready_after_s"] < 30, "the API never saw the database come back"
        assert server.process.poll() is None and server.process.pid == pid
        assert seen["after_turn"][0] == 201, seen["after_turn"]

        unclean = [t for t in report.turns if t.reply is None and not clean_refusal(t)]
        kept = stored(server.database_url, unclean)
        assert not unclean, f"{report.summary()}: " + "; ".join(
            f"{t.describe()} (sent {t.started - seen['down_at']:+.1f}s from the stop, message "
            f"{'stored' if t.content in kept else 'not stored'})" for t in unclean[:10]) + (
            f"; the server logged: {sorted(set(server.unhandled_errors()))[:5]}")
        assert [t for t in report.turns if t.status == 503], "some students must have met the outage"
        assert [t for t in report.accepted if t.reply and t.started > seen["back_at"]], "turns resume after it"
        assert_consistent(server, report, students, every_turn_answered=False)


REFUSING_TRIGGER = """
CREATE FUNCTION vc_test_refuse_at_commit() RETURNS trigger LANGUAGE plpgsql AS
  $$ BEGIN RAISE EXCEPTION 'refused at commit (test trigger)'; END $$;
CREATE CONSTRAINT TRIGGER vc_test_refuse_at_commit AFTER INSERT ON clients
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW WHEN (NEW.name = 'Refused At Commit')
  EXECUTE FUNCTION vc_test_refuse_at_commit();
"""


class TestCommitBeforeConfirming:
    def test_the_api_never_confirms_a_write_that_its_commit_then_refuses(
        self, server: ApiServer, database_url: str
    ) -> None:
        """A deferred trigger makes PostgreSQL refuse the commit itself, as a lost connection or a serialization
        failure at COMMIT would: the teacher must not be told 201 for a client that was never stored."""
        if database_url.startswith("sqlite"):
            pytest.skip("SQLite has no commit-time (deferred) triggers to make a commit fail on purpose")
        query_db(database_url, REFUSING_TRIGGER)
        try:
            with server.client("teacher@example.com") as teacher:
                response = teacher.post("/clients", json={**PERSONA, "name": "Refused At Commit"})
        finally:
            query_db(database_url, "DROP TRIGGER vc_test_refuse_at_commit ON clients; "
                                   "DROP FUNCTION vc_test_refuse_at_commit()")
        stored = query_db(database_url, "SELECT count(*) FROM clients WHERE name = 'Refused At Commit'")
        assert int(stored[0][0]) == 0
        assert response.status_code != 201, f"told {response.status_code} {response.text[:120]} but nothing was stored"
        assert response.status_code == 503 and response.json()["error"] == "database_unavailable", response.text
