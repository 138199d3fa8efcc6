"""Sessions, their transcripts, the conversation turn (plain and streamed) and teacher feedback."""

from fastapi import APIRouter, BackgroundTasks, Query, Response, status
from fastapi.responses import StreamingResponse

from backend.api.deps import CurrentUser, DbDep, RuntimeDep, SignedIn
from backend.api.downloads import download
from backend.api.paging import Cursor, limit_to, with_next
from backend.api.params import MAX_ID, IdempotencyKey, SessionId, TimeZone, TranscriptFormatQuery
from backend.models.session import SessionStatus
from backend.schemas.session import (
    FeedbackCreate,
    FeedbackRead,
    MessageCreate,
    MessageRead,
    SessionCreate,
    SessionRead,
    TurnResponse,
)
from backend.services.conversation import sessions
from backend.services.courses import exports, submission
from backend.services.spend.gate import paid_by

router = APIRouter(prefix="/sessions", tags=["sessions"])
TRANSCRIPT = {200: {"content": {"text/markdown": {}, "text/csv": {}, "application/pdf": {}},
                    "description": "The transcript as a file"}}


@router.post("", response_model=SessionRead, status_code=status.HTTP_201_CREATED)
async def start_session(body: SessionCreate, actor: CurrentUser, db: DbDep, runtime: RuntimeDep) -> SessionRead:
    """`{client_id}` for free practice or a teacher's test; `{assignment_id}` for an attempt at an assignment."""
    provider = runtime.provider
    return await sessions.start(db, actor=actor, client_id=body.client_id, assignment_id=body.assignment_id,
                                provider=provider.name, model=provider.model, limits=runtime.limits)


@router.get("", response_model=list[SessionRead])
async def list_sessions(
    actor: CurrentUser,
    db: DbDep,
    response: Response,
    status_filter: SessionStatus | None = Query(None, alias="status"),
    client_id: int | None = Query(None, ge=1, le=MAX_ID),
    limit: int = limit_to(100, 500),
    offset: int = Query(0, ge=0, le=MAX_ID),
    cursor: Cursor = None,
) -> list[SessionRead]:
    """Newest first; page with `cursor` (or the older `offset`)."""
    found = await sessions.list_for(db, actor=actor, status=status_filter, client_id=client_id, limit=limit,
                                    offset=offset, cursor=cursor)
    return with_next(response, found, limit, sessions.page_key)


@router.get("/{session_id}", response_model=SessionRead)
async def get_session(session_id: SessionId, actor: CurrentUser, db: DbDep) -> SessionRead:
    return await sessions.read(db, actor=actor, session_id=session_id)


@router.get("/{session_id}/messages", response_model=list[MessageRead])
async def list_messages(session_id: SessionId, actor: CurrentUser, db: DbDep, response: Response,
                        limit: int = limit_to(1000, 1000), cursor: Cursor = None) -> list[MessageRead]:
    """In order, a page at a time."""
    found = await sessions.messages(db, actor=actor, session_id=session_id, limit=limit, cursor=cursor)
    return with_next(response, found, limit, sessions.message_key)


@router.post("/{session_id}/messages", response_model=TurnResponse, status_code=status.HTTP_201_CREATED)
async def send_message(
    session_id: SessionId, body: MessageCreate, signed: SignedIn, runtime: RuntimeDep, key: IdempotencyKey = None
) -> Response:
    """A turn. With an Idempotency-Key, sending again returns the original turn and stores nothing twice (the same
    key with other words: 422 `idempotency_key_reused`)."""
    turn = await runtime.turns.take_turn(user_id=signed.user_id, session_id=session_id, content=body.content, key=key,
                                         token_version=signed.version)
    return Response(turn.model_dump_json(), status_code=status.HTTP_201_CREATED, media_type="application/json")


@router.post("/{session_id}/messages/stream", response_class=StreamingResponse,
             responses={200: {"content": {"text/event-stream": {}}}})
async def send_message_streamed(
    session_id: SessionId, body: MessageCreate, signed: SignedIn, runtime: RuntimeDep, key: IdempotencyKey = None
) -> StreamingResponse:
    """Server-Sent Events: `message` (the stored student message), `delta`*, optional `discard`, then `done`.

    With an Idempotency-Key already used, the stream is the stored message and the stored turn (`done`).
    """
    events = await runtime.turns.take_streamed_turn(user_id=signed.user_id, session_id=session_id,
                                                    content=body.content, key=key, token_version=signed.version)
    return StreamingResponse(
        events,
        media_type="text/event-stream",
        headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"},
    )


@router.post("/{session_id}/end", response_model=SessionRead)
async def end_session(session_id: SessionId, actor: CurrentUser, db: DbDep) -> SessionRead:
    return await sessions.end(db, actor=actor, session_id=session_id)


@router.post("/{session_id}/submit", response_model=SessionRead)
async def submit_session(session_id: SessionId, actor: CurrentUser, db: DbDep, runtime: RuntimeDep,
                         after_response: BackgroundTasks) -> SessionRead:
    """Ends the session if still active and hands it in for its assignment (422 under the assignment's min_turns);
    its evaluation then starts in the background, once the submission is committed."""
    submitted = await submission.submit(db, actor=actor, session_id=session_id)
    after_response.add_task(paid_by(actor.id, runtime.evaluations.evaluate_in_background), submitted.id,
                            requested_by=actor.id)
    return submitted


@router.get("/{session_id}/transcript", response_class=Response, responses=TRANSCRIPT)
async def transcript(session_id: SessionId, actor: CurrentUser, db: DbDep, runtime: RuntimeDep, tz: TimeZone = None,
                     file_format: TranscriptFormatQuery = exports.TranscriptFormat.md,
                     ) -> Response:
    """Who, the client, the assignment, the dates and every message with its time, as Markdown, CSV or PDF."""
    return download(await exports.transcript_file(db, actor=actor, session_id=session_id, fmt=file_format, tz=tz,
                                                  fonts=runtime.settings.pdf_fonts, limits=runtime.limits))


@router.post("/{session_id}/feedback", response_model=FeedbackRead, status_code=status.HTTP_201_CREATED)
async def rate_session(session_id: SessionId, body: FeedbackCreate, actor: CurrentUser, db: DbDep) -> FeedbackRead:
    feedback = await sessions.rate(db, actor=actor, session_id=session_id, rating=body.rating,
                                   comment=body.comment, private_note=body.private_note)
    return FeedbackRead.model_validate(feedback)


@router.get("/{session_id}/feedback", response_model=list[FeedbackRead])
async def list_feedback(session_id: SessionId, actor: CurrentUser, db: DbDep) -> list[FeedbackRead]:
    return await sessions.feedback_for(db, actor=actor, session_id=session_id)
