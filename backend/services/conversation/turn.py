"""One conversation turn: keep the student's words first, ask the provider, store the reply and what it cost."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

from sqlalchemy.exc import InterfaceError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession
from tenacity import AsyncRetrying, retry_if_exception_type, stop_after_delay, wait_exponential

from backend.core.background import BackgroundTasks
from backend.core.config import Settings
from backend.core.db import ConnectionGate, release_slot_early
from backend.core.errors import Conflict, InvalidInput
from backend.core.rate_limits import RateLimits
from backend.interviewing.hidden import TurnStep
from backend.llm.base import ConversationRequest
from backend.llm.tokens import estimate_claude_tokens
from backend.models.message import MessageRole
from backend.models.session import SessionStatus
from backend.models.user import User, UserRole
from backend.schemas.session import MessageRead, TurnResponse
from backend.services.conversation import disclosure, queries, sessions
from backend.services.conversation.prompt import system_blocks
from backend.services.conversation.reply import ReplyGenerator, ReplyOutcome
from backend.services.conversation.requests import build_request
from backend.services.conversation.streaming import stream_events
from backend.services.spend import costs
from backend.services.spend.costs import FiredAlerts
from backend.services.spend.ledger import record_error, record_llm_call

HISTORY_FETCH_LIMIT = 400
SESSION_ENDED = "This session has ended. Start a new session to keep practising."
STORE_RETRY = AsyncRetrying(
    retry=retry_if_exception_type((OperationalError, InterfaceError, PoolTimeout, OSError)),
    wait=wait_exponential(multiplier=0.2, max=3),
    stop=stop_after_delay(60),
    reraise=True,
)


@dataclass
class PreparedTurn:
    """A student message that is already stored, plus everything needed to answer it and report the turn."""

    session_id: int
    user_id: int
    user_label: str
    teacher_id: int | None
    client_name: str
    feedback_rating: float | None
    student_message: MessageRead
    request: ConversationRequest
    step: TurnStep
    staff: bool  # teachers and admins see the client's trust trajectory; students do not


def _validate_content(content: str, max_chars: int) -> str:
    text = content.strip()
    if not text:
        raise InvalidInput("Type a message before sending: an empty message cannot be sent.")
    if len(text) > max_chars:
        raise InvalidInput(
            f"Your message is {len(text):,} characters long; the limit is {max_chars:,}. "
            "Shorten it or send it in parts."
        )
    return text


@dataclass
class TurnService:
    """What a turn uses: the settings, the reply generator, the limits and its own database access."""

    settings: Settings
    replies: ReplyGenerator
    limits: RateLimits
    db_engine: AsyncEngine
    db_gate: ConnectionGate
    fired_alerts: FiredAlerts
    background: BackgroundTasks

    async def take_turn(self, db: AsyncSession, *, actor: User, session_id: int, content: str) -> TurnResponse:
        """A whole plain turn: the stored student message, the stored reply and the session totals after it."""
        turn = await self.accept(db, actor=actor, session_id=session_id, content=content)
        return await self.store(turn, await self.replies.generate(turn.request))

    async def take_streamed_turn(self, db: AsyncSession, *, actor: User, session_id: int, content: str
                                 ) -> AsyncIterator[str]:
        """Accept now (refusals are plain HTTP errors), then stream the reply as Server-Sent Events."""
        turn = await self.accept(db, actor=actor, session_id=session_id, content=content)

        async def produce(on_delta, on_discard) -> TurnResponse:  # type: ignore[no-untyped-def]
            outcome = await self.replies.generate(turn.request, on_delta=on_delta, on_discard=on_discard)
            return await self.store(turn, outcome)

        return stream_events(turn.student_message, produce, self.background, session_id=session_id)

    async def accept(self, db: AsyncSession, *, actor: User, session_id: int, content: str) -> PreparedTurn:
        """Validate, apply limits, then commit the student's message on its own before any LLM call."""
        settings = self.settings
        text = _validate_content(content, settings.max_message_chars)
        conn = await db.connection()
        held = await queries.held_session(conn, session_id)
        if held is None or held.user_id != actor.id:
            await sessions.refuse_non_holder(db, actor=actor, session_id=session_id)
        assert held is not None
        if held.status != SessionStatus.active:
            raise Conflict(SESSION_ENDED)
        await costs.enforce_caps(conn, settings, session_cost=held.cost_usd, user_id=actor.id)
        earlier = await queries.recent_utterances(conn, session_id, HISTORY_FETCH_LIMIT)
        blocks = system_blocks(held.persona)
        estimate = estimate_claude_tokens(
            [*blocks, text, *(m.content for m in earlier[-20:])], self.replies.provider.model
        ) + settings.max_tokens
        await self.limits.hit_message(actor.id, estimated_tokens=estimate)

        sequence = await queries.allocate_sequence(conn, session_id, require_active=True)
        if sequence is None:
            raise Conflict(SESSION_ENDED)
        student_message = await queries.insert_message(
            conn, session_id=session_id, sequence=sequence, role=MessageRole.user, content=text
        )
        await db.commit()
        release_slot_early(db)  # the reply may take seconds: let others use the connection meanwhile

        request, taken = build_request(held.persona, earlier, student_message, held.disclosure,
                                       max_tokens=settings.max_tokens, history_budget=settings.history_token_budget,
                                       blocks=blocks)
        return PreparedTurn(
            session_id=session_id, user_id=actor.id, user_label=actor.display_name, teacher_id=held.teacher_id,
            client_name=held.client_name, feedback_rating=held.feedback_rating, student_message=student_message,
            request=request, step=taken, staff=actor.role != UserRole.student,
        )

    async def store(self, turn: PreparedTurn, outcome: ReplyOutcome) -> TurnResponse:
        """Store the reply, retrying while the database is busy or briefly away: the provider has billed it."""
        state, line = disclosure.settle(turn.request.persona, turn.step, outcome.text, counts=not outcome.is_fallback)
        async for attempt in STORE_RETRY.copy():
            with attempt:
                stored = await self._store_once(turn, outcome, state, line)
        usage = outcome.usage
        billed = usage.input_tokens + usage.output_tokens + usage.cache_creation_input_tokens
        await self.limits.charge_tokens(turn.user_id, billed)
        return stored

    async def _store_once(self, turn: PreparedTurn, outcome: ReplyOutcome, state: dict[str, Any],
                          line: dict[str, Any]) -> TurnResponse:
        """Reply, running totals and trust state, ledger row, error log and alerts land in one transaction."""
        usage = outcome.usage
        async with self.db_gate.slot(), self.db_engine.begin() as conn:
            totals = await queries.add_reply_to_totals(conn, turn.session_id, usage, outcome.cost_usd, state)
            reply = await queries.insert_message(
                conn, session_id=turn.session_id, sequence=totals.message_count, role=MessageRole.assistant,
                content=outcome.text, usage=usage, cost_usd=outcome.cost_usd, latency_ms=outcome.latency_ms,
                is_fallback=outcome.is_fallback, provider=outcome.provider, disclosure=line,
            )
            if outcome.called_provider:
                await record_llm_call(
                    conn, session_id=turn.session_id, user_id=turn.user_id, teacher_id=turn.teacher_id,
                    provider=outcome.provider, model=outcome.model, usage=usage, cost_usd=outcome.cost_usd,
                    latency_ms=outcome.latency_ms, outcome="error" if outcome.error_kind else "ok",
                    error=outcome.error_message, streamed=outcome.streamed,
                )
            if outcome.error_kind:
                await record_error(
                    conn, source="llm", kind=outcome.error_kind, message=outcome.error_message or outcome.error_kind,
                    session_id=turn.session_id, user_id=turn.user_id,
                    context={"model": outcome.model, "provider": outcome.provider, "latency_ms": outcome.latency_ms,
                             "turn": turn.request.turn_index, "fallback_sent": True},
                )
            await costs.check_alerts(
                conn, self.settings, self.fired_alerts, session_id=turn.session_id,
                session_cost=float(totals.cost_usd), user_id=turn.user_id, user_label=turn.user_label,
            )
        session = queries.session_read({
            **totals._mapping, "client_name": turn.client_name, "user_display_name": turn.user_label,
            "feedback_rating": turn.feedback_rating,
        }, staff=turn.staff)
        if not turn.staff:
            reply = reply.model_copy(update={"disclosure": None})
        return TurnResponse(message=turn.student_message, reply=reply, provider=outcome.provider, session=session)
