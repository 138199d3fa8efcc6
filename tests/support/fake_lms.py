"""A fake LMS speaking LTI 1.3 Advantage over real HTTP: its JWKS, the OIDC authorization endpoint (an
auto-posting form carrying a signed id_token), a token endpoint that checks the tool's JWT assertion, NRPS
membership pages linked by `Link: rel="next"`, AGS line items and scores, a course page with the tool's link, and
a deep-linking return that keeps what the tool sent. Tests queue launches and failures and read what arrived.

    with FakeLms() as lms:
        lms.tool_url = server.base_url
        response = lms.launch(http, lms.learner("s-1"), resource_link="rl-1", custom={"assignment_id": "7"})
"""

from __future__ import annotations

import json
import threading
import time
import uuid
from collections import deque
from dataclasses import dataclass, field
from html import escape
from html.parser import HTMLParser
from typing import Any
from urllib.parse import urlencode

import anyio
import httpx
import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import Route

from tests.support.fake_http import FakeHttpServer

LTI = "https://purl.imsglobal.org/spec/lti/claim/"
ROLE = "http://purl.imsglobal.org/vocab/lis/v2/membership#"
NRPS_CLAIM = "https://purl.imsglobal.org/spec/lti-nrps/claim/namesroleservice"
AGS_CLAIM = "https://purl.imsglobal.org/spec/lti-ags/claim/endpoint"
DL_SETTINGS = "https://purl.imsglobal.org/spec/lti-dl/claim/deep_linking_settings"
ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"


def _rsa_pem() -> tuple[Any, str]:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                            serialization.NoEncryption()).decode()
    return key, pem


@dataclass
class Member:
    sub: str
    name: str
    email: str
    roles: list[str]
    status: str = "Active"

    def nrps(self) -> dict[str, Any]:
        return {"user_id": self.sub, "name": self.name, "email": self.email, "roles": self.roles,
                "status": self.status}


@dataclass
class LmsState:
    """What the LMS holds: its keys, queued launches, the course roster, line items, scores and failures."""

    client_id: str = "vc-tool-client"
    deployment_id: str = "deployment-1"
    context_id: str = "course-101"
    context_title: str = "SWK 610 — Advanced Interviewing"
    page_size: int = 2
    stopping: bool = False
    lock: threading.Lock = field(default_factory=threading.Lock)
    launches: dict[str, dict[str, Any]] = field(default_factory=dict)
    members: list[Member] = field(default_factory=list)
    line_items: dict[str, dict[str, Any]] = field(default_factory=dict)
    scores: list[dict[str, Any]] = field(default_factory=list)
    score_failures: deque[int] = field(default_factory=deque)  # statuses the next score posts answer with
    roster_failures: deque[int] = field(default_factory=deque)  # ...and the next membership pages
    token_requests: list[dict[str, Any]] = field(default_factory=list)
    deep_link_returns: list[str] = field(default_factory=list)
    base_url: str = ""
    tool_url: str = ""

    def __post_init__(self) -> None:
        self.key, self.pem = _rsa_pem()
        self.kid = "lms-key-" + uuid.uuid4().hex[:6]
        self.rogue_key, self.rogue_pem = _rsa_pem()  # signs with our kid, but is not in our JWKS: a forgery

    def jwks(self) -> dict[str, Any]:
        public = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(self.key.public_key()))
        public.update({"kid": self.kid, "alg": "RS256", "use": "sig"})
        return {"keys": [public]}


class _Form(HTMLParser):
    """The action and hidden inputs of an auto-posting form."""

    def __init__(self) -> None:
        super().__init__()
        self.action = ""
        self.fields: dict[str, str] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        if tag == "form":
            self.action = values.get("action", "")
        elif tag == "input" and "name" in values:
            self.fields[values["name"]] = values.get("value", "")


def read_form(html: str) -> tuple[str, dict[str, str]]:
    parser = _Form()
    parser.feed(html)
    return parser.action, parser.fields


def _auto_post(action: str, fields: dict[str, str]) -> HTMLResponse:
    inputs = "".join(f'<input type="hidden" name="{escape(k)}" value="{escape(v)}">' for k, v in fields.items())
    return HTMLResponse(f'<!doctype html><html><body><form id="f" method="post" action="{escape(action)}">{inputs}'
                        '<button type="submit">Continue</button></form>'
                        '<script>document.getElementById("f").submit()</script></body></html>')


