"""Who launched: the account for an LMS person, found by (iss, sub), created without a password otherwise."""

from __future__ import annotations

import hashlib

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from backend.core.errors import Conflict
from backend.models.lti_launch import LtiUser
from backend.models.lti_platform import LtiPlatform
from backend.models.user import User, UserRole
from backend.services.accounts import users

NO_PASSWORD = "!lti"  # not an argon2 hash: no password ever matches it, the account signs in through its LMS


def _placeholder_email(issuer: str, sub: str) -> str:
    digest = hashlib.sha256(f"{issuer}\n{sub}".encode()).hexdigest()[:20]
    return f"lti-{digest}@lti.invalid"


def display_name(person: dict[str, object], fallback: str) -> str:
    name = person.get("name") or " ".join(str(person.get(k) or "") for k in ("given_name", "family_name")).strip()
    return (str(name) if name else fallback).strip()[:120] or fallback


async def find(db: AsyncSession, *, issuer: str, sub: str) -> tuple[LtiUser, User] | None:
    row = (await db.execute(select(LtiUser, User).join(User, User.id == LtiUser.user_id)
                            .where(LtiUser.issuer == issuer, LtiUser.sub == sub))).first()
    return (row[0], row[1]) if row else None


async def find_or_create(db: AsyncSession, *, platform: LtiPlatform, sub: str, role: UserRole,
                         person: dict[str, object]) -> tuple[LtiUser, User]:
    """The LMS is the authority on who is teaching: a student launching as instructor becomes a teacher; an
    account is never made an admin from an LMS, and is linked by email only where the admin allowed it."""
    found = await find(db, issuer=platform.issuer, sub=sub)
    if found is not None:
        link, user = found
        if role == UserRole.teacher and user.role == UserRole.student:
            user.role = UserRole.teacher
        return link, user
    email = str(person.get("email") or "").strip().lower()
    existing = await users.get_by_email(db, email) if email and len(email) <= 254 else None
    try:
        # A first launch in two tabs at once: the second finds what the first made instead of failing.
        async with db.begin_nested():
            if existing is not None and platform.link_by_email and existing.role != UserRole.admin:
                user = existing
            else:
                user = User(email=email if email and existing is None and len(email) <= 254 else
                            _placeholder_email(platform.issuer, sub),
                            display_name=display_name(person, "LMS user"), role=role, password_hash=NO_PASSWORD)
                db.add(user)
                await db.flush()
            link = LtiUser(issuer=platform.issuer, sub=sub, platform_id=platform.id, user_id=user.id)
            db.add(link)
            await db.flush()
    except IntegrityError:
        found = await find(db, issuer=platform.issuer, sub=sub)
        if found is None:
            raise Conflict("Another launch is setting up your account right now; open the activity again.") from None
        return found
    return link, user
