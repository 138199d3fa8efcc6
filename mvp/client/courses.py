"""The course endpoints of the API client: sections, enrollment, assignments, attempts, the grid and downloads."""

from __future__ import annotations

from typing import Any

from mvp.client.course_models import (
    Assignment,
    CourseUsage,
    EnrollmentResult,
    Invitation,
    RosterEntry,
    Section,
    SectionProgress,
)
from mvp.client.models import Session
from mvp.client.parsing import build
from mvp.client.transport import Transport


class CoursesApi:
    """Mixed into ApiClient, which provides `_request` (JSON, or bytes with `raw`)."""

    # Sections and their rosters
    def list_sections(self: Transport) -> list[Section]:
        return [Section.model_validate(item) for item in self._request("GET", "/sections")]

    def create_section(self: Transport, *, name: str, course_code: str = "", term: str = "",
                       description: str = "") -> Section:
        body = {"name": name, "course_code": course_code, "term": term, "description": description}
        return Section.model_validate(self._request("POST", "/sections", json_body=body))

    def update_section(self: Transport, section_id: int, changes: dict[str, Any]) -> Section:
        return Section.model_validate(self._request("PATCH", f"/sections/{section_id}", json_body=changes))

    def archive_section(self: Transport, section_id: int) -> None:
        self._request("DELETE", f"/sections/{section_id}")

    def enroll(self: Transport, section_id: int, emails: list[str], *, create_missing: bool) -> EnrollmentResult:
        body = {"emails": emails, "create_missing": create_missing}
        return EnrollmentResult.from_json(self._request("POST", f"/sections/{section_id}/enrollments",
                                                        json_body=body))

    def roster(self: Transport, section_id: int) -> list[RosterEntry]:
        return [RosterEntry.model_validate(item)
                for item in self._every_page(f"/sections/{section_id}/enrollments")]

    def remove_student(self: Transport, section_id: int, student_id: int) -> None:
        """Takes an enrolled student out, or withdraws a pending invitation."""
        self._request("DELETE", f"/sections/{section_id}/enrollments/{student_id}")

    def pending_invitations(self: Transport, section_id: int) -> list[RosterEntry]:
        """Students of another teacher invited to the section who have not accepted yet."""
        return [RosterEntry.model_validate(item)
                for item in self._every_page(f"/sections/{section_id}/invitations")]

    # A student's invitations to another teacher's sections
    def my_invitations(self: Transport) -> list[Invitation]:
        return [Invitation.model_validate(item) for item in self._request("GET", "/me/invitations")]

    def accept_invitation(self: Transport, invitation_id: int) -> Section:
        return Section.model_validate(self._request("POST", f"/me/invitations/{invitation_id}/accept"))

    def decline_invitation(self: Transport, invitation_id: int) -> None:
        self._request("POST", f"/me/invitations/{invitation_id}/decline")

    # Assignments
    def section_assignments(self: Transport, section_id: int) -> list[Assignment]:
        return [Assignment.from_json(item) for item in self._request("GET", f"/sections/{section_id}/assignments")]

    def create_assignment(self: Transport, section_id: int, body: dict[str, Any]) -> Assignment:
        return Assignment.from_json(self._request("POST", f"/sections/{section_id}/assignments", json_body=body))

    def update_assignment(self: Transport, assignment_id: int, changes: dict[str, Any]) -> Assignment:
        return Assignment.from_json(self._request("PATCH", f"/assignments/{assignment_id}", json_body=changes))

    def delete_assignment(self: Transport, assignment_id: int) -> None:
        self._request("DELETE", f"/assignments/{assignment_id}")

    def my_assignments(self: Transport) -> list[Assignment]:
        """A student's assignments across their sections, due soonest first, with where they stand."""
        return [Assignment.from_json(item) for item in self._request("GET", "/assignments")]

    def get_assignment(self: Transport, assignment_id: int) -> Assignment:
        return Assignment.from_json(self._request("GET", f"/assignments/{assignment_id}"))

    # Attempts
    def start_assignment(self: Transport, assignment_id: int) -> Session:
        return build(Session, self._request("POST", "/sessions", json_body={"assignment_id": assignment_id}))

    def submit_session(self: Transport, session_id: int) -> Session:
        return build(Session, self._request("POST", f"/sessions/{session_id}/submit"))

    # The grid and the downloads
    def section_progress(self: Transport, section_id: int) -> SectionProgress:
        return SectionProgress.from_json(self._request("GET", f"/sections/{section_id}/progress"))

    def gradebook_csv(self: Transport, section_id: int) -> bytes:
        return self._request("GET", f"/sections/{section_id}/gradebook.csv", raw=True)

    def transcripts_zip(self: Transport, section_id: int, *, file_format: str = "md", tz: str | None = None
                        ) -> bytes:
        return self._request("GET", f"/sections/{section_id}/transcripts.zip",
                             params={"format": file_format, "tz": tz}, raw=True)

    def transcript_file(self: Transport, session_id: int, *, file_format: str = "pdf", tz: str | None = None
                        ) -> bytes:
        return self._request("GET", f"/sessions/{session_id}/transcript",
                             params={"format": file_format, "tz": tz}, raw=True)

    # Admin
    def course_usage(self: Transport) -> CourseUsage:
        return CourseUsage.from_json(self._request("GET", "/admin/courses"))
