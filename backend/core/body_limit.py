"""Refuse oversized request bodies early, in the API's JSON error shape, before anything reads them."""

from __future__ import annotations

import json

from starlette.types import ASGIApp, Receive, Scope, Send


class BodySizeLimit:
    """Checks Content-Length; FastAPI's own `max_body_size` still guards bodies sent without one."""

    def __init__(self, app: ASGIApp, *, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            length = dict(scope["headers"]).get(b"content-length", b"0")
            if length.isdigit() and int(length) > self.max_bytes:
                body = json.dumps({
                    "error": "too_large",
                    "detail": f"The request body is larger than {self.max_bytes // 1000:,} KB. Send less text.",
                }).encode()
                await send({"type": "http.response.start", "status": 413,
                            "headers": [(b"content-type", b"application/json"),
                                        (b"content-length", str(len(body)).encode()), (b"connection", b"close")]})
                await send({"type": "http.response.body", "body": body})
                return
        await self.app(scope, receive, send)
