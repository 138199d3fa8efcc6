"""The courses part of a semester, added to bench/semester_volume.py's database by COPY.

At --scale 1: 300 sections (one of them 300 students × 20 assignments, the rest 30 students × 8 assignments),
their enrollments, ~2,400 assignments spread over the 120 days, and one session row per attempt (~85,000:
submitted, late, in progress or abandoned, 20 % with a second attempt). Attempt rows carry a real persona snapshot
and running totals; they have no messages (the grid and the gradebook never read messages).
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from typing import Any

BIG_SECTION = {"students": 300, "assignments": 20}
OTHER_SECTION = {"students": 30, "assignments": 8}
FULL_SECTIONS = 300
ATTEMPT_COLUMNS = ["id", "client_id", "user_id", "mode", "status", "started_at", "ended_at", "persona_snapshot",
                   "provider", "model", "message_count", "student_turns", "input_tokens", "output_tokens",
                   "cache_creation_tokens", "cache_read_tokens", "cost_usd", "last_activity_at", "assignment_id",
                   "attempt_number", "submitted_at"]


def plan(scale: float) -> int:
    return max(10, round(FULL_SECTIONS * scale))


def _attempts(rng: random.Random, due: datetime, opens: datetime, now: datetime) -> list[tuple[str, float]]:
    """What one student did on one assignment: [(kind, hours after opening)], kinds submitted/ended/active."""
    if opens > now:
        return []
    draw = rng.random()
    if due < now:
        if draw < 0.15:
            return []
        if draw < 0.25:
            return [("ended", rng.uniform(1, 200))]
        first = [("ended", rng.uniform(1, 100))] if rng.random() < 0.2 else []
        late = rng.random() < 0.1
        hours = (due - opens).total_seconds() / 3600
        return [*first, ("submitted", hours + rng.uniform(1, 48) if late else rng.uniform(1, hours - 1))]
    if draw < 0.35:
        return []
    if draw < 0.6:
        return [("active", rng.uniform(0, max(1.0, (now - opens).total_seconds() / 3600)))]
    return [("submitted", rng.uniform(0, max(1.0, (now - opens).total_seconds() / 3600)))]


async def seed_courses(url: str, *, scale: float, seed_value: int, student_base: int, students: int,
                       teachers: int, days: int, now: datetime) -> dict[str, Any]:
    """Sections, enrollments, assignments and attempts; returns the counts and the big section's id (1)."""
    import asyncpg

    rng = random.Random(seed_value * 31 + 5)
    connection = await asyncpg.connect(url)
    try:
        clients: dict[int, list[tuple[int, str]]] = {}
        for row in await connection.fetch("SELECT DISTINCT ON (s.client_id) s.client_id, c.owner_id, "
                                          "s.persona_snapshot::text AS snapshot FROM sessions s "
                                          "JOIN clients c ON c.id = s.client_id ORDER BY s.client_id, s.id"):
            clients.setdefault(row["owner_id"], []).append((row["client_id"], row["snapshot"]))
        first_session = int(await connection.fetchval("SELECT coalesce(max(id), 0) FROM sessions")) + 1
        start = now - timedelta(days=days)
        sections, enrollments, assignments, attempts = [], [], [], []
        for number in range(1, plan(scale) + 1):
            teacher = 2 + (number - 1) % teachers
            shape = BIG_SECTION if number == 1 else OTHER_SECTION
            sections.append((number, teacher, f"SWK {500 + number} — Interviewing Skills {number}",
                             f"SWK {500 + number}", "Spring", "", start, start))
            roster = (list(range(student_base, student_base + shape["students"])) if number == 1
                      else rng.sample(range(student_base, student_base + students), k=min(students, shape["students"])))
            enrollments += [(number, student, start) for student in roster]
            for k in range(shape["assignments"]):
                assignment_id = len(assignments) + 1
                due = start + timedelta(days=(k + 1) * days / (shape["assignments"] + 2), hours=rng.randrange(24))
                opens = due - timedelta(days=14)
                client_id, snapshot = rng.choice(clients[teacher])
                assignments.append((assignment_id, number, client_id, f"Interview {k + 1}", "Practise engagement.",
                                    opens, due, 2 if k % 2 else None, 3, k % 3 == 0, True, start, start))
                for student in roster:
                    for attempt, (kind, hours) in enumerate(_attempts(rng, due, opens, now), start=1):
                        began = min(now - timedelta(minutes=5), opens + timedelta(hours=hours))
                        ended = None if kind == "active" else began + timedelta(minutes=12)
                        turns = 3 + rng.randrange(8)
                        attempts.append((first_session + len(attempts), client_id, student, "practice",
                                         "active" if kind == "active" else "ended", began, ended, snapshot,
                                         "anthropic", "claude-haiku-4-5", 2 * turns, turns, 1200 * turns, 60 * turns,
                                         0, 0, round(0.0017 * turns, 6), ended or began, assignment_id, attempt,
                                         ended if kind == "submitted" else None))
        await connection.copy_records_to_table("sections", records=sections, columns=[
            "id", "teacher_id", "name", "course_code", "term", "description", "created_at", "updated_at"])
        await connection.copy_records_to_table("section_enrollments", records=enrollments, columns=[
            "section_id", "student_id", "enrolled_at"])
        await connection.copy_records_to_table("assignments", records=assignments, columns=[
            "id", "section_id", "client_id", "title", "instructions", "opens_at", "due_at", "max_attempts",
            "min_turns", "allow_late", "is_published", "created_at", "updated_at"])
        await connection.copy_records_to_table("sessions", records=attempts, columns=ATTEMPT_COLUMNS)
        for name in ("sections", "section_enrollments", "assignments", "sessions"):
            await connection.execute(
                f"SELECT setval(pg_get_serial_sequence('{name}', 'id'), (SELECT coalesce(max(id), 1) FROM {name}))")
        await connection.execute("ANALYZE sections; ANALYZE section_enrollments; ANALYZE assignments; "
                                 "ANALYZE sessions")
    finally:
        await connection.close()
    return {"sections": len(sections), "enrollments": len(enrollments), "assignments": len(assignments),
            "attempt sessions": len(attempts), "big_section": 1}
