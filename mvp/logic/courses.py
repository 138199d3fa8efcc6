"""Plain course logic for the apps: emails from a paste or a CSV, status words and colours, times in a zone."""

from __future__ import annotations

import csv
import io
import re
from datetime import UTC, date, datetime, time, tzinfo

from mvp.client.course_models import Assignment, SectionProgress

STATUS_LABELS = {
    "not_open": "Not open yet", "not_started": "Not started", "in_progress": "In progress",
    "submitted": "Submitted", "late": "Submitted late", "missed": "Missed",
}
# st.badge colours, and the grid's cell colours (light enough to read dark text on).
STATUS_BADGES = {"not_open": "gray", "not_started": "blue", "in_progress": "orange", "submitted": "green",
                 "late": "violet", "missed": "red"}
STATUS_FILLS = {"not_open": "#eceff1", "not_started": "#e3f2fd", "in_progress": "#fff3e0", "submitted": "#c8e6c9",
                "late": "#e1bee7", "missed": "#ffcdd2"}
EMAIL = re.compile(r"[^\s,;<>\"']+@[^\s,;<>\"']+")


MAX_ENROLL_BATCH = 500  # the most addresses the API enrolls in one request (MAX_BATCH in backend/schemas/section.py)


class RosterError(ValueError):
    """An uploaded roster that cannot be read as CSV; the message says why in the teacher's words."""


def emails_from(text: str, csv_bytes: bytes | None = None) -> list[str]:
    """Every address in pasted text (one per line, or separated by commas or semicolons, 'Name <a@b>' too) and in
    an uploaded CSV (any column, 'Name <a@b>' cells too: a roster exported from an LMS works as it is), without
    repeats. A cell starting with '#' is a comment. Raises RosterError for a file csv cannot read."""
    found = EMAIL.findall(text or "")
    if csv_bytes:
        try:
            for row in csv.reader(io.StringIO(csv_bytes.decode("utf-8-sig", errors="replace"))):
                for cell in row:
                    if not cell.strip().startswith("#"):
                        found += EMAIL.findall(cell)
        except csv.Error as error:
            raise RosterError(f"The uploaded file could not be read as a CSV roster ({error}). Export the roster "
                              "again as CSV, or paste the addresses instead.") from error
    unique: dict[str, str] = {}
    for email in found:
        unique.setdefault(email.lower(), email)
    return list(unique.values())


_PASTE_SEPARATORS = re.compile(r"[\n,;]+")
NOT_AN_ADDRESS = "not an email address (nothing was sent for it)"


def pasted_non_addresses(text: str) -> list[str]:
    """The pieces of a pasted list (one per line, or between commas and semicolons) that hold no address, such as
    'not-an-email': reported beside the enrollment, as a CSV's are, instead of dropped without a word."""
    pieces = (piece.strip() for piece in _PASTE_SEPARATORS.split(text or ""))
    return list(dict.fromkeys(piece for piece in pieces if piece and not piece.startswith("#")
                              and not EMAIL.search(piece)))


def too_many_to_enroll(emails: list[str]) -> str | None:
    """Why the batch cannot be sent in one go (over the API's limit), or None when it can."""
    if len(emails) <= MAX_ENROLL_BATCH:
        return None
    return (f"{len(emails)} addresses found: at most {MAX_ENROLL_BATCH} can be enrolled at once. Split the list "
            f"and enroll it in parts of {MAX_ENROLL_BATCH} or fewer.")


def to_utc(day: date, at: time, zone: tzinfo) -> datetime:
    """A date and time picked in the viewer's zone, as the UTC moment the API stores."""
    return datetime.combine(day, at, tzinfo=zone).astimezone(UTC)


def attempts_text(assignment: Assignment) -> str:
    """'2 of 3 attempts left', 'Unlimited attempts (1 used)'."""
    used = assignment.attempts_used or 0
    if assignment.max_attempts is None:
        return "Unlimited attempts" + (f" ({used} used)" if used else "")
    left = assignment.attempts_left if assignment.attempts_left is not None else assignment.max_attempts - used
    return f"{left} of {assignment.max_attempts} attempt{'s' if assignment.max_attempts != 1 else ''} left"


def attempts_allowed(assignment: Assignment) -> str:
    """The teacher's view of the limit: '2 per student', 'Unlimited' (never a student's 'attempts left')."""
    return "Unlimited" if assignment.max_attempts is None else f"{assignment.max_attempts} per student"


def grid_table(progress: SectionProgress, lms: dict[tuple[int, int], str] | None = None
               ) -> tuple[list[str], list[list[str]], list[list[str]]]:
    """Column titles, then per student: the cells' words (with attempts, and where the score stands at the LMS)
    and the raw statuses (for colours)."""
    columns = ["Student", *(a.title for a in progress.assignments)]
    words, statuses = [], []
    for student in progress.students:
        row, raw = [student.display_name], [""]
        for cell in student.cells:
            attempts = f" · {cell.attempts} attempt{'s' if cell.attempts != 1 else ''}" if cell.attempts else ""
            at_lms = (lms or {}).get((student.id, cell.assignment_id))
            row.append(STATUS_LABELS.get(cell.status, cell.status) + attempts + (f" · {at_lms}" if at_lms else ""))
            raw.append(cell.status)
        words.append(row)
        statuses.append(raw)
    return columns, words, statuses
