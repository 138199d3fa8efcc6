"""The one error shape every failure has, documented in the OpenAPI schema for each route."""

from backend.schemas.base import Schema


class ErrorResponse(Schema):
    error: str
    detail: str


ERROR_RESPONSES: dict[int | str, dict[str, object]] = {
    status: {"model": ErrorResponse, "description": description}
    for status, description in {
        400: "The request could not be read",
        401: "Not signed in, or the sign-in expired",
        403: "Signed in, but not allowed",
        404: "Not found (or not yours)",
        409: "Conflicts with the current state (e.g. the session has ended)",
        413: "The request body is too large",
        422: "Invalid input; `detail` says which field and why",
        429: "Too many requests or budget reached; see Retry-After",
        503: "The database is unreachable; try again shortly",
    }.items()
}