def build_app(state: LmsState) -> Starlette:
    def url(path: str) -> str:
        return state.base_url + path

    async def jwks(request: Request) -> Response:
        return JSONResponse(state.jwks())

    async def authorize(request: Request) -> Response:
        """The OIDC authorization endpoint: checks the tool's request and posts a signed id_token back."""
        params = dict(request.query_params) if request.method == "GET" else dict(await request.form())
        wanted = {"scope": "openid", "response_type": "id_token", "response_mode": "form_post", "prompt": "none"}
        wrong = [k for k, v in wanted.items() if params.get(k) != v]
        if wrong or params.get("client_id") != state.client_id or not params.get("nonce"):
            return JSONResponse({"error": "invalid_request", "wrong": wrong}, 400)
        with state.lock:
            launch = state.launches.get(params.get("lti_message_hint", ""))
        if launch is None:
            return JSONResponse({"error": "unknown lti_message_hint"}, 400)
        now = int(time.time())
        claims = {"iss": state.base_url, "aud": state.client_id, "sub": launch["sub"], "iat": now, "exp": now + 300,
                  "nonce": params["nonce"], LTI + "deployment_id": state.deployment_id, LTI + "version": "1.3.0",
                  LTI + "target_link_uri": state.tool_url + "/lti/launch", **launch["claims"]}
        claims.update(launch.get("override", {}))
        for name in launch.get("remove", ()):
            claims.pop(name, None)
        pem = state.rogue_pem if launch.get("forge") else state.pem
        token = jwt.encode(claims, pem, algorithm="RS256", headers={"kid": state.kid})
        state_value = launch.get("state", params.get("state", ""))
        return _auto_post(params["redirect_uri"], {"id_token": token, "state": state_value})

    async def token(request: Request) -> Response:
        """Client credentials with the tool's signed JWT assertion, checked against the tool's JWKS."""
        form = dict(await request.form())
        record = {"scope": form.get("scope", ""), "ok": False}
        with state.lock:
            state.token_requests.append(record)
        if form.get("grant_type") != "client_credentials" or form.get("client_assertion_type") != ASSERTION_TYPE:
            return JSONResponse({"error": "unsupported_grant_type"}, 400)
        try:
            client = jwt.PyJWKClient(state.tool_url + "/lti/jwks")
            key = await anyio.to_thread.run_sync(client.get_signing_key_from_jwt, form.get("client_assertion", ""))
            claims = jwt.decode(form["client_assertion"], key, algorithms=["RS256"], audience=url("/token"),
                                issuer=state.client_id, options={"require": ["exp", "iat", "jti", "sub"]})
        except (jwt.PyJWTError, KeyError) as exc:
            return JSONResponse({"error": "invalid_client", "error_description": str(exc)}, 401)
        if claims["sub"] != state.client_id:
            return JSONResponse({"error": "invalid_client"}, 401)
        record["ok"] = True
        return JSONResponse({"access_token": "lms-token-" + uuid.uuid4().hex, "token_type": "Bearer",
                             "expires_in": 3600, "scope": form.get("scope", "")})

    def authorized(request: Request) -> bool:
        return request.headers.get("authorization", "").startswith("Bearer lms-token-")

    async def memberships(request: Request) -> Response:
        if not authorized(request):
            return JSONResponse({"error": "unauthorized"}, 401)
        with state.lock:
            failure = state.roster_failures.popleft() if state.roster_failures else None
        if failure == 200:  # a proxy's maintenance page where the membership container should be
            return Response("<html><body>Down for maintenance</body></html>", 200, media_type="text/html")
        if failure is not None:
            return JSONResponse({"error": "unavailable"}, failure)
        page = int(request.query_params.get("page", "1"))
        with state.lock:
            everyone = [m.nrps() for m in state.members]
        start = (page - 1) * state.page_size
        body = {"id": request.url.path, "context": {"id": state.context_id, "title": state.context_title},
                "members": everyone[start:start + state.page_size]}
        headers = {"Content-Type": "application/vnd.ims.lti-nrps.v2.membershipcontainer+json"}
        if start + state.page_size < len(everyone):
            headers["Link"] = f'<{url(request.url.path)}?page={page + 1}>; rel="next"'
        return Response(json.dumps(body), headers=headers)

    async def lineitems(request: Request) -> Response:
        if not authorized(request):
            return JSONResponse({"error": "unauthorized"}, 401)
        if request.method == "GET":
            with state.lock:
                return JSONResponse(list(state.line_items.values()))
        body = await request.json()
        item_id = url(f"/courses/{state.context_id}/lineitems/{len(state.line_items) + 1}")
        item = {**body, "id": item_id}
        with state.lock:
            state.line_items[item_id] = item
        return JSONResponse(item, 201, media_type="application/vnd.ims.lis.v2.lineitem+json")

    async def scores(request: Request) -> Response:
        if not authorized(request):
            return JSONResponse({"error": "unauthorized"}, 401)
        if request.headers.get("content-type", "").split(";")[0] != "application/vnd.ims.lis.v1.score+json":
            return JSONResponse({"error": "wrong content type"}, 415)
        with state.lock:
            failure = state.score_failures.popleft() if state.score_failures else None
        if failure is not None:
            return JSONResponse({"error": "unavailable"}, failure)
        item_id = url(request.url.path.removesuffix("/scores"))
        with state.lock:
            state.scores.append({"lineitem": item_id, **await request.json()})
        return Response(status_code=200)

    async def course_page(request: Request) -> Response:
        """The course page a learner sees: the tool's link starts the OIDC login (third-party initiated)."""
        hint = request.query_params.get("launch", "")
        fields = {"iss": state.base_url, "login_hint": hint, "target_link_uri": state.tool_url + "/lti/launch",
                  "lti_message_hint": hint, "client_id": state.client_id, "lti_deployment_id": state.deployment_id}
        return HTMLResponse(f"<!doctype html><html><body><h1>{escape(state.context_title)}</h1>"
                            f"<a id='tool' href='{escape(state.tool_url)}/lti/login?{escape(urlencode(fields))}'>"
                            "Practice interview (Virtual Client)</a></body></html>")

    async def deep_link_return(request: Request) -> Response:
        form = dict(await request.form())
        with state.lock:
            state.deep_link_returns.append(str(form.get("JWT", "")))
        return HTMLResponse("<p>Content added.</p>")

    return Starlette(routes=[
        Route("/.well-known/jwks.json", jwks),
        Route("/auth", authorize, methods=["GET", "POST"]),
        Route("/token", token, methods=["POST"]),
        Route("/courses/{context}/memberships", memberships),
        Route("/courses/{context}/lineitems", lineitems, methods=["GET", "POST"]),
        Route("/courses/{context}/lineitems/{item}/scores", scores, methods=["POST"]),
        Route("/courses/{context}/page", course_page),
        Route("/deep-link-return", deep_link_return, methods=["POST"]),
    ])


