"""Accounts: sign-in, creating users within one's authority, and the first admin."""

from __future__ import annotations

import base64
import json

from sqlalchemy import and_, func, or_, select, tuple_
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from backend.core.db import insert_unless_present
from backend.core.errors import Conflict, Forbidden, InvalidInput, Unauthorized
from backend.core.security import hash_password, is_temporary_hash, verify_password
from backend.models.base import utcnow
from backend.models.enrollment import SectionEnrollment
from backend.models.section import Section
from backend.models.user import User, UserRole
from backend.schemas.base import MAX_ID

# Verifying against a real hash when the email is unknown keeps sign-in timing the same for both cases.
_DUMMY_HASH = "$argon2id$v=19$m=65536,t=3,p=4$CaQse4TG34aUkv7BNMl3ag$yoQP4vzkhSY8nRcVIJ3AYPrJjO6N+GPGnv/XKfupQVk"


async def get_by_email(db: AsyncSession, email: str) -> User | None:
    return await db.scalar(select(User).where(User.email == email.strip().lower()))


# One answer for an unknown address, a wrong password and a deactivated account: none confirms anything.
NO_MATCH = ("That email and password do not match an active account. If your account was deactivated, ask your "
            "teacher or an administrator.")


async def authenticate(db: AsyncSession, *, email: str, password: str) -> User:
    user = await get_by_email(db, email)
    if not await password_matches(user, password) or user is None or not user.is_active:
        raise Unauthorized(NO_MATCH)
    return user


async def password_matches(user: User | None, password: str) -> bool:
    """Verify against a real hash even for an unknown address, so both take the same time; an account still on
    its cheap one-time password pays the full cost too, or its quick answer would say it exists."""
    if user is not None and is_temporary_hash(user.password_hash):
        await verify_password(password, _DUMMY_HASH)
    return await verify_password(password, user.password_hash if user else _DUMMY_HASH) and user is not None


async def create(
    db: AsyncSession, *, actor: User | None, email: str, display_name: str, role: UserRole, password: str,
    password_hash: str | None = None, temporary: bool = False,
) -> User:
    """Admins create any role; teachers create students; nobody else creates accounts. `password_hash`, when
    given, is `password` hashed already (a batch hashes before it writes, not while it holds the write lock)."""
    if actor is not None:
        if actor.role == UserRole.teacher and role != UserRole.student:
            raise Forbidden("Teachers can create student accounts only.")
        if actor.role == UserRole.student:
            raise Forbidden("Students cannot create accounts.")
    if await get_by_email(db, email) is not None:
        raise Conflict(f"An account with the email {email.lower()} already exists.")
    user = User(
        email=email.strip().lower(),
        display_name=display_name.strip(),
        role=role,
        password_hash=password_hash or await hash_password(password),
        created_by_id=actor.id if actor is not None else None,
        must_change_password=temporary,
    )
    db.add(user)
    try:
        async with db.begin_nested():
            await db.flush()
    except IntegrityError as exc:
        raise Conflict(f"An account with the email {email.lower()} already exists.") from exc
    return user


async def create_students(db: AsyncSession, *, actor: User, accounts: list[tuple[str, str, str]],
                          batch: int = 100) -> dict[str, int]:
    """Student accounts (email, display name, temporary password's hash) made by a roster import, a hundred per
    statement; an address taken meanwhile is skipped. Returns email -> new id for those made."""
    if actor.role not in (UserRole.teacher, UserRole.admin):
        raise Forbidden("Students cannot create accounts.")
    dialect = (await db.connection()).dialect.name
    made: dict[str, int] = {}
    now = utcnow()
    for start in range(0, len(accounts), batch):
        rows = [{"email": email, "display_name": name, "role": UserRole.student, "password_hash": password_hash,
                 "created_by_id": actor.id, "must_change_password": True, "is_active": True, "token_version": 0,
                 "created_at": now, "updated_at": now} for email, name, password_hash in accounts[start:start + batch]]
        statement = insert_unless_present(dialect, User, rows, ["email"]).returning(User.id, User.email)
        made.update({email: user_id for user_id, email in (await db.execute(statement)).all()})
    return made


def page_cursor(user: User) -> str:
    """Where the next page starts: after this account, in the list's order (role, name, id)."""
    return base64.urlsafe_b64encode(json.dumps([user.role.value, user.display_name, user.id]).encode()).decode()


def _after(cursor: str) -> tuple[str, str, int]:
    """The (role, name, id) a cursor names, checked as strictly as the accounts themselves."""
    try:
        role, name, user_id = json.loads(base64.urlsafe_b64decode(cursor.encode()))
        if (role in {r.value for r in UserRole} and isinstance(name, str) and len(name) <= 120 and "\x00" not in name
                and isinstance(user_id, int) and 1 <= user_id <= MAX_ID):
            return role, name, user_id
    except (ValueError, TypeError):
        pass
    raise InvalidInput("That page cursor is not one this list gave out: start again without it.")


async def list_visible(db: AsyncSession, *, actor: User, limit: int | None = None,
                       cursor: str | None = None) -> list[User]:
    """Admins see everyone; teachers see the students enrolled in one of their sections now, and those they created
    who were never on one of their rosters (a student removed from their sections leaves their list)."""
    query = select(User).order_by(User.role, User.display_name, User.id)
    if actor.role == UserRole.teacher:
        rosters = (select(SectionEnrollment.student_id).join(Section, Section.id == SectionEnrollment.section_id)
                   .where(Section.teacher_id == actor.id))
        enrolled = rosters.where(SectionEnrollment.is_active.is_(True))
        query = query.where(User.role == UserRole.student,
                            or_(User.id.in_(enrolled), and_(User.created_by_id == actor.id, User.id.not_in(rosters))))
    elif actor.role != UserRole.admin:
        raise Forbidden("Only teachers and administrators can list accounts.")
    if cursor:
        query = query.where(tuple_(User.role, User.display_name, User.id) > _after(cursor))
    if limit is not None:
        query = query.limit(limit)
    return list(await db.scalars(query))


async def count_admins(db: AsyncSession) -> int:
    return int(await db.scalar(select(func.count()).select_from(User).where(User.role == UserRole.admin)) or 0)


async def ensure_first_admin(db: AsyncSession, *, email: str, password: str) -> User | None:
    """Create the admin from VC_ADMIN_EMAIL / VC_ADMIN_PASSWORD when the platform has none yet."""
    if not email or not password or await count_admins(db) > 0:
        return None
    return await create(
        db, actor=None, email=email, display_name="Administrator", role=UserRole.admin, password=password
    )
