"""A student's pending invitation to another teacher's section: what they are asked to join, and by whom."""

from __future__ import annotations

from datetime import datetime

from backend.schemas.base import Schema


class InvitationRead(Schema):
    id: int
    section_id: int
    section_name: str
    course_code: str
    term: str
    teacher_name: str
    invited_at: datetime
