"""Transcript downloads: one conversation as Markdown, CSV or PDF, and a section's submitted work as a zip."""

from __future__ import annotations

import asyncio
import enum
import io
import time
import zipfile
from datetime import tzinfo

from sqlalchemy.ext.asyncio import AsyncSession

from backend.core.db import release_slot_early
from backend.core.rate_limits import RateLimits
from backend.core.work_gate import WorkGate
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


# PDFs and zips are CPU-bound Python: one at a time in a worker process, a few waiting, the rest 503.
RENDERING = WorkGate(1, queue=4, wait_s=30.0, processes=True,
                     busy="Several transcripts are being made right now. Please try again in a few seconds.")
ZIP_DEADLINE_S = 60.0

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


async def _costly(db: AsyncSession, limits: RateLimits | None, actor: User) -> None:
    """Before a PDF or a zip: the person's export rate, and the database connection given back while it renders."""
    if limits is not None:
        await limits.hit_export(actor.id)
    await db.commit()
    release_slot_early(db)


async def transcript_file(db: AsyncSession, *, actor: User, session_id: int, fmt: TranscriptFormat,
                          tz: str | None = None, fonts: str = "", limits: RateLimits | None = None) -> ExportFile:
    """Anyone who may read the session may download it; times are written in the reader's zone (UTC default).
    A PDF is rate-limited per person and made in the small rendering pool."""
    zone = viewer_zone(tz)
    transcript = await load(db, actor=actor, session_id=session_id)
    if fmt == TranscriptFormat.pdf:
        await _costly(db, limits, actor)
        content = await RENDERING.run(_render, transcript, fmt, zone, fonts)
    else:
        content = await asyncio.to_thread(_render, transcript, fmt, zone, fonts)
    return ExportFile(filename=_name(transcript, fmt), media_type=MEDIA_TYPES[fmt], content=content)


def _zip(transcripts: list[Transcript], fmt: TranscriptFormat, zone: tzinfo, fonts: str,
         deadline_s: float = ZIP_DEADLINE_S) -> bytes:
    """Past the deadline, the remaining transcripts go in as Markdown (cheap) and a README says which."""
    buffer = io.BytesIO()
    deadline, as_text = time.monotonic() + deadline_s, []
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for t in transcripts:
            folder = slug(t.assignment_title or "assignment", 50)
            chosen = fmt
            if fmt == TranscriptFormat.pdf and time.monotonic() > deadline:
                chosen = TranscriptFormat.md
                as_text.append(_name(t, chosen))
            archive.writestr(f"{folder}/{_name(t, chosen)}", _render(t, chosen, zone, fonts))
        if not transcripts:
            archive.writestr("README.txt", "No submitted sessions in this section yet.\n")
        elif as_text:
            archive.writestr("README.txt", "These transcripts are in Markdown: making every PDF would have taken "
                             "too long. Download them one by one as PDF if you need to.\n" + "\n".join(as_text) + "\n")
    return buffer.getvalue()


async def section_zip(db: AsyncSession, *, actor: User, section_id: int, fmt: TranscriptFormat = TranscriptFormat.md,
                      tz: str | None = None, fonts: str = "", limits: RateLimits | None = None) -> ExportFile:
    """Every submitted session of the section, one file each, in a folder per assignment (rate-limited per person,
    made in the rendering pool)."""
    zone = viewer_zone(tz)
    section = await access.managed_section(db, actor=actor, section_id=section_id)
    transcripts = await load_submitted(db, section_id=section_id)
    await _costly(db, limits, actor)
    content = await RENDERING.run(_zip, transcripts, fmt, zone, fonts)
    stamp = utcnow().strftime("%Y%m%d")
    return ExportFile(filename=f"{slug(section.course_code or section.name)}-transcripts-{stamp}.zip",
                      media_type="application/zip", content=content)
