"""Enrolling students by email in batches (one bad address never sinks the rest), the roster, and removal."""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass, field

from email_validator import EmailNotValidError, validate_email
from sqlalchemy import select, tuple_
from sqlalchemy.ext.asyncio import AsyncSession

from backend.core import paging
from backend.core.db import insert_unless_present
from backend.core.errors import NotFound
from backend.core.security import hash_temporary_passwords
from backend.models.base import utcnow
from backend.models.enrollment import SectionEnrollment
from backend.models.user import User, UserRole
from backend.schemas.section import CreatedAccount, EnrolledStudent, EnrollmentRead, EnrollmentResult, InvalidEntry
from backend.services.accounts import users
from backend.services.courses import invitations
from backend.services.coursework import access

BATCH = 100  # rows per insert statement (well within SQLite's bound parameters)
PASSWORD_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # no 0/o, 1/l/i: read aloud or copied by hand


def temporary_password() -> str:
    """Three groups of four, like 'k7mp-x2qa-9fzt': long enough for the 10-character rule, easy to pass on."""
    return "-".join("".join(secrets.choice(PASSWORD_ALPHABET) for _ in range(4)) for _ in range(3))


def name_from_email(email: str) -> str:
    """'diego.ramirez@uni.edu' -> 'Diego Ramirez': a starting display name the teacher can change later."""
    words = [word for word in re.split(r"[._+]+", email.split("@", 1)[0]) if word]
    return " ".join(word.title() for word in words)[:120] or email


def _normalised(raw: str) -> str:
    return validate_email(raw, check_deliverability=False).normalized.lower()


@dataclass
class _Outcome:
    enrolled: list[EnrolledStudent] = field(default_factory=list)
    already_enrolled: list[EnrolledStudent] = field(default_factory=list)
    created: list[CreatedAccount] = field(default_factory=list)
    invalid: list[InvalidEntry] = field(default_factory=list)
    invited: list[EnrolledStudent] = field(default_factory=list)


def _parse(emails: list[str], outcome: _Outcome) -> dict[str, str]:
    """Valid addresses, normalised and without repeats (-> as typed); the rest go to `invalid` with the reason."""
    wanted: dict[str, str] = {}
    for raw in emails:
        text = raw.strip()
        if not text:
            continue
        try:
            wanted.setdefault(_normalised(text), text)
        except EmailNotValidError as exc:
            outcome.invalid.append(InvalidEntry(email=text, reason=str(exc)))
    return wanted


# One reason for every refusal: never whether the address has an account, its role, or that it is deactivated.
CANNOT_ENROLL = "this address cannot be enrolled as a student"


def _refusal(user: User) -> str | None:
    return CANNOT_ENROLL if user.role != UserRole.student or not user.is_active else None


async def _enroll_all(db: AsyncSession, section_id: int, student_ids: list[int],
                      existing: dict[int, SectionEnrollment]) -> set[int]:
    """The students newly enrolled (or re-enrolled after a removal); the others already were."""
    now = utcnow()
    back = [existing[i] for i in student_ids if i in existing and not existing[i].is_active]
    for enrollment in back:
        enrollment.is_active, enrollment.removed_at, enrollment.enrolled_at = True, None, now
    newly = {enrollment.student_id for enrollment in back}
    fresh = [i for i in student_ids if i not in existing]
    dialect = (await db.connection()).dialect.name
    for start in range(0, len(fresh), BATCH):
        rows = [{"section_id": section_id, "student_id": i, "enrolled_at": now, "is_active": True}
                for i in fresh[start:start + BATCH]]
        inserted = insert_unless_present(dialect, SectionEnrollment, rows, ["section_id", "student_id"])
        newly.update(await db.scalars(inserted.returning(SectionEnrollment.student_id)))  # a racing twin: skipped
    await db.flush()
    return newly


async def _to_invite(db: AsyncSession, *, teacher_id: int, students: list[int],
                     existing: dict[int, SectionEnrollment]) -> set[int]:
    """Those not on this roster now who belong to another teacher: they are asked, not enrolled."""
    candidates = [i for i in students if i not in existing or not existing[i].is_active]
    return await invitations.of_other_teachers(db, teacher_id=teacher_id, student_ids=candidates)


