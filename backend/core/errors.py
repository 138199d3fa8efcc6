"""Domain errors raised by services; one handler in main.py turns each into a status and a readable message."""

from __future__ import annotations


class DomainError(Exception):
    status_code = 400
    code = "bad_request"

    def __init__(self, detail: str, *, headers: dict[str, str] | None = None) -> None:
        super().__init__(detail)
        self.detail = detail
        self.headers = headers or {}


class NotFound(DomainError):
    status_code = 404
    code = "not_found"


class Forbidden(DomainError):
    status_code = 403
    code = "forbidden"


class Unauthorized(DomainError):
    status_code = 401
    code = "unauthorized"

    def __init__(self, detail: str) -> None:
        super().__init__(detail, headers={"WWW-Authenticate": "Bearer"})


class Conflict(DomainError):
    status_code = 409
    code = "conflict"


class InvalidInput(DomainError):
    status_code = 422
    code = "invalid_input"


class RateLimited(DomainError):
    status_code = 429
    code = "rate_limited"

    def __init__(self, detail: str, *, retry_after_s: float) -> None:
        seconds = max(1, int(retry_after_s + 0.999))
        super().__init__(detail, headers={"Retry-After": str(seconds)})
        self.retry_after_s = seconds


class BudgetExceeded(RateLimited):
    code = "budget_exceeded"



class ServerBusy(DomainError):
    """The process is at a bound it keeps on purpose (password hashing, exports): come back shortly."""

    status_code = 503
    code = "server_busy"

    def __init__(self, detail: str, *, retry_after_s: float = 5) -> None:
        seconds = max(1, int(retry_after_s + 0.999))
        super().__init__(detail, headers={"Retry-After": str(seconds)})
        self.retry_after_s = seconds


class IdempotencyKeyReused(DomainError):
    status_code = 422
    code = "idempotency_key_reused"


class PasswordChangeRequired(Forbidden):
    code = "password_change_required"
