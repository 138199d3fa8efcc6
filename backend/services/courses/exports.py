"""Transcript downloads: one conversation as Markdown, CSV or PDF, and a section's submitted work as a zip."""

from __future__ import annotations

import asyncio
import enum
import io
import zipfile
from datetime import tzinfo

from sqlalchemy.ext.asyncio import AsyncSession

from backend.models.base import utcnow
from backend.models.user import User
from backend.services.courses.files import ExportFile, slug, viewer_zone
from backend.services.courses.pdf import find_fonts, render_pdf
from backend.services.courses.transcripts import Transcript, load, load_submitted, render_csv, render_markdown
from backend.services.coursework import access


class TranscriptFormat(enum.StrEnum):
    md = "md"
    csv = "csv"
    pdf = "pdf"


MEDIA_TYPES = {TranscriptFormat.md: "text/markdown; charset=utf-8", TranscriptFormat.csv: "text/csv; charset=utf-8",
               TranscriptFormat.pdf: "application/pdf"}


def _render(t: Transcript, fmt: TranscriptFormat, zone: tzinfo, fonts: str) -> bytes:
    if fmt == TranscriptFormat.pdf:
        return render_pdf(t, zone, find_fonts(fonts))
    text = render_markdown(t, zone) if fmt == TranscriptFormat.md else render_csv(t, zone)
    return text.encode("utf-8")


def _name(t: Transcript, fmt: TranscriptFormat) -> str:
    attempt = f"-attempt{t.attempt_number}" if t.attempt_number else ""
    return f"transcript-{t.session_id}-{slug(t.student_name, 40)}-{slug(t.client_name, 40)}{attempt}.{fmt.value}"


async def transcript_file(db: AsyncSession, *, actor: User, session_id: int, fmt: TranscriptFormat,
                          tz: str | None = None, fonts: str = "") -> ExportFile:
    """Anyone who may read the session may download it; times are written in the reader's zone (UTC default)."""
    zone = viewer_zone(tz)
    transcript = await load(db, actor=actor, session_id=session_id)
    content = await asyncio.to_thread(_render, transcript, fmt, zone, fonts)  # a PDF takes tens of ms of CPU
    return ExportFile(filename=_name(transcript, fmt), media_type=MEDIA_TYPES[fmt], content=content)


def _zip(transcripts: list[Transcript], fmt: TranscriptFormat, zone: tzinfo, fonts: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for t in transcripts:
            folder = slug(t.assignment_title or "assignment", 50)
            archive.writestr(f"{folder}/{_name(t, fmt)}", _render(t, fmt, zone, fonts))
        if not transcripts:
            archive.writestr("README.txt", "No submitted sessions in this section yet.\n")
    return buffer.getvalue()


async def section_zip(db: AsyncSession, *, actor: User, section_id: int, fmt: TranscriptFormat = TranscriptFormat.md,
                      tz: str | None = None, fonts: str = "") -> ExportFile:
    """Every submitted session of the section, one file each, in a folder per assignment."""
    zone = viewer_zone(tz)
    section = await access.managed_section(db, actor=actor, section_id=section_id)
    transcripts = await load_submitted(db, section_id=section_id)
    content = await asyncio.to_thread(_zip, transcripts, fmt, zone, fonts)
    stamp = utcnow().strftime("%Y%m%d")
    return ExportFile(filename=f"{slug(section.course_code or section.name)}-transcripts-{stamp}.zip",
                      media_type="application/zip", content=content)
