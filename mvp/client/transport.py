"""What the endpoint mix-ins (courses, feedback) need from ApiClient: its one way of making a request."""

from __future__ import annotations

from typing import Any, Protocol


class Transport(Protocol):
    """`timeout` is an httpx.Timeout (typed Any: only the API client itself imports httpx)."""

    base_url: str  # the server's root (the LTI tool's own endpoints live outside /api/v1)

    def _request(self, method: str, path: str, *, json_body: Any = None, params: dict[str, Any] | None = None,
                 signing_in: bool = False, headers: dict[str, str] | None = None,
                 timeout: Any = None, raw: bool = False) -> Any: ...

    def _every_page(self, path: str, params: dict[str, Any] | None = None, *, pages: int = 100) -> list[Any]: ...
