"""A refusal a person meets inside an LMS frame reads as a page, not JSON: for the tool's browser-facing routes,
a browser (Accept: text/html) gets the same status and detail as an HTML page; every other client gets the JSON."""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from html import escape
from typing import Any

from fastapi import Request, Response
from fastapi.responses import HTMLResponse
from fastapi.routing import APIRoute

from backend.core.errors import DomainError

_PAGE = ("<!doctype html><html lang='en'><head><meta charset='utf-8'><title>Virtual Client</title><style>"
         "body{{font-family:system-ui,sans-serif;max-width:36rem;margin:3rem auto;padding:0 1rem;color:#1f2933}}"
         "</style></head><body><h1>Virtual Client could not open</h1><p>{detail}</p>"
         "<p><small>Error: {code} ({status})</small></p></body></html>")


def _wants_html(request: Request) -> bool:
    return "text/html" in request.headers.get("accept", "")


class HtmlRefusalRoute(APIRoute):
    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def route(request: Request) -> Response:
            try:
                return await handler(request)
            except DomainError as exc:
                if not _wants_html(request):
                    raise
                audit = getattr(request.app.state, "audit", None)
                if audit is not None:  # counted like every refusal, for the admin's error log
                    audit.refused(status=exc.status_code, code=exc.code, method=request.method,
                                  route=self.path_format, address=request.client.host if request.client else "unknown")
                page = _PAGE.format(detail=escape(exc.detail), code=escape(exc.code), status=exc.status_code)
                return HTMLResponse(page, status_code=exc.status_code, headers=exc.headers)

        return route
