"""LTI inside the course: the launch's sign-in code, the roster from the LMS, and scores on their way to it."""

from typing import Any

from fastapi import APIRouter

from backend.api.deps import DbDep, RuntimeDep, StaffUser
from backend.api.params import SectionId
from backend.schemas.errors import ErrorResponse
from backend.schemas.lti import LtiCodeExchange, RosterSyncResult
from backend.schemas.user import TokenResponse
from backend.services.lti import codes, roster

router = APIRouter(tags=["lti"])
LMS_DOWN: dict[int | str, dict[str, Any]] = {502: {"model": ErrorResponse, "description": "The LMS failed the call"}}


@router.post("/auth/lti-code", response_model=TokenResponse)
async def exchange_lti_code(body: LtiCodeExchange, db: DbDep, runtime: RuntimeDep) -> TokenResponse:
    """The app's half of an LMS launch: the one-time code becomes a sign-in, exactly as POST /auth/login answers."""
    return await codes.exchange(db, settings=runtime.settings, code=body.code)


@router.post("/sections/{section_id}/lti/roster-sync", response_model=RosterSyncResult, responses=LMS_DOWN)
async def roster_sync(section_id: SectionId, actor: StaffUser, db: DbDep, runtime: RuntimeDep) -> RosterSyncResult:
    """Enroll the LMS course's learners (Names and Role Provisioning); those gone are marked removed."""
    return await roster.sync(db, runtime.lti.http, actor=actor, section_id=section_id)
