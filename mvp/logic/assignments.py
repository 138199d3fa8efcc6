"""Plain rules for the assignment forms: what is wrong with one before it is sent, and what an edit changed."""

from __future__ import annotations

from datetime import UTC, datetime, tzinfo
from typing import Any

from mvp.client.course_models import Assignment
from mvp.widgets.formatting import local_time

MAX_ATTEMPTS, MAX_MIN_TURNS = 100, 200  # the API's limits (AssignmentCreate)
# The form's fields an edit may send (PATCH /assignments/{id}), as the form returns them.
EDITABLE = ("client_id", "title", "instructions", "opens_at", "due_at", "max_attempts", "min_turns", "allow_late",
            "is_published", "rubric_id", "feedback_release")


def assignment_problems(body: dict[str, Any], *, now: datetime, zone: tzinfo, due_changed: bool = True) -> list[str]:
    """Everything that keeps this assignment from being sent, in the teacher's words (empty: send it).

    A due date already past is refused when it is new: every student would show "Missed" at once. An edit that
    leaves an old due date alone is not refused for it.
    """
    problems = []
    if not (body.get("title") or "").strip():
        problems.append("Give the assignment a title students will recognise.")
    attempts = body.get("max_attempts") or 0
    if not 0 <= attempts <= MAX_ATTEMPTS:
        problems.append(f"Attempts allowed must be between 1 and {MAX_ATTEMPTS}, or 0 for unlimited ({attempts} "
                        "was entered).")
    turns = body.get("min_turns") or 0
    if not 0 <= turns <= MAX_MIN_TURNS:
        problems.append(f"Messages needed to submit must be between 0 and {MAX_MIN_TURNS} ({turns} was entered).")
    opens_at, due_at = _moment(body.get("opens_at")), _moment(body.get("due_at"))
    if opens_at is not None and due_at is not None and due_at <= opens_at:
        problems.append(f"The due date ({local_time(due_at, zone)}) must come after the opening time "
                        f"({local_time(opens_at, zone)}).")
    if due_changed and due_at is not None and due_at <= now:
        consequence = ("every student would show “Submitted late” or “Missed” at once" if body.get("allow_late")
                       else "every student would show “Missed” at once")
        problems.append(f"The due date, {local_time(due_at, zone)}, has already passed: {consequence}. Choose a "
                        "later due date, or untick “Due” for an assignment without one.")
    return problems


def changes_from(given: Assignment, body: dict[str, Any], *, default_rubric_id: int | None) -> dict[str, Any]:
    """The fields of `body` that differ from the assignment as it is (the PATCH to send; empty: nothing changed)."""
    current = {field: getattr(given, field) for field in EDITABLE}
    if current["rubric_id"] is None:
        current["rubric_id"] = default_rubric_id  # no rubric of its own: scored on the default
    changed = {}
    for field in EDITABLE:
        if field not in body:
            continue
        before, after = current[field], body[field]
        if field in ("opens_at", "due_at"):
            before, after = _moment(before), _moment(after)
        if before != after:
            changed[field] = body[field]
    return changed


def _moment(value: str | datetime | None) -> datetime | None:
    """An ISO time (as the form sends it) or a datetime, as an aware datetime (naive ones are UTC)."""
    moment = datetime.fromisoformat(value) if isinstance(value, str) else value
    return moment.replace(tzinfo=UTC) if moment is not None and moment.tzinfo is None else moment
