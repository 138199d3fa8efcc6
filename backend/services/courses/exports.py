"""Transcript downloads: one conversation as Markdown, CSV or PDF, and a section's submitted work as a zip."""

from __future__ import annotations

import asyncio
import enum
from datetime import tzinfo

from sqlalchemy.ext.asyncio import AsyncSession

from backend.core.db import release_slot_early
from backend.core.rate_limits import RateLimits
from backend.core.work_gate import WorkGate
from backend.models.base import utcnow
from backend.models.user import User
from backend.services.courses.files import ExportFile, StreamedFile, slug, viewer_zone
from backend.services.courses.pdf import find_fonts, render_pdf
from backend.services.courses.transcripts import Transcript, load, load_submitted, render_csv, render_markdown
from backend.services.courses.zip_stream import Entry, Outcome, started, stream_zip
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


def _entry(t: Transcript, fmt: TranscriptFormat, zone: tzinfo, fonts: str) -> Entry:
    """A PDF is made in the rendering pool, text in a worker thread; the cheap way is always Markdown."""
    folder = slug(t.assignment_title or "assignment", 50)

    async def costly() -> bytes:
        if fmt == TranscriptFormat.pdf:
            return await RENDERING.run(_render, t, fmt, zone, fonts)
        return await asyncio.to_thread(_render, t, fmt, zone, fonts)

    async def cheap() -> bytes:
        return await asyncio.to_thread(_render, t, TranscriptFormat.md, zone, fonts)

    return Entry(path=f"{folder}/{_name(t, fmt)}", render=costly,
                 cheap_path=f"{folder}/{_name(t, TranscriptFormat.md)}", cheap=cheap)


def _readme(outcome: Outcome, count: int) -> str | None:
    if not count:
        return "No submitted sessions in this section yet.\n"
    if outcome.cheapened:
        return ("These transcripts are in Markdown: making every PDF would have taken too long (or the server was "
                "busy). Download them one by one as PDF if you need to.\n" + "\n".join(outcome.cheapened) + "\n")
    return None


async def section_zip(db: AsyncSession, *, actor: User, section_id: int, fmt: TranscriptFormat = TranscriptFormat.md,
                      tz: str | None = None, fonts: str = "", limits: RateLimits | None = None) -> StreamedFile:
    """Every submitted session of the section, one file each, in a folder per assignment, sent as each is made
    (rate-limited per person; PDFs made in the rendering pool, Markdown past ZIP_DEADLINE_S)."""
    zone = viewer_zone(tz)
    section = await access.managed_section(db, actor=actor, section_id=section_id)
    transcripts = await load_submitted(db, section_id=section_id)
    await _costly(db, limits, actor)
    entries = [_entry(t, fmt, zone, fonts) for t in transcripts]
    chunks = await started(stream_zip(entries, deadline_s=ZIP_DEADLINE_S, readme=_readme))
    stamp = utcnow().strftime("%Y%m%d")
    return StreamedFile(filename=f"{slug(section.course_code or section.name)}-transcripts-{stamp}.zip",
                        media_type="application/zip", chunks=chunks)
