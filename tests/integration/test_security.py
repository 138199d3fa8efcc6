"""What an attacker or a careless log reader must not get: cross-origin access, lock-outs of others, sign-ins that
outlive an account, secrets in logs or the admin's error log, tokens in URLs, and a server felled by a big body."""

from __future__ import annotations

import base64
import json
import uuid
from collections.abc import Iterator

import httpx
import pytest

from backend.core.security import create_access_token
from tests.support.api import claude_env, read_sse
from tests.support.fake_anthropic import FakeAnthropicServer
from tests.support.server import ApiServer, query_db, start_api

API_KEY = "sk-ant-api03-SECURITYTESTKEY-0123456789abcdef"
LOGIN_ATTEMPTS = 3
APP_ORIGINS = ("http://localhost:8501", "http://localhost:8502", "http://localhost:8503")
EVIL_ORIGIN = "http://evil.example"


@pytest.fixture(scope="module")
def server(database_url: str, fake: FakeAnthropicServer) -> Iterator[ApiServer]:
    api = start_api(database_url, extra_env=claude_env(
        fake, API_KEY, VC_LLM_MAX_RETRIES="0", VC_LLM_TIMEOUT_SECONDS="2", VC_LLM_TURN_DEADLINE_SECONDS="3",
        VC_BREAKER_FAILURES="1000", VC_LOGIN_ATTEMPTS=str(LOGIN_ATTEMPTS),
    ))
    yield api
    api.stop()


def enrol(server: ApiServer, admin: httpx.Client, label: str, password: str = "student-pass-123") -> dict:
    email = f"{label}.{uuid.uuid4().hex[:8]}@example.com"
    response = admin.post("/users", json={"email": email, "display_name": label.title(), "role": "student",
                                          "password": password})
    assert response.status_code == 201, response.text
    return {**response.json(), "password": password}


def login(server: ApiServer, email: str, password: str) -> httpx.Response:
    return httpx.post(f"{server.api}/auth/login", json={"email": email, "password": password})


def me(server: ApiServer, token: str) -> httpx.Response:
    return httpx.get(f"{server.api}/auth/me", headers={"Authorization": f"Bearer {token}"})


class TestCors:
    @pytest.mark.parametrize("origin", APP_ORIGINS)
    def test_a_preflight_from_one_of_the_apps_is_allowed(self, server: ApiServer, origin: str) -> None:
        response = httpx.options(f"{server.api}/sessions", headers={
            "Origin": origin, "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "authorization,content-type",
        })
        assert response.status_code == 200
        assert response.headers["access-control-allow-origin"] == origin
        assert "POST" in response.headers["access-control-allow-methods"]
        assert "authorization" in response.headers["access-control-allow-headers"].lower()

    def test_a_preflight_from_another_site_is_refused(self, server: ApiServer) -> None:
        response = httpx.options(f"{server.api}/sessions", headers={
            "Origin": EVIL_ORIGIN, "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "authorization,content-type",
        })
        assert response.status_code >= 400
        assert "access-control-allow-origin" not in response.headers

    def test_a_response_read_by_another_site_carries_no_cors_permission(self, server: ApiServer) -> None:
        allowed = httpx.get(f"{server.api}/health", headers={"Origin": APP_ORIGINS[1]})
        foreign = httpx.get(f"{server.api}/health", headers={"Origin": EVIL_ORIGIN})
        assert allowed.headers.get("access-control-allow-origin") == APP_ORIGINS[1]
        assert "access-control-allow-origin" not in foreign.headers
        assert "access-control-allow-credentials" not in foreign.headers


