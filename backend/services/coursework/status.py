"""Where a student stands on an assignment, and whether they may start or submit: plain rules, no database.

Rules, in order: a submission decides (`late` when made after the due date, else `submitted`; the most recent
submission is the one that counts); without one, an assignment not open yet is `not_open`, one past its due
date that takes no late work is `missed`, one with attempts is `in_progress`, else `not_started`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from backend.schemas.assignment import AssignmentStatus


@dataclass(frozen=True)
class Rules:
    """The parts of an assignment the rules read."""

    opens_at: datetime | None
    due_at: datetime | None
    max_attempts: int | None
    min_turns: int
    allow_late: bool
    is_published: bool = True


@dataclass(slots=True)
class Attempt:
    session_id: int
    attempt_number: int
    active: bool
    submitted_at: datetime | None
    student_turns: int


@dataclass(slots=True)
class Standing:
    status: AssignmentStatus
    attempts: int
    attempts_left: int | None  # None: unlimited
    active_session_id: int | None
    last_session_id: int | None
    submitted_session_id: int | None
    submitted_at: datetime | None
    late: bool
    student_turns: int  # of the counted submission, else of the latest attempt


def when(moment: datetime) -> str:
    """A time as messages write it: '25 Nov 2026, 17:00 UTC'."""
    return moment.astimezone(UTC).strftime("%d %b %Y, %H:%M UTC")


def past_due(rules: Rules, moment: datetime) -> bool:
    return rules.due_at is not None and moment > rules.due_at


def standing(rules: Rules, attempts: Sequence[Attempt], now: datetime) -> Standing:
    ordered = sorted(attempts, key=lambda a: a.attempt_number)
    last = ordered[-1] if ordered else None
    counted = next((a for a in reversed(ordered) if a.submitted_at is not None), None)
    active = next((a for a in reversed(ordered) if a.active), None)
    late = counted is not None and counted.submitted_at is not None and past_due(rules, counted.submitted_at)
    if counted is not None:
        status = AssignmentStatus.late if late else AssignmentStatus.submitted
    elif rules.opens_at is not None and now < rules.opens_at:
        status = AssignmentStatus.not_open
    elif past_due(rules, now) and not rules.allow_late:
        status = AssignmentStatus.missed
    elif ordered:
        status = AssignmentStatus.in_progress
    else:
        status = AssignmentStatus.not_started
    shown = counted or last
    return Standing(
        status=status,
        attempts=len(ordered),
        attempts_left=None if rules.max_attempts is None else max(0, rules.max_attempts - len(ordered)),
        active_session_id=active.session_id if active else None,
        last_session_id=last.session_id if last else None,
        submitted_session_id=counted.session_id if counted else None,
        submitted_at=counted.submitted_at if counted else None,
        late=late,
        student_turns=shown.student_turns if shown else 0,
    )


def start_refusal(rules: Rules, current: Standing, now: datetime) -> str | None:
    """Why a new attempt cannot start now, in a sentence the student can act on; None when it can."""
    if not rules.is_published:
        return "This assignment has not been published yet."
    if rules.opens_at is not None and now < rules.opens_at:
        return f"This assignment opens on {when(rules.opens_at)}; you can start it then."
    if rules.due_at is not None and past_due(rules, now) and not rules.allow_late:
        return f"This assignment was due on {when(rules.due_at)} and does not accept late work."
    if current.active_session_id is not None:
        return ("You already have an attempt in progress: resume it, or submit or end it before starting "
                "another.")
    if rules.max_attempts is not None and current.attempts >= rules.max_attempts:
        allowed = "1 attempt" if rules.max_attempts == 1 else f"{rules.max_attempts} attempts"
        return f"You have used all {allowed} allowed for this assignment."
    return None


def turns_missing(rules: Rules, student_turns: int) -> int:
    return max(0, rules.min_turns - student_turns)


def more_messages_needed(missing: int) -> str:
    return "1 more message needed" if missing == 1 else f"{missing} more messages needed"
