"""The course reads (backend/schemas/section.py, assignment.py, progress.py, admin.py): sections and rosters from the
models generated from the API's schema, the rest still hand-written dataclasses."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from mvp.client.generated import models as api
from mvp.client.models import ClientCard
from mvp.client.parsing import build


class Section(api.SectionRead):
    """A teacher's class, read into the model generated from the API's schema, with how pickers name it."""

    @property
    def label(self) -> str:
        """'SWK 501 — Interviewing Skills · Fall 2026'."""
        return self.name + (f" · {self.term}" if self.term else "")


# Rosters and enrollment outcomes: the generated models themselves (scripts/generate_client.py).
RosterEntry = api.EnrollmentRead
EnrolledStudent = api.EnrolledStudent
CreatedAccount = api.CreatedAccount
InvalidEntry = api.InvalidEntry
Invitation = api.InvitationRead


class EnrollmentResult(api.EnrollmentResult):
    """What enrolling a batch did to each address."""

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> EnrollmentResult:
        return cls.model_validate(data)


@dataclass
class Assignment:
    """An assignment; for a student it also says where they stand (status and attempts), else those are None."""

    id: int
    section_id: int
    title: str
    client_id: int
    section_name: str = ""
    course_code: str = ""
    client: ClientCard | None = None
    instructions: str = ""
    opens_at: datetime | None = None
    due_at: datetime | None = None
    max_attempts: int | None = None
    min_turns: int = 1
    allow_late: bool = False
    is_published: bool = True
    rubric_id: int | None = None  # None: the default rubric
    feedback_release: str = "immediate"  # or "after_review"
    status: str | None = None
    attempts_used: int | None = None
    attempts_left: int | None = None
    active_session_id: int | None = None
    last_session_id: int | None = None
    submitted_session_id: int | None = None
    submitted_at: datetime | None = None
    late: bool | None = None
    start_refusal: str | None = None

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Assignment:
        made = build(cls, {key: value for key, value in data.items() if key != "client"})
        if isinstance(data.get("client"), dict):
            made.client = build(ClientCard, data["client"])
        return made


@dataclass
class ProgressCell:
    assignment_id: int
    status: str
    attempts: int = 0
    last_session_id: int | None = None
    submitted_session_id: int | None = None
    submitted_at: datetime | None = None
    late: bool = False
    student_turns: int = 0


@dataclass
class ProgressStudent:
    id: int
    display_name: str
    email: str
    cells: list[ProgressCell] = field(default_factory=list)


@dataclass
class SectionProgress:
    section: Section
    assignments: list[Assignment]
    students: list[ProgressStudent]

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> SectionProgress:
        return cls(section=Section.model_validate(data["section"]),
                   assignments=[Assignment.from_json(item) for item in data.get("assignments") or []],
                   students=[ProgressStudent(id=s["id"], display_name=s["display_name"], email=s["email"],
                                             cells=[build(ProgressCell, c) for c in s.get("cells") or []])
                             for s in data.get("students") or []])


@dataclass
class SectionUsage:
    section_id: int
    name: str
    course_code: str = ""
    term: str = ""
    teacher_name: str = ""
    students: int = 0
    assignments: int = 0
    sessions: int = 0
    submitted: int = 0
    cost_usd: float = 0.0


@dataclass
class CourseUsage:
    sections: int = 0
    enrollments: int = 0
    assignments: int = 0
    assignment_sessions: int = 0
    submitted_sessions: int = 0
    cost_usd: float = 0.0
    by_section: list[SectionUsage] = field(default_factory=list)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> CourseUsage:
        made = build(cls, {key: value for key, value in data.items() if key != "by_section"})
        made.by_section = [build(SectionUsage, item) for item in data.get("by_section") or []]
        return made
