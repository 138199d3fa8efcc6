"""The LTI tool's own endpoints, outside /api/v1: platforms and browsers reach them by redirects and form posts."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from backend.api.deps import DbDep, RuntimeDep
from backend.api.html_refusals import HtmlRefusalRoute
from backend.api.params import NO_NUL
from backend.services.lti import deep_linking, keys, launch, login, pages, tool_config

router = APIRouter(prefix="/lti", tags=["lti"], route_class=HtmlRefusalRoute)
Text = Annotated[str | None, Query(max_length=2000, pattern=NO_NUL)]
FormText = Annotated[str | None, Form(max_length=2000, pattern=NO_NUL)]
FOUND = {302: {"description": "To the platform's authorization URL"}}
SEE_OTHER = {303: {"description": "Into the app, signed in through a one-time lti_code (or to the picker)"}}
# Documented as HTML; errors stay JSON like everywhere else (a response_class would re-label them as HTML).
HTML: dict[int | str, dict[str, Any]] = {200: {"content": {"text/html": {"schema": {"type": "string"}}},
                                               "description": "An HTML page"}}


def tool_url(request: Request, runtime: RuntimeDep) -> str:
    return runtime.settings.public_url.rstrip("/") or str(request.base_url).rstrip("/")


def _address(request: Request) -> str:
    return request.client.host if request.client else "unknown"


async def _login(request: Request, runtime: RuntimeDep, db: DbDep, params: dict[str, str | None]) -> RedirectResponse:
    await runtime.limits.hit_lti_launch(_address(request))
    target = await login.begin(db, params={k: v for k, v in params.items() if v},
                               launch_url=tool_url(request, runtime) + "/lti/launch")
    return RedirectResponse(target, status_code=302)


@router.get("/login", response_class=RedirectResponse, status_code=302, responses=FOUND)
async def login_get(request: Request, runtime: RuntimeDep, db: DbDep, iss: Text = None, login_hint: Text = None,
                    target_link_uri: Text = None, lti_message_hint: Text = None, client_id: Text = None,
                    lti_deployment_id: Text = None) -> RedirectResponse:
    """OIDC third-party login initiation: a one-use state and nonce, then the platform's authorization URL."""
    return await _login(request, runtime, db, {
        "iss": iss, "login_hint": login_hint, "target_link_uri": target_link_uri, "client_id": client_id,
        "lti_message_hint": lti_message_hint, "lti_deployment_id": lti_deployment_id})


@router.post("/login", response_class=RedirectResponse, status_code=302, responses=FOUND)
async def login_post(request: Request, runtime: RuntimeDep, db: DbDep, iss: FormText = None,
                     login_hint: FormText = None, target_link_uri: FormText = None, lti_message_hint: FormText = None,
                     client_id: FormText = None, lti_deployment_id: FormText = None) -> RedirectResponse:
    """The same login initiation, as a form post."""
    return await _login(request, runtime, db, {
        "iss": iss, "login_hint": login_hint, "target_link_uri": target_link_uri, "client_id": client_id,
        "lti_message_hint": lti_message_hint, "lti_deployment_id": lti_deployment_id})


@router.post("/launch", response_class=RedirectResponse, status_code=303, responses=SEE_OTHER)
async def launch_post(request: Request, runtime: RuntimeDep, db: DbDep,
                      id_token: Annotated[str, Form(min_length=1, max_length=100_000)],
                      state: Annotated[str, Form(min_length=1, max_length=200, pattern=NO_NUL)]) -> RedirectResponse:
    """The platform's form post: verified, then the browser goes into the right app, already signed in."""
    await runtime.limits.hit_lti_launch(_address(request))
    outcome = await launch.launch(db, runtime.lti.platform_keys, settings=runtime.settings, id_token=id_token,
                                  state=state, tool_url=tool_url(request, runtime))
    return RedirectResponse(outcome.redirect_url, status_code=303)


@router.get("/jwks")
async def jwks(db: DbDep) -> dict[str, Any]:
    """The tool's public keys (RS256, with kids); a rotated-out key stays here for a week."""
    return await keys.published(db)


@router.get("/config")
async def config(request: Request, runtime: RuntimeDep,
                 format: Annotated[Literal["generic", "canvas"], Query()] = "generic") -> dict[str, Any]:
    """What a platform admin needs: the generic URLs and scopes, or Canvas's developer-key JSON."""
    base = tool_url(request, runtime)
    return tool_config.canvas(base) if format == "canvas" else tool_config.urls(base)


@router.get("/deep-link", responses=HTML)
async def deep_link_picker(db: DbDep, ticket: Annotated[str, Query(min_length=1, max_length=200, pattern=NO_NUL)]
                           ) -> HTMLResponse:
    """The instructor's picker: an assignment of the course, or a new one from a client."""
    given, clients = await deep_linking.picker(db, ticket=ticket)
    return HTMLResponse(pages.picker(ticket=ticket, assignments=given, clients=clients))


@router.post("/deep-link", responses=HTML)
async def deep_link_choose(request: Request, runtime: RuntimeDep, db: DbDep,
                           ticket: Annotated[str, Form(min_length=1, max_length=200, pattern=NO_NUL)],
                           assignment_id: Annotated[str | None, Form(max_length=20)] = None,
                           client_id: Annotated[int | None, Form(ge=1, le=2**31 - 1)] = None,
                           title: Annotated[str, Form(max_length=200, pattern=NO_NUL)] = "") -> HTMLResponse:
    """Signs the LtiDeepLinkingResponse and posts it back to the platform."""
    return_url, jwt_text = await deep_linking.respond(
        db, ticket=ticket, choice=assignment_id, client_id=client_id, title=title.strip(),
        launch_url=tool_url(request, runtime) + "/lti/launch")
    return HTMLResponse(pages.auto_post(return_url, {"JWT": jwt_text}))
