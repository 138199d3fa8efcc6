"""The gradebook CSV in the shape Canvas and Moodle import: one row per student, one column per assignment."""

from __future__ import annotations

import csv
import io

from sqlalchemy.ext.asyncio import AsyncSession

from backend.models.user import User
from backend.services.courses.files import ExportFile, slug, spreadsheet_safe
from backend.services.courses.progress import section_grid
from backend.services.courses.status import Standing
from backend.services.courses.transcripts import section_label

FIXED_COLUMNS = ("Student Name", "Student ID", "SIS Login ID", "Section")


def cell_value(cell: Standing) -> str:
    """What a student's cell holds: the status today; the score, once conversations are scored, goes here."""
    return cell.status.value


async def gradebook_csv(db: AsyncSession, *, actor: User, section_id: int) -> ExportFile:
    progress = await section_grid(db, actor=actor, section_id=section_id)
    section = progress.section
    label = section_label(section.name, section.course_code)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    # "Title (id)": the importers match a column to an assignment by the id in parentheses.
    writer.writerow([*FIXED_COLUMNS, *(spreadsheet_safe(f"{a.title} ({a.id})") for a in progress.assignments)])
    for student in progress.students:
        writer.writerow([spreadsheet_safe(student.display_name), student.id, student.email, spreadsheet_safe(label),
                         *(cell_value(cell) for cell in student.cells)])
    return ExportFile(filename=f"{slug(section.course_code or section.name)}-gradebook.csv",
                      media_type="text/csv; charset=utf-8", content=out.getvalue().encode("utf-8"))
