"""A stored turn read back as the response the original send got: for a repeated Idempotency-Key."""

from __future__ import annotations

from typing import Any

from backend.models.message import MessageRole
from backend.schemas.session import MessageRead, TurnResponse
from backend.services.conversation.queries import session_read
from backend.services.conversation.turn_store.rows import student_message


def session_totals(found: dict[str, Any]) -> dict[str, Any]:
    """The session's columns in a `stored_turn` row (prefixed `session_` there)."""
    return {name.removeprefix("session_"): value for name, value in found.items() if name.startswith("session_")}


def stored_response(found: dict[str, Any], *, client_name: str, user_name: str, rating: float | None,
                    staff: bool) -> TurnResponse:
    """`found` is the store's `stored_turn` row: the student message, its reply and the session now."""
    message = student_message(message_id=found["id"], session_id=found["session_id"], sequence=found["sequence"],
                              content=found["content"], now=found["created_at"])
    reply = MessageRead(
        id=found["reply_id"], session_id=found["session_id"], sequence=found["reply_sequence"],
        role=MessageRole.assistant, content=found["reply_content"], input_tokens=found["input_tokens"],
        output_tokens=found["output_tokens"], cache_creation_tokens=found["cache_creation_tokens"],
        cache_read_tokens=found["cache_read_tokens"], cost_usd=found["reply_cost"], latency_ms=found["latency_ms"],
        is_fallback=bool(found["is_fallback"]), provider=found["provider"],
        usage_estimated=bool(found["usage_estimated"]), created_at=found["replied_at"],
        disclosure=found["reply_disclosure"] if staff else None,
    )
    session = session_read({**session_totals(found), "client_name": client_name, "user_display_name": user_name,
                            "feedback_rating": rating}, staff=staff)
    return TurnResponse(message=message, reply=reply, provider=found["provider"] or "", session=session)
