"""The limits an app shows before a request is refused (a message's length as the student types)."""

from backend.schemas.base import Schema


class PublicLimits(Schema):
    max_message_chars: int
    messages_per_minute: int
