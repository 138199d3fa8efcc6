"""LTI inside the course: the launch's sign-in code, the roster from the LMS, and scores on their way to it."""

from typing import Annotated, Any

from fastapi import APIRouter, Path, Response

from backend.api.deps import DbDep, RuntimeDep, StaffUser
from backend.api.paging import Cursor, limit_to, with_next
from backend.api.params import SectionId
from backend.schemas.base import MAX_ID
from backend.schemas.errors import ErrorResponse
from backend.schemas.lti import LtiCodeExchange, RosterSyncResult, ScoreSendRead
from backend.schemas.user import TokenResponse
from backend.services.lti import codes, roster, score_states

router = APIRouter(tags=["lti"])
SendId = Annotated[int, Path(ge=1, le=MAX_ID, description="A score send's id")]
LMS_DOWN: dict[int | str, dict[str, Any]] = {502: {"model": ErrorResponse, "description": "The LMS failed the call"}}


@router.post("/auth/lti-code", response_model=TokenResponse)
async def exchange_lti_code(body: LtiCodeExchange, db: DbDep, runtime: RuntimeDep) -> TokenResponse:
    """The app's half of an LMS launch: the one-time code becomes a sign-in, exactly as POST /auth/login answers."""
    return await codes.exchange(db, settings=runtime.settings, code=body.code)


@router.post("/sections/{section_id}/lti/roster-sync", response_model=RosterSyncResult, responses=LMS_DOWN)
async def roster_sync(section_id: SectionId, actor: StaffUser, db: DbDep, runtime: RuntimeDep) -> RosterSyncResult:
    """Enroll the LMS course's learners (Names and Role Provisioning); those gone are marked removed. Limited per
    person per hour."""
    return await roster.sync(db, runtime.lti.http, actor=actor, section_id=section_id, limits=runtime.limits)


@router.get("/sections/{section_id}/lti/score-sends", response_model=list[ScoreSendRead])
async def score_sends(section_id: SectionId, actor: StaffUser, db: DbDep, response: Response,
                      limit: int = limit_to(1000, 1000), cursor: Cursor = None) -> list[ScoreSendRead]:
    """Each score on its way to the LMS gradebook: sent to LMS, waiting, or failed and why (oldest first, paged)."""
    found = await score_states.for_section(db, actor=actor, section_id=section_id, limit=limit, cursor=cursor)
    return with_next(response, found, limit, score_states.page_key)


@router.post("/lti/score-sends/{send_id}/resend", response_model=ScoreSendRead)
async def resend_score(send_id: SendId, actor: StaffUser, db: DbDep) -> ScoreSendRead:
    """Send this score to the LMS again, now."""
    return await score_states.resend(db, actor=actor, send_id=send_id)