class FakeLms(FakeHttpServer[Any]):
    """The fake LMS on 127.0.0.1; `tool_url` must be set to the tool's base URL before launching."""

    def __init__(self, **config: Any) -> None:
        super().__init__(LmsState(**config), build_app)  # type: ignore[arg-type]
        self.lms: LmsState = self.state  # type: ignore[assignment]

    def start(self) -> str:
        base = super().start()
        self.lms.base_url = base
        return base

    @property
    def tool_url(self) -> str:
        return self.lms.tool_url

    @tool_url.setter
    def tool_url(self, value: str) -> None:
        self.lms.tool_url = value.rstrip("/")

    def registration(self, name: str = "Fake LMS") -> dict[str, Any]:
        """The body an admin posts to /api/v1/lti/platforms for this LMS."""
        return {"name": name, "issuer": self.base_url, "client_id": self.lms.client_id,
                "deployment_ids": [self.lms.deployment_id], "auth_login_url": self.base_url + "/auth",
                "auth_token_url": self.base_url + "/token", "keyset_url": self.base_url + "/.well-known/jwks.json"}

    # ---- launches -------------------------------------------------------------------------------------------
    def course_claims(self, *, context_id: str | None = None, title: str | None = None) -> dict[str, Any]:
        context = context_id or self.lms.context_id
        return {
            LTI + "context": {"id": context, "label": "SWK 610", "title": title or self.lms.context_title},
            NRPS_CLAIM: {"context_memberships_url": f"{self.base_url}/courses/{context}/memberships",
                         "service_versions": ["2.0"]},
            AGS_CLAIM: {"scope": ["https://purl.imsglobal.org/spec/lti-ags/scope/lineitem",
                                  "https://purl.imsglobal.org/spec/lti-ags/scope/score"],
                        "lineitems": f"{self.base_url}/courses/{context}/lineitems"},
        }

    def queue_launch(self, sub: str, role: str, *, resource_link: str | None = "link-1",
                     custom: dict[str, str] | None = None, message_type: str = "LtiResourceLinkRequest",
                     name: str = "Lee Learner", email: str | None = None, override: dict[str, Any] | None = None,
                     remove: tuple[str, ...] = (), forge: bool = False, state: str | None = None,
                     context: dict[str, Any] | None = None) -> str:
        """Queue what the next login with the returned hint launches; override/remove/forge/state tamper with it."""
        claims: dict[str, Any] = {LTI + "message_type": message_type, LTI + "roles": [ROLE + role],
                                  "name": name, "email": email or f"{sub}@lms.example.edu",
                                  **(context if context is not None else self.course_claims())}
        if resource_link:
            claims[LTI + "resource_link"] = {"id": resource_link, "title": "Practice interview"}
        if custom:
            claims[LTI + "custom"] = custom
        if message_type == "LtiDeepLinkingRequest":
            claims.pop(LTI + "resource_link", None)
            claims[DL_SETTINGS] = {"deep_link_return_url": self.base_url + "/deep-link-return",
                                   "accept_types": ["ltiResourceLink"], "accept_presentation_document_targets":
                                   ["iframe", "window"], "data": "opaque-" + sub}
        hint = "launch-" + uuid.uuid4().hex[:10]
        launch: dict[str, Any] = {"sub": sub, "claims": claims, "override": override or {}, "remove": remove,
                                  "forge": forge}
        if state is not None:
            launch["state"] = state
        with self.lms.lock:
            self.lms.launches[hint] = launch
        return hint

    def login_params(self, hint: str) -> dict[str, str]:
        return {"iss": self.base_url, "login_hint": hint, "target_link_uri": self.tool_url + "/lti/launch",
                "lti_message_hint": hint, "client_id": self.lms.client_id,
                "lti_deployment_id": self.lms.deployment_id}

    def authorize(self, http: httpx.Client, hint: str) -> tuple[str, dict[str, str]]:
        """Steps 1-2 as a browser does them: the tool's login redirect, then the LMS's auto-posting form."""
        started = http.get(self.tool_url + "/lti/login", params=self.login_params(hint), follow_redirects=False)
        assert started.status_code == 302, started.text
        answered = http.get(started.headers["location"])
        assert answered.status_code == 200, answered.text
        return read_form(answered.text)

    def launch(self, http: httpx.Client, hint: str) -> httpx.Response:
        """The whole launch; returns the tool's answer to the form post (a 303 into an app, or a refusal)."""
        action, fields = self.authorize(http, hint)
        return http.post(action, data=fields, follow_redirects=False)

    # ---- services ---------------------------------------------------------------------------------------------
    def set_members(self, *members: Member) -> None:
        with self.lms.lock:
            self.lms.members = list(members)

    def fail_next_scores(self, *statuses: int) -> None:
        with self.lms.lock:
            self.lms.score_failures.extend(statuses)

    def fail_next_roster_pages(self, *statuses: int) -> None:
        """Error statuses for the next roster pages; 200 answers an HTML page instead of the membership JSON."""
        with self.lms.lock:
            self.lms.roster_failures.extend(statuses)

    @property
    def scores(self) -> list[dict[str, Any]]:
        with self.lms.lock:
            return list(self.lms.scores)

    @property
    def line_items(self) -> list[dict[str, Any]]:
        with self.lms.lock:
            return list(self.lms.line_items.values())

    @property
    def deep_link_returns(self) -> list[str]:
        with self.lms.lock:
            return list(self.lms.deep_link_returns)

    def verify(self, token: str) -> dict[str, Any]:
        """A JWT the tool sent (a deep-linking response), checked as an LMS does: against the tool's JWKS."""
        key = jwt.PyJWKClient(self.tool_url + "/lti/jwks").get_signing_key_from_jwt(token)
        return jwt.decode(token, key, algorithms=["RS256"], audience=self.base_url, issuer=self.lms.client_id)