async def enroll(db: AsyncSession, *, actor: User, section_id: int, emails: list[str],
                 create_missing: bool, direct: bool = False) -> EnrollmentResult:
    """Accounts made here and students of no other teacher are enrolled at once; another teacher's students are
    invited (`invited`) unless `direct` (VC_DIRECT_ENROLLMENT)."""
    section = await access.managed_section(db, actor=actor, section_id=section_id)
    outcome = _Outcome()
    wanted = _parse(emails, outcome)
    found = {user.email: user for user in await db.scalars(select(User).where(User.email.in_(list(wanted))))}
    enrollments = {e.student_id: e for e in await db.scalars(select(SectionEnrollment).where(
        SectionEnrollment.section_id == section_id,
        SectionEnrollment.student_id.in_([user.id for user in found.values()])))}
    # New accounts get a random one-time password, hashed cheaply (its strength is its randomness) and first, in
    # one worker thread: 500 of them take well under a second and never queue behind sign-ins. The account must
    # choose its own password at first sign-in.
    passwords = {email: temporary_password() for email in wanted if email not in found} if create_missing else {}
    hashes = dict(zip(passwords, await hash_temporary_passwords(list(passwords.values())), strict=True))
    # Everything is written in a few statements whatever the batch's size: one insert per hundred new accounts and
    # per hundred enrollments, instead of a savepoint per address (500 addresses took seconds on SQLite).
    students: dict[str, EnrolledStudent] = {}
    for email, typed in wanted.items():
        user = found.get(email)
        if user is not None and _refusal(user) is None:
            students[email] = EnrolledStudent(student_id=user.id, email=user.email, display_name=user.display_name)
        elif user is not None or email not in passwords:
            outcome.invalid.append(InvalidEntry(email=typed, reason=CANNOT_ENROLL))
    made = await users.create_students(db, actor=actor, accounts=[
        (email, name_from_email(email), hashes[email]) for email in passwords])
    for email in passwords:
        if email not in made:  # someone created it a moment ago: one address never sinks the rest of the batch
            outcome.invalid.append(InvalidEntry(email=wanted[email], reason="an account with this email was created "
                                                "a moment ago; enroll it again"))
            continue
        students[email] = EnrolledStudent(student_id=made[email], email=email, display_name=name_from_email(email))
        outcome.created.append(CreatedAccount(student_id=made[email], email=email,
                                              display_name=name_from_email(email), temporary_password=passwords[email]))
    existing_ids = [found[email].id for email in students if email in found]
    asked = set() if direct else await _to_invite(db, teacher_id=section.teacher_id, students=existing_ids,
                                                  existing=enrollments)
    joining = [s.student_id for s in students.values() if s.student_id not in asked]
    newly = await _enroll_all(db, section_id, joining, enrollments)
    await invitations.settle(db, section_id=section_id, student_ids=joining)
    if asked:
        await invitations.invite(db, section_id=section_id, student_ids=sorted(asked), invited_by=actor.id)
    for email in wanted:
        if email in students:
            student = students[email]
            if student.student_id in asked:
                outcome.invited.append(student)
            else:
                (outcome.enrolled if student.student_id in newly else outcome.already_enrolled).append(student)
    return EnrollmentResult(enrolled=outcome.enrolled, already_enrolled=outcome.already_enrolled,
                            created=outcome.created, invalid=outcome.invalid, invited=outcome.invited)


def page_key(entry: EnrollmentRead) -> tuple[str, int]:
    """Rosters run by name: a page ends at this student."""
    return entry.display_name, entry.student_id


def _after(cursor: str | None) -> tuple[str, int] | None:
    return paging.decode(cursor, str, int) if cursor else None  # type: ignore[return-value]


async def pending(db: AsyncSession, *, actor: User, section_id: int, limit: int | None = None,
                  cursor: str | None = None) -> list[EnrollmentRead]:
    """Students invited to the section who have not accepted yet, by name, a page at a time."""
    await access.managed_section(db, actor=actor, section_id=section_id)
    return await invitations.pending_roster(db, section_id=section_id, limit=limit, after=_after(cursor))


async def roster(db: AsyncSession, *, actor: User, section_id: int, include_removed: bool = False,
                 limit: int | None = None, cursor: str | None = None) -> list[EnrollmentRead]:
    """The section's students by name, a page at a time (`cursor`: after that student)."""
    await access.managed_section(db, actor=actor, section_id=section_id)
    query = (select(SectionEnrollment, User).join(User, User.id == SectionEnrollment.student_id)
             .where(SectionEnrollment.section_id == section_id).order_by(User.display_name, User.id).limit(limit))
    if (after := _after(cursor)) is not None:
        query = query.where(tuple_(User.display_name, User.id) > after)
    if not include_removed:
        query = query.where(SectionEnrollment.is_active.is_(True))
    return [EnrollmentRead(student_id=user.id, email=user.email, display_name=user.display_name,
                           enrolled_at=enrollment.enrolled_at, is_active=enrollment.is_active,
                           removed_at=enrollment.removed_at, status="enrolled" if enrollment.is_active else "removed")
            for enrollment, user in (await db.execute(query)).all()]


async def remove(db: AsyncSession, *, actor: User, section_id: int, student_id: int) -> None:
    """The student leaves the roster and the grid; their sessions and history stay. A pending invitation is
    withdrawn."""
    await access.managed_section(db, actor=actor, section_id=section_id)
    enrollment = await access.enrollment_of(db, section_id=section_id, student_id=student_id)
    if enrollment is None or not enrollment.is_active:
        if await invitations.withdraw(db, section_id=section_id, student_id=student_id):
            return  # invited, not yet in: the invitation is taken back
        raise NotFound(f"Student {student_id} is not enrolled in this section.")
    enrollment.is_active, enrollment.removed_at = False, utcnow()
    await db.flush()
