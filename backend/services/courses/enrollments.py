"""Enrolling students by email in batches (one bad address never sinks the rest), the roster, and removal."""

from __future__ import annotations

import asyncio
import re
import secrets
from dataclasses import dataclass, field

from email_validator import EmailNotValidError, validate_email
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from backend.core.errors import Conflict, NotFound
from backend.core.security import hash_password
from backend.models.base import utcnow
from backend.models.enrollment import SectionEnrollment
from backend.models.user import User, UserRole
from backend.schemas.section import CreatedAccount, EnrolledStudent, EnrollmentRead, EnrollmentResult, InvalidEntry
from backend.services.accounts import users
from backend.services.coursework import access

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


def _refusal(user: User) -> str | None:
    if user.role != UserRole.student:
        return f"this is a {user.role.value} account; only student accounts can be enrolled"
    if not user.is_active:
        return "this account is deactivated; ask an administrator to reactivate it"
    return None


async def _enroll_one(db: AsyncSession, section_id: int, user: User, existing: SectionEnrollment | None) -> bool:
    """True when the student was newly enrolled (or re-enrolled), False when they already were."""
    if existing is not None:
        if existing.is_active:
            return False
        existing.is_active, existing.removed_at, existing.enrolled_at = True, None, utcnow()
        await db.flush()
        return True
    try:
        async with db.begin_nested():
            db.add(SectionEnrollment(section_id=section_id, student_id=user.id, enrolled_at=utcnow()))
            await db.flush()
    except IntegrityError:  # enrolled by a concurrent request a moment ago
        return False
    return True


async def enroll(db: AsyncSession, *, actor: User, section_id: int, emails: list[str],
                 create_missing: bool) -> EnrollmentResult:
    await access.managed_section(db, actor=actor, section_id=section_id)
    outcome = _Outcome()
    wanted = _parse(emails, outcome)
    found = {user.email: user for user in await db.scalars(select(User).where(User.email.in_(list(wanted))))}
    enrollments = {e.student_id: e for e in await db.scalars(select(SectionEnrollment).where(
        SectionEnrollment.section_id == section_id,
        SectionEnrollment.student_id.in_([user.id for user in found.values()])))}
    # New accounts' passwords are hashed first, side by side: argon2 takes ~0.1 s each, and hashing inside the
    # loop would hold the database's write lock for the whole batch.
    passwords = {email: temporary_password() for email in wanted if email not in found} if create_missing else {}
    hashes = dict(zip(passwords, await asyncio.gather(*map(hash_password, passwords.values())), strict=True))
    for email, typed in wanted.items():
        user = found.get(email)
        if user is None:
            if not create_missing:
                outcome.invalid.append(InvalidEntry(email=typed, reason="no account has this email; enroll with "
                                                    "create_missing to create a student account for it"))
                continue
            password = passwords[email]
            try:
                user = await users.create(db, actor=actor, email=email, display_name=name_from_email(email),
                                          role=UserRole.student, password=password, password_hash=hashes[email])
            except Conflict:  # someone created it a moment ago: one address never sinks the rest of the batch
                outcome.invalid.append(InvalidEntry(email=typed, reason="an account with this email was created a "
                                                    "moment ago; enroll it again"))
                continue
            outcome.created.append(CreatedAccount(student_id=user.id, email=user.email,
                                                  display_name=user.display_name, temporary_password=password))
        elif (reason := _refusal(user)) is not None:
            outcome.invalid.append(InvalidEntry(email=typed, reason=reason))
            continue
        student = EnrolledStudent(student_id=user.id, email=user.email, display_name=user.display_name)
        newly = await _enroll_one(db, section_id, user, enrollments.get(user.id))
        (outcome.enrolled if newly else outcome.already_enrolled).append(student)
    return EnrollmentResult(enrolled=outcome.enrolled, already_enrolled=outcome.already_enrolled,
                            created=outcome.created, invalid=outcome.invalid)


async def roster(db: AsyncSession, *, actor: User, section_id: int, include_removed: bool = False
                 ) -> list[EnrollmentRead]:
    await access.managed_section(db, actor=actor, section_id=section_id)
    query = (select(SectionEnrollment, User).join(User, User.id == SectionEnrollment.student_id)
             .where(SectionEnrollment.section_id == section_id).order_by(User.display_name, User.id))
    if not include_removed:
        query = query.where(SectionEnrollment.is_active.is_(True))
    return [EnrollmentRead(student_id=user.id, email=user.email, display_name=user.display_name,
                           enrolled_at=enrollment.enrolled_at, is_active=enrollment.is_active,
                           removed_at=enrollment.removed_at)
            for enrollment, user in (await db.execute(query)).all()]


async def remove(db: AsyncSession, *, actor: User, section_id: int, student_id: int) -> None:
    """The student leaves the roster and the grid; their sessions and history stay."""
    await access.managed_section(db, actor=actor, section_id=section_id)
    enrollment = await access.enrollment_of(db, section_id=section_id, student_id=student_id)
    if enrollment is None or not enrollment.is_active:
        raise NotFound(f"Student {student_id} is not enrolled in this section.")
    enrollment.is_active, enrollment.removed_at = False, utcnow()
    await db.flush()
