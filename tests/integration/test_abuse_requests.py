"""Requests built to hurt: a chunked body far over the limit, an Idempotency-Key reused for other words, and a
readiness probe asked for the provider's secrets. Each attack runs first (on 127.0.0.1), then the test checks
that it held."""

from __future__ import annotations

import base64
import time

import httpx

from tests.support.abuse import PeakMemory, api_pid, chunked_post, timed_median
from tests.support.api import open_session
from tests.support.server import ApiServer, start_api

NINETEEN_MB = 19 * 1024 * 1024


class TestStreamedBodies:
    def test_a_19_mb_chunked_login_is_refused_413_before_it_is_read_or_parsed(
            self, server: ApiServer, student: httpx.Client) -> None:
        with PeakMemory(api_pid(server)) as memory:
            started = time.perf_counter()
            status, body, sent = chunked_post(server.base_url, "/api/v1/auth/login", total_bytes=NINETEEN_MB)
            took = time.perf_counter() - started
        assert status == 413, body[:200]
        assert b'"too_large"' in body
        assert sent < NINETEEN_MB, "the server answered before the body was all sent"
        assert took < 5 and memory.grew_mib < 50, f"{took:.1f}s, +{memory.grew_mib:.0f} MiB"
        assert student.get("/auth/me").status_code == 200

    def test_three_at_once_do_not_freeze_other_users(self, server: ApiServer, student: httpx.Client) -> None:
        import threading

        answers: list[int] = []
        attackers = [threading.Thread(target=lambda: answers.append(chunked_post(
            server.base_url, "/api/v1/auth/login", total_bytes=NINETEEN_MB)[0])) for _ in range(3)]
        for attacker in attackers:
            attacker.start()
        median = timed_median(lambda: student.get("/auth/me"), times=10)
        for attacker in attackers:
            attacker.join(60)
        assert answers == [413, 413, 413]
        assert median < 0.5, f"/auth/me took {median:.2f}s while three bodies streamed in"

    def test_a_small_chunked_body_still_works(self, server: ApiServer) -> None:
        def body():  # type: ignore[no-untyped-def]
            yield b'{"email": "student1@example.com", '
            yield b'"password": "student-demo-123"}'

        response = httpx.post(f"{server.api}/auth/login", content=body(), headers={"Content-Type": "application/json"})
        assert response.status_code == 200, response.text


class TestIdempotencyKeys:
    def test_a_key_reused_with_other_words_is_refused_422(self, student: httpx.Client) -> None:
        session_id = open_session(student)
        first = student.post(f"/sessions/{session_id}/messages", json={"content": "I hear you're tired."},
                             headers={"Idempotency-Key": "key-one-abc"})
        again = student.post(f"/sessions/{session_id}/messages", json={"content": "I hear you're tired."},
                             headers={"Idempotency-Key": "key-one-abc"})
        other = student.post(f"/sessions/{session_id}/messages", json={"content": "Something else entirely."},
                             headers={"Idempotency-Key": "key-one-abc"})
        streamed = student.post(f"/sessions/{session_id}/messages/stream", json={"content": "And another thing."},
                                headers={"Idempotency-Key": "key-one-abc"})
        assert first.status_code == again.status_code == 201
        assert again.json()["message"]["id"] == first.json()["message"]["id"]
        assert (other.status_code, other.json()["error"]) == (422, "idempotency_key_reused")
        assert (streamed.status_code, streamed.json()["error"]) == (422, "idempotency_key_reused")
        contents = [m["content"] for m in student.get(f"/sessions/{session_id}/messages").json()]
        assert "Something else entirely." not in contents and "And another thing." not in contents


class TestReadiness:
    def test_the_public_probe_says_only_ready_and_admins_see_the_details(
            self, server: ApiServer, student: httpx.Client, admin: httpx.Client) -> None:
        public = httpx.get(f"{server.base_url}/health/ready")
        assert public.status_code == 200 and public.json() == {"status": "ready"}
        assert httpx.get(f"{server.api}/health/ready", headers=student.headers).json() == {"status": "ready"}
        assert httpx.get(f"{server.api}/health/ready", headers={"Authorization": "Bearer forged"}).json() == {
            "status": "ready"}
        details = httpx.get(f"{server.api}/health/ready", headers=admin.headers).json()
        assert {"provider", "model", "circuit_state", "latency_p50_ms"} <= set(details)


def test_a_student_cannot_open_sessions_in_a_burst(database_url: str) -> None:
    api = start_api(database_url, extra_env={"VC_SESSIONS_PER_MINUTE": "5"})
    try:
        with api.client("student1@example.com") as student:
            client_id = student.get("/clients").json()[0]["id"]
            statuses = [student.post("/sessions", json={"client_id": client_id}).status_code for _ in range(8)]
            assert statuses == [201] * 5 + [429] * 3
            with api.client("student2@example.com") as other:
                assert other.post("/sessions", json={"client_id": client_id}).status_code == 201
    finally:
        api.stop()


class TestPaging:
    def test_the_account_list_pages_with_a_cursor_and_refuses_a_forged_one(self, admin: httpx.Client) -> None:
        for i in range(5):
            admin.post("/users", json={"email": f"paged.{i}.{time.time_ns()}@example.com", "display_name": "Paged",
                                       "role": "student", "password": "student-pass-123"})
        everyone = [u["id"] for u in admin.get("/users").json()]
        seen: list[int] = []
        cursor = None
        for _ in range(len(everyone)):  # bounded: one page per account at most
            page = admin.get("/users", params={"limit": 2, **({"cursor": cursor} if cursor else {})})
            assert page.status_code == 200 and len(page.json()) <= 2
            seen += [u["id"] for u in page.json()]
            cursor = page.headers.get("x-next-cursor")
            if not cursor:
                break
        assert seen == everyone, "every account once, in the same order"
        for raw in (b"not-a-cursor", b'["student", "x", 99999999999999999999]', b'["student", "\\u0000", 1]',
                    b"[1, 2, 3]"):
            forged = admin.get("/users", params={"cursor": base64.urlsafe_b64encode(raw).decode()})
            assert forged.status_code == 422 and "cursor" in forged.json()["detail"], raw
        assert admin.get("/users", params={"limit": 5000}).status_code == 422