class TestLoginThrottling:
    def test_a_throttled_email_does_not_lock_out_other_accounts_from_the_same_address(
        self, server: ApiServer, admin: httpx.Client
    ) -> None:
        target, bystander = enrol(server, admin, "target"), enrol(server, admin, "bystander")
        failures = [login(server, target["email"], "guess-number-x").status_code for _ in range(LOGIN_ATTEMPTS)]
        locked = login(server, target["email"], "one-more-guess")

        assert failures == [401] * LOGIN_ATTEMPTS and locked.status_code == 429
        assert login(server, bystander["email"], bystander["password"]).status_code == 200
        assert login(server, f"nobody.{uuid.uuid4().hex[:6]}@example.com", "wrong-password").status_code == 401
        upper = login(server, target["email"].upper(), "still-guessing")
        assert upper.status_code == 429, "a change of case does not get round the lock"


class TestTokens:
    def test_a_deactivated_accounts_token_stops_working_at_once(self, server: ApiServer, admin: httpx.Client) -> None:
        user = enrol(server, admin, "leaver")
        token = login(server, user["email"], user["password"]).json()["access_token"]
        assert me(server, token).status_code == 200
        query_db(server.database_url, f"UPDATE users SET is_active = FALSE WHERE id = {int(user['id'])}")

        refused = me(server, token)
        sessions = httpx.get(f"{server.api}/sessions", headers={"Authorization": f"Bearer {token}"})
        relogin = login(server, user["email"], user["password"])
        assert refused.status_code == 401 and sessions.status_code == 401
        assert refused.headers.get("www-authenticate") == "Bearer"
        assert relogin.status_code == 401 and "deactivated" in relogin.json()["detail"]

    def test_a_validly_signed_token_for_an_unknown_user_is_refused(self, server: ApiServer) -> None:
        token, _ = create_access_token(user_id=987654, role="admin", secret=server.env["SECRET_KEY"], minutes=5)
        response = me(server, token)
        assert response.status_code == 401
        assert httpx.get(f"{server.api}/admin/usage", headers={"Authorization": f"Bearer {token}"}).status_code == 401

    def test_the_role_comes_from_the_account_not_from_the_token(self, server: ApiServer, admin: httpx.Client) -> None:
        user = enrol(server, admin, "climber")
        token, _ = create_access_token(user_id=user["id"], role="admin", secret=server.env["SECRET_KEY"], minutes=5)
        assert httpx.get(f"{server.api}/admin/usage", headers={"Authorization": f"Bearer {token}"}).status_code == 403

    def test_an_unsigned_token_is_refused(self, server: ApiServer, student: httpx.Client) -> None:
        user_id = student.get("/auth/me").json()["id"]

        def part(data: dict) -> str:
            return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()

        unsigned = f"{part({'alg': 'none', 'typ': 'JWT'})}.{part({'sub': str(user_id), 'exp': 4102444800})}."
        assert me(server, unsigned).status_code == 401

    @pytest.mark.parametrize("name", ["access_token", "token", "authorization"])
    def test_a_token_in_the_query_string_is_not_accepted(self, server: ApiServer, name: str) -> None:
        token = server.token("student1@example.com")
        response = httpx.get(f"{server.api}/auth/me", params={name: token})
        assert response.status_code == 401


