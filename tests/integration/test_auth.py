"""Signing in, tokens, and who may create accounts."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import httpx
import jwt

from tests.support.server import ApiServer, query_db


class TestLogin:
    def test_demo_teacher_signs_in_and_gets_a_bearer_token(self, anonymous: httpx.Client) -> None:
        response = anonymous.post("/auth/login", json={"email": "Teacher@Example.com", "password": "teacher-demo-123"})
        assert response.status_code == 200
        body = response.json()
        assert body["token_type"] == "bearer"
        assert body["user"]["role"] == "teacher"
        assert body["user"]["email"] == "teacher@example.com"
        me = anonymous.get("/auth/me", headers={"Authorization": f"Bearer {body['access_token']}"})
        assert me.json()["email"] == "teacher@example.com"

    def test_wrong_password_is_refused_with_a_readable_message(self, anonymous: httpx.Client) -> None:
        response = anonymous.post("/auth/login", json={"email": "teacher@example.com", "password": "nope-nope"})
        assert response.status_code == 401
        assert "do not match" in response.json()["detail"]

    def test_repeated_failures_are_throttled_with_retry_after(self, server: ApiServer) -> None:
        with server.client() as client:
            statuses = [
                client.post("/auth/login", json={"email": "ghost@example.com", "password": f"bad-{i}"}).status_code
                for i in range(55)
            ]
            assert statuses[0] == 401
            assert statuses[-1] == 429
            refused = client.post("/auth/login", json={"email": "ghost@example.com", "password": "bad"})
            assert refused.status_code == 429
            assert int(refused.headers["Retry-After"]) >= 1
            assert "Too many failed sign-in attempts" in refused.json()["detail"]


class TestTokens:
    def test_routes_need_a_token(self, anonymous: httpx.Client) -> None:
        response = anonymous.get("/clients")
        assert response.status_code == 401
        assert "Sign in" in response.json()["detail"]

    def test_forged_token_is_refused(self, anonymous: httpx.Client) -> None:
        forged = jwt.encode({"sub": "1", "exp": datetime.now(UTC) + timedelta(hours=1)}, "not-the-key" * 4)
        response = anonymous.get("/auth/me", headers={"Authorization": f"Bearer {forged}"})
        assert response.status_code == 401

    def test_expired_token_is_refused(self, server: ApiServer, anonymous: httpx.Client) -> None:
        expired = jwt.encode({"sub": "1", "exp": datetime.now(UTC) - timedelta(minutes=1)},
                             server.env["SECRET_KEY"], algorithm="HS256")
        response = anonymous.get("/auth/me", headers={"Authorization": f"Bearer {expired}"})
        assert response.status_code == 401
        assert "expired" in response.json()["detail"]

    def test_health_needs_no_token_and_tells_the_public_only_whether_it_is_ready(
            self, server: ApiServer, admin: httpx.Client, student: httpx.Client) -> None:
        assert httpx.get(server.base_url + "/health").json() == {"status": "ok"}
        assert httpx.get(server.base_url + "/health/ready").json() == {"status": "ready"}
        as_student = httpx.get(server.base_url + "/health/ready", headers=student.headers).json()
        assert as_student == {"status": "ready"}
        ready = httpx.get(server.base_url + "/health/ready", headers=admin.headers).json()
        assert ready["status"] == "ready" and ready["database"] == "ok"
        assert ready["provider"] == "offline"


class TestAccounts:
    def test_teacher_creates_a_student_who_can_sign_in(self, server: ApiServer, teacher: httpx.Client) -> None:
        response = teacher.post("/users", json={"email": "New.Student@Example.com", "display_name": "New Student",
                                                "role": "student", "password": "a-long-password"})
        assert response.status_code == 201, response.text
        assert response.json()["email"] == "new.student@example.com"
        assert server.token("new.student@example.com", "a-long-password")

    def test_email_is_unique_case_insensitively(self, admin: httpx.Client) -> None:
        body = {"email": "dup@example.com", "display_name": "Dup", "role": "student", "password": "0123456789"}
        assert admin.post("/users", json=body).status_code == 201
        again = admin.post("/users", json={**body, "email": "DUP@example.com"})
        assert again.status_code == 409
        assert "already exists" in again.json()["detail"]

    def test_teacher_cannot_create_a_teacher(self, teacher: httpx.Client) -> None:
        response = teacher.post("/users", json={"email": "t2@example.com", "display_name": "T2", "role": "teacher",
                                                "password": "0123456789"})
        assert response.status_code == 403

    def test_passwords_are_never_returned_or_stored_in_clear(self, server: ApiServer, admin: httpx.Client) -> None:
        listing = admin.get("/users").text
        assert "password" not in listing
        hashes = [row[0] for row in query_db(server.database_url, "SELECT password_hash FROM users")]
        assert hashes and all(h.startswith("$argon2") for h in hashes)
        assert not any("demo-123" in h for h in hashes)
        # Demo sign-ins are printed at first start by design; passwords sent to the API never are.
        assert "a-long-password" not in server.log() and "matrix-pass" not in server.log()
