"""A student's invitations to another teacher's sections: list them, accept (the section opens) or decline."""

from typing import Annotated

from fastapi import APIRouter, Path, Response, status

from backend.api.deps import CurrentUser, DbDep
from backend.schemas.base import MAX_ID
from backend.schemas.invitation import InvitationRead
from backend.schemas.section import SectionRead
from backend.services.courses import invitations

router = APIRouter(prefix="/me/invitations", tags=["sections"])
InvitationId = Annotated[int, Path(ge=1, le=MAX_ID, description="An invitation's id")]


@router.get("", response_model=list[InvitationRead])
async def list_invitations(actor: CurrentUser, db: DbDep) -> list[InvitationRead]:
    """Your pending invitations to sections, newest first (teachers and admins are never invited)."""
    return await invitations.pending_for(db, actor=actor)


@router.post("/{invitation_id}/accept", response_model=SectionRead)
async def accept_invitation(invitation_id: InvitationId, actor: CurrentUser, db: DbDep) -> SectionRead:
    """You join the section: it, its assignments and your attempts at them appear in your lists."""
    return await invitations.accept(db, actor=actor, invitation_id=invitation_id)


@router.post("/{invitation_id}/decline", status_code=status.HTTP_204_NO_CONTENT)
async def decline_invitation(invitation_id: InvitationId, actor: CurrentUser, db: DbDep) -> Response:
    """The section stays out of sight; the teacher sees the invitation is no longer pending."""
    await invitations.decline(db, actor=actor, invitation_id=invitation_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)