class TestSecretsStayOutOfLogs:
    def test_passwords_are_never_logged_even_when_sign_in_fails(self, server: ApiServer, admin: httpx.Client) -> None:
        secret = f"Pa55-{uuid.uuid4().hex}"
        user = enrol(server, admin, "logcheck", password=secret)
        answers = [
            login(server, user["email"], secret + "-typo"),  # wrong password
            login(server, f"ghost.{uuid.uuid4().hex[:6]}@example.com", secret),  # unknown account
            login(server, "x", secret),  # invalid email: a 422 that must not echo the password
            login(server, user["email"], secret * 20),  # too long
            httpx.post(f"{server.api}/auth/login", content=f'{{"email": "{user["email"]}", "password": "{secret}"',
                       headers={"Content-Type": "application/json"}),  # broken JSON
            admin.post("/users", json={"email": user["email"], "display_name": "Again", "role": "student",
                                       "password": secret}),  # duplicate account
        ]
        assert [a.status_code for a in answers] == [401, 401, 422, 422, 422, 409]
        assert all(secret not in a.text for a in answers)
        assert secret not in server.log()

    def test_the_api_key_and_bearer_tokens_stay_out_of_logs_and_the_error_log(
        self, server: ApiServer, admin: httpx.Client, fake: FakeAnthropicServer
    ) -> None:
        user = enrol(server, admin, "secrets")
        token = login(server, user["email"], user["password"]).json()["access_token"]
        headers = {"Authorization": f"Bearer {token}"}
        fake.reset()
        failures = ["auth_error", "bad_request", "server_error", "malformed", "overloaded", "rate_limited",
                    {"behavior": "hang", "hang_seconds": 10}]
        with httpx.Client(base_url=server.api, headers=headers, timeout=30) as student:
            client_id = student.get("/clients").json()[0]["id"]
            session_id = student.post("/sessions", json={"client_id": client_id}).json()["id"]
            replies = []
            for failure in failures:
                fake.script([failure])
                replies.append(student.post(f"/sessions/{session_id}/messages", json={"content": "Hello?"}).json())
            fake.script(["stream_error", "auth_error"])
            for _ in range(2):
                with student.stream("POST", f"/sessions/{session_id}/messages/stream",
                                    json={"content": "And now?"}) as response:
                    replies.append(read_sse(response)[-1][1])
        sent = fake.requests

        assert len(sent) == len(failures) + 2
        presented = [(r["headers"].get("x-api-key") or r["headers"].get("authorization", "")).removeprefix("Bearer ")
                     for r in sent]  # the fake keeps only a prefix of credentials
        assert all(p.startswith(API_KEY[:5]) for p in presented), f"the key really went to the provider: {presented}"
        assert all(r["reply"]["is_fallback"] for r in replies)
        visible = {
            "server log": server.log(),
            "error log": admin.get("/admin/errors", params={"limit": 1000}).text,
            "health": admin.get("/admin/health").text,
            "usage": admin.get("/admin/usage").text,
            "transcript": httpx.get(f"{server.api}/sessions/{session_id}/messages", headers=headers).text,
        }
        for where, text in visible.items():
            for secret in (API_KEY, API_KEY[12:], token, token.split(".")[2]):
                assert secret not in text, f"{secret[:16]}... leaked into the {where}"
        assert "auth" in {e["kind"] for e in json.loads(visible["error log"])}


class TestOversizedRequests:
    @pytest.mark.parametrize("caller,path,field", [
        (None, "/auth/login", "password"),
        ("student1@example.com", "/sessions/{session}/messages", "content"),
        ("teacher@example.com", "/clients", "background_story"),
    ])
    def test_a_5_mb_json_body_is_refused_with_a_4xx(self, server: ApiServer, caller: str | None, path: str,
                                                     field: str) -> None:
        headers = {"Content-Type": "application/json"}
        if caller:
            headers["Authorization"] = f"Bearer {server.token(caller)}"
        if "{session}" in path:
            client_id = httpx.get(f"{server.api}/clients", headers=headers).json()[0]["id"]
            session = httpx.post(f"{server.api}/sessions", headers=headers, json={"client_id": client_id}).json()
            path = path.format(session=session["id"])
        body = json.dumps({"email": "a@example.com", "name": "Big", field: "x" * 5_000_000})
        response = httpx.post(f"{server.api}{path}", content=body, headers=headers, timeout=60)
        assert 400 <= response.status_code < 500, response.text[:200]
        assert response.json()["detail"]
        assert httpx.get(f"{server.base_url}/health").status_code == 200

    def test_deeply_nested_json_is_refused_with_a_4xx(self, server: ApiServer) -> None:
        body = '{"email": ' + "[" * 100_000 + "]" * 100_000 + ', "password": "x"}'
        response = httpx.post(f"{server.api}/auth/login", content=body, headers={"Content-Type": "application/json"})
        assert 400 <= response.status_code < 500, response.text[:200]
