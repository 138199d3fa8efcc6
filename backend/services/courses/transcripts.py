"""A conversation as a document: who, with which client, for which assignment, when, and every line with its time.

Loading reads what the actor may see (the session's visibility rules); rendering is plain text work.
"""

from __future__ import annotations

import csv
import io
import re
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, tzinfo

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.models.assignment import Assignment
from backend.models.client import Client
from backend.models.message import Message, MessageRole
from backend.models.section import Section
from backend.models.session import PracticeSession
from backend.models.user import User
from backend.services.conversation import sessions
from backend.services.courses.files import spreadsheet_safe


@dataclass(frozen=True)
class Line:
    sequence: int
    role: MessageRole
    content: str
    created_at: datetime


@dataclass(frozen=True)
class Transcript:
    session_id: int
    student_name: str
    student_email: str
    client_name: str
    assignment_title: str | None
    section_label: str | None
    attempt_number: int | None
    started_at: datetime
    ended_at: datetime | None
    submitted_at: datetime | None
    due_at: datetime | None
    lines: list[Line]

    def speaker(self, line: Line) -> str:
        return self.student_name if line.role == MessageRole.user else self.client_name

    @property
    def late(self) -> bool:
        return self.submitted_at is not None and self.due_at is not None and self.submitted_at > self.due_at


HEADER = (select(PracticeSession.id, PracticeSession.attempt_number, PracticeSession.started_at,
                 PracticeSession.ended_at, PracticeSession.submitted_at, User.display_name, User.email,
                 Client.name.label("client_name"), Assignment.title, Assignment.due_at,
                 Section.name.label("section_name"), Section.course_code)
          .join(User, User.id == PracticeSession.user_id)
          .join(Client, Client.id == PracticeSession.client_id)
          .outerjoin(Assignment, Assignment.id == PracticeSession.assignment_id)
          .outerjoin(Section, Section.id == Assignment.section_id))


def section_label(name: str, code: str | None) -> str:
    """'SWK 501 — Interviewing Skills' as it is, 'Interviewing Skills' with its code: 'SWK 501 Interviewing Skills'."""
    return name if not code or code in name else f"{code} {name}"


async def _build(db: AsyncSession, header_query: object) -> list[Transcript]:
    heads = (await db.execute(header_query)).all()  # type: ignore[call-overload]
    lines: dict[int, list[Line]] = defaultdict(list)
    if heads:
        rows = await db.execute(select(Message.session_id, Message.sequence, Message.role, Message.content,
                                       Message.created_at)
                                .where(Message.session_id.in_([h.id for h in heads]))
                                .order_by(Message.session_id, Message.sequence))
        for row in rows.all():
            lines[row.session_id].append(Line(row.sequence, row.role, row.content, row.created_at))
    return [Transcript(
        session_id=h.id, student_name=h.display_name, student_email=h.email, client_name=h.client_name,
        assignment_title=h.title,
        section_label=section_label(h.section_name, h.course_code) if h.section_name else None,
        attempt_number=h.attempt_number, started_at=h.started_at, ended_at=h.ended_at, submitted_at=h.submitted_at,
        due_at=h.due_at, lines=lines[h.id]) for h in heads]


async def load(db: AsyncSession, *, actor: User, session_id: int) -> Transcript:
    await sessions.read(db, actor=actor, session_id=session_id)  # 404 unless the actor may read it
    return (await _build(db, HEADER.where(PracticeSession.id == session_id)))[0]


async def load_submitted(db: AsyncSession, *, section_id: int) -> list[Transcript]:
    """Every submitted attempt at the section's assignments (access is the caller's to check)."""
    query = (HEADER.where(Assignment.section_id == section_id, Assignment.archived_at.is_(None),
                          PracticeSession.submitted_at.is_not(None))
             .order_by(Assignment.id, User.display_name, PracticeSession.attempt_number))
    return await _build(db, query)


def stamp(moment: datetime | None, zone: tzinfo) -> str:
    return moment.astimezone(zone).strftime("%d %b %Y, %H:%M %Z") if moment else "—"


def clock(moment: datetime, zone: tzinfo) -> str:
    return moment.astimezone(zone).strftime("%H:%M:%S")


def facts(t: Transcript, zone: tzinfo) -> list[tuple[str, str]]:
    """The heading facts every format shows, in order."""
    rows = [("Student", f"{t.student_name} <{t.student_email}>"), ("Client", t.client_name)]
    if t.assignment_title:
        attempt = f" (attempt {t.attempt_number})" if t.attempt_number else ""
        rows.append(("Assignment", f"{t.assignment_title}{attempt}"))
        rows.append(("Section", t.section_label or ""))
    rows += [("Started", stamp(t.started_at, zone)), ("Ended", stamp(t.ended_at, zone))]
    if t.assignment_title:
        late = " (late)" if t.late else ""
        rows += [("Due", stamp(t.due_at, zone)), ("Submitted", stamp(t.submitted_at, zone) + late)]
    rows.append(("Messages", str(len(t.lines))))
    return rows


def title(t: Transcript) -> str:
    return f"{t.student_name} with {t.client_name}"


# What Markdown would read as formatting, a link, an image or HTML inside a name or title.
INLINE_SPECIAL = re.compile(r"([\\`*_\[\]<>!|~&])")


def inline_text(text: str) -> str:
    """A name or title as plain text in Markdown: one line, every character that could format it escaped."""
    return INLINE_SPECIAL.sub(r"\\\1", " ".join(text.split()))


def fenced(text: str) -> list[str]:
    """A message as a code block: shown exactly as typed, never as Markdown or HTML. The fence is longer than any
    run of backticks inside, so nothing the student typed can close it."""
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * max(3, longest + 1)
    return [f"{fence}text", *text.splitlines(), fence]


def render_markdown(t: Transcript, zone: tzinfo) -> str:
    """Every message in a fenced block of its own, and names escaped: a student's text cannot forge a line of the
    transcript, a header field, a link, an image or HTML in the teacher's viewer."""
    out = [f"# Transcript: {inline_text(title(t))}", ""]
    out += [f"- **{label}:** {inline_text(value)}" for label, value in facts(t, zone)]
    out += ["", "---", ""]
    for line in t.lines:
        out += [f"**{inline_text(t.speaker(line))}** · {clock(line.created_at, zone)}", "", *fenced(line.content), ""]
    if not t.lines:
        out.append("_No messages in this conversation._")
    return "\n".join(out).rstrip() + "\n"


CSV_COLUMNS = ("session_id", "student", "student_email", "client", "assignment", "attempt", "sequence", "sent_at",
               "speaker", "role", "text")


def render_csv(t: Transcript, zone: tzinfo) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for line in t.lines:
        writer.writerow([t.session_id, *map(spreadsheet_safe, (t.student_name, t.student_email, t.client_name,
                                                                t.assignment_title or "")),
                         t.attempt_number or "", line.sequence, line.created_at.astimezone(zone).isoformat(),
                         spreadsheet_safe(t.speaker(line)), "student" if line.role == MessageRole.user else "client",
                         spreadsheet_safe(line.content)])
    return out.getvalue()
