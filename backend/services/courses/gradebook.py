"""The gradebook CSV in the shape Canvas and Moodle import: one row per student, one column per assignment."""

from __future__ import annotations

import csv
import io

from sqlalchemy.ext.asyncio import AsyncSession

from backend.models.user import User
from backend.services.courses.files import ExportFile, slug, spreadsheet_safe
from backend.services.courses.progress import section_grid
from backend.services.courses.transcripts import section_label
from backend.services.coursework.status import Standing
from backend.services.feedback.review import section_totals

FIXED_COLUMNS = ("Student Name", "Student ID", "SIS Login ID", "Section")


def cell_value(cell: Standing, totals: dict[int, float]) -> str:
    """What a student's cell holds: the final score (out of 100) of the submitted attempt once it is evaluated,
    with the teacher's overrides, released or not (the gradebook is the teacher's); else the status."""
    if cell.submitted_session_id is not None and cell.submitted_session_id in totals:
        return f"{totals[cell.submitted_session_id]:g}"
    return cell.status.value


async def gradebook_csv(db: AsyncSession, *, actor: User, section_id: int) -> ExportFile:
    progress = await section_grid(db, actor=actor, section_id=section_id)
    section = progress.section
    label = section_label(section.name, section.course_code)
    totals = await section_totals(db, section_id)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    # "Title (id)": the importers match a column to an assignment by the id in parentheses.
    writer.writerow([*FIXED_COLUMNS, *(spreadsheet_safe(f"{a.title} ({a.id})") for a in progress.assignments)])
    for student in progress.students:
        writer.writerow([spreadsheet_safe(student.display_name), student.id, spreadsheet_safe(student.email),
                         spreadsheet_safe(label), *(cell_value(cell, totals) for cell in student.cells)])
    return ExportFile(filename=f"{slug(section.course_code or section.name)}-gradebook.csv",
                      media_type="text/csv; charset=utf-8", content=out.getvalue().encode("utf-8"))
