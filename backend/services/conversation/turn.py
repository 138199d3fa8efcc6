"""One conversation turn: keep the student's words first, ask the provider, store the reply and what it cost.

Exactly once: a send may carry an Idempotency-Key; sending it again (a retry after a dropped connection, a
double click) stores nothing new and answers with the original turn, waiting for its reply if it is still
being written. A reply is tied to the message it answers, so a store retried after an ambiguous commit finds
the reply already there instead of adding a second one.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any, NoReturn

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from backend.core.background import BackgroundTasks
from backend.core.config import Settings
from backend.core.db import STORE_RETRY
from backend.core.errors import Conflict, DomainError, Forbidden, IdempotencyKeyReused, InvalidInput, Unauthorized
from backend.core.rate_limits import RateLimits
from backend.interviewing.hidden import TurnStep
from backend.llm.base import ConversationRequest
from backend.llm.tokens import estimate_prompt_tokens
from backend.models.base import utcnow
from backend.models.session import SessionStatus
from backend.models.user import User, UserRole
from backend.schemas.session import MessageRead, TurnResponse
from backend.services.accounts.sign_in import SIGNED_OUT
from backend.services.conversation import queries, sessions
from backend.services.conversation.note_guard import note_mark
from backend.services.conversation.reply import ReplyGenerator, ReplyOutcome
from backend.services.conversation.requests import build_request
from backend.services.conversation.revision import Review, Reviewer, check_call
from backend.services.conversation.streaming import replayed_events, stream_events
from backend.services.conversation.turn_store import TurnStore
from backend.services.conversation.turn_store.replay import session_totals, stored_response
from backend.services.conversation.turn_store.rows import (
    DuplicateMessage,
    ReplyAlreadyStored,
    ReplyToStore,
    StoredReply,
    TurnContext,
)
from backend.services.prompting import disclosure
from backend.services.prompting.prompt import system_blocks
from backend.services.spend import costs
from backend.services.spend.alert_rules import alert_keys, alerts_crossed
from backend.services.spend.costs import FiredAlerts
from backend.services.spend.gate import tokens_of

HISTORY_FETCH_LIMIT = 400
REPLAY_POLL_S = 0.2
SESSION_ENDED = "This session has ended. Start a new session to keep practising."
NOT_ACTIVE = "Your account is not active any more. Please sign in again."
NOT_ENROLLED = ("You are no longer enrolled in this assignment's section, so this attempt cannot go on. Ask your "
                "teacher if this is a mistake.")
ASSIGNMENT_CLOSED = ("Your teacher has closed this assignment (unpublished or archived), so this attempt cannot go "
                     "on. Your conversation so far is kept.")
KEY_REUSED = ("This Idempotency-Key was already used for a different message in this conversation. Use a new key "
              "for each new message.")


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
    session_cost: float = 0.0  # before this turn: the spending caps' view when a rewrite is considered


@dataclass(frozen=True)
class Replay:
    """A send whose Idempotency-Key is already stored: answer with the original turn, store nothing."""

    session_id: int
    message_id: int
    context: TurnContext


def _same_words(stored: str | None, text: str) -> None:
    """A repeated key answers with the original turn only when it carries the same words."""
    if stored is not None and stored != text:
        raise IdempotencyKeyReused(KEY_REUSED)


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
    """What a turn uses: the settings, the reply generator, the limits and its own way to the database."""

    settings: Settings
    replies: ReplyGenerator
    limits: RateLimits
    store: TurnStore
    session_factory: async_sessionmaker[AsyncSession]  # the rare paths: refusals, spending caps
    fired_alerts: FiredAlerts
    background: BackgroundTasks

    async def take_turn(self, *, user_id: int, session_id: int, content: str, key: str | None = None,
                        token_version: int | None = None) -> TurnResponse:
        """A whole plain turn: the stored student message, the stored reply and the session totals after it."""
        turn = await self.accept(user_id=user_id, session_id=session_id, content=content, key=key,
                                 token_version=token_version)
        if isinstance(turn, Replay):
            return await self.replayed(turn)
        outcome = await self.replies.generate(turn.request)
        return await self.store_reply(turn, outcome, await self.review(turn, outcome))

    async def take_streamed_turn(self, *, user_id: int, session_id: int, content: str, key: str | None = None,
                                 token_version: int | None = None) -> AsyncIterator[str]:
        """Accept now (refusals are plain HTTP errors), then stream the reply as Server-Sent Events."""
        turn = await self.accept(user_id=user_id, session_id=session_id, content=content, key=key,
                                 token_version=token_version)
        if isinstance(turn, Replay):
            return replayed_events(await self.replayed(turn))
        prepared = turn

        async def produce(on_delta, on_discard) -> TurnResponse:  # type: ignore[no-untyped-def]
            outcome = await self.replies.generate(prepared.request, on_delta=on_delta, on_discard=on_discard)
            review = await self.review(prepared, outcome)
            if review.text != outcome.text:  # the streamed draft is withdrawn and the checked reply sent whole
                on_discard()
                on_delta(review.text)
            return await self.store_reply(prepared, outcome, review)

        return stream_events(prepared.student_message, produce, self.background, session_id=session_id)

    async def accept(self, *, user_id: int, session_id: int, content: str, key: str | None,
                     token_version: int | None = None) -> PreparedTurn | Replay:
        """Validate, apply limits, then keep the student's message (committed on its own) before any LLM call.

        No connection is held across the limits check: it may wait on Redis or open a session of its own for the
        spending caps, and a turn holding one connection while waiting for another can starve the pool.
        """
        settings, sql = self.settings, self.store.sql
        text = _validate_content(content, settings.max_message_chars)
        async with self.store.connection() as conn:
            context = await sql.read(conn, user_id=user_id, session_id=session_id,
                                     history_limit=HISTORY_FETCH_LIMIT, key=key)
        if not context.user_found or not context.user_active:
            raise Unauthorized(NOT_ACTIVE)
        if token_version is not None and token_version != context.token_version:
            raise Unauthorized(SIGNED_OUT)
        if not context.session_found or context.holder_id != user_id:
            await self._refuse(user_id, session_id)
        if context.replayed_id is not None:
            _same_words(context.replayed_content, text)
            return Replay(session_id, context.replayed_id, context)
        if context.status != SessionStatus.active:
            raise Conflict(SESSION_ENDED)
        if not context.enrolled:
            raise Forbidden(NOT_ENROLLED)
        if not context.assignment_open:
            raise Conflict(ASSIGNMENT_CLOSED)
        blocks = system_blocks(context.persona)
        await self._within_limits(user_id, context, blocks, text)
        async with self.store.connection() as conn:
            try:
                async with self.store.writing():
                    message = await sql.add_student_message(conn, session_id=session_id, content=text, key=key,
                                                            now=utcnow())
            except DuplicateMessage:  # the same key sent twice at once: the other request stored it
                again = await sql.read(conn, user_id=user_id, session_id=session_id, history_limit=0, key=key)
                if again.replayed_id is None:  # not a repeated key: two writers raced for the same sequence
                    raise Conflict("Another message was saved in this conversation at the same moment. Reload "
                                   "the conversation and send yours again.") from None
                _same_words(again.replayed_content, text)
                return Replay(session_id, again.replayed_id, context)
        if message is None:
            raise Conflict(SESSION_ENDED)
        request, taken = build_request(context.persona, context.history, message, context.disclosure,
                                       max_tokens=settings.max_tokens, history_budget=settings.history_token_budget,
                                       blocks=blocks, mark=note_mark(settings.secret_key, session_id),
                                       guard=not self.replies.provider.simulated)
        return PreparedTurn(
            session_id=session_id, user_id=user_id, user_label=context.user_name, teacher_id=context.teacher_id,
            client_name=context.client_name, feedback_rating=context.feedback_rating, student_message=message,
            request=request, step=taken, staff=context.user_role != UserRole.student, session_cost=context.cost_usd,
        )

    async def _within_limits(self, user_id: int, context: TurnContext, blocks: tuple[str, str], text: str) -> None:
        """Spending caps (when configured) and the per-user limits, before anything is stored."""
        settings = self.settings
        if settings.cap_session_usd is not None or settings.cap_user_day_usd is not None or (
                settings.cap_platform_day_usd is not None):
            async with self.session_factory() as db:
                await costs.enforce_caps(db, settings, session_cost=context.cost_usd, user_id=user_id)
        provider = self.replies.provider
        estimate = estimate_prompt_tokens([*blocks, text, *(line.content for line in context.history[-20:])],
                                          provider=provider.name, model=provider.model) + settings.max_tokens
        await self.limits.hit_message(user_id, estimated_tokens=estimate)

    async def _refuse(self, user_id: int, session_id: int) -> NoReturn:
        """404 unless the person may see the session at all, else 403 (seeing a conversation is not holding it)."""
        async with self.session_factory() as db:
            actor = await db.get(User, user_id)
            assert actor is not None
            await sessions.refuse_non_holder(db, actor=actor, session_id=session_id)

    async def replayed(self, replay: Replay) -> TurnResponse:
        """The original turn of a repeated key, once its reply is stored (waiting up to the turn deadline)."""
        context = replay.context
        deadline = time.monotonic() + self.settings.llm_turn_deadline_s + 5
        while True:
            async with self.store.connection() as conn:
                found = await self.store.sql.stored_turn(conn, session_id=replay.session_id,
                                                         message_id=replay.message_id)
            if found is not None and found["reply_id"] is not None:
                return stored_response(found, client_name=context.client_name, user_name=context.user_name,
                                       rating=context.feedback_rating, staff=context.user_role != UserRole.student)
            if time.monotonic() > deadline:
                raise Conflict("This message was already received and its reply is not stored yet. Reload the "
                               "conversation in a moment: nothing was sent twice.")
            await asyncio.sleep(REPLAY_POLL_S)

    async def review(self, turn: PreparedTurn, outcome: ReplyOutcome) -> Review:
        """Check-and-revise the model's reply; a rewrite is one more call, so it must fit the student's tokens for
        the day and the spending caps too."""

        async def may_spend() -> bool:
            settings = self.settings
            try:
                await self.limits.check_tokens(turn.user_id, estimated_tokens=tokens_of(outcome.usage))
                if settings.cap_session_usd is None and settings.cap_user_day_usd is None and (
                        settings.cap_platform_day_usd is None):
                    return True
                async with self.session_factory() as db:
                    await costs.enforce_caps(db, settings, session_cost=turn.session_cost + outcome.cost_usd,
                                             user_id=turn.user_id)
            except DomainError:
                return False
            return True

        return await Reviewer(self.replies).review(turn.request, turn.step, outcome, may_spend=may_spend)

    async def store_reply(self, turn: PreparedTurn, outcome: ReplyOutcome, review: Review | None = None
                          ) -> TurnResponse:
        """Store the reply, retrying while the database is busy or briefly away: the provider has billed it."""
        text = review.text if review is not None else outcome.text
        state, line = disclosure.settle(turn.request.persona, turn.step, text, counts=not outcome.is_fallback)
        if review is not None and (checked := review.as_line()):
            line = {**line, "check": checked}
        call = review.call if review is not None else None
        reply = ReplyToStore(
            session_id=turn.session_id, answers=turn.student_message.id, user_id=turn.user_id,
            teacher_id=turn.teacher_id, text=text, usage=outcome.usage, cost_usd=outcome.cost_usd,
            latency_ms=outcome.latency_ms, is_fallback=outcome.is_fallback, provider=outcome.provider,
            model=outcome.model, called_provider=outcome.called_provider, streamed=outcome.streamed,
            error_kind=outcome.error_kind, error_message=outcome.error_message, state=state, line=line,
            turn_index=turn.request.turn_index, now=utcnow(), check=check_call(call),
        )
        async for attempt in STORE_RETRY.copy():
            with attempt:
                stored = await self._store_once(turn, reply)
        usage = reply.total_usage
        await self.limits.charge_tokens(turn.user_id, tokens_of(usage))
        return self._response(turn, stored.reply, stored.totals, outcome.provider)

    async def _store_once(self, turn: PreparedTurn, reply: ReplyToStore) -> StoredReply:
        keys = alert_keys(self.settings, self.fired_alerts, session_id=turn.session_id, user_id=turn.user_id)
        sql = self.store.sql
        async with self.store.connection() as conn:
            try:
                async with self.store.writing():
                    stored = await sql.store_reply(conn, reply, keys)
            except ReplyAlreadyStored as refused:  # an earlier attempt committed though its answer was lost
                found = await sql.stored_turn(conn, session_id=turn.session_id, message_id=turn.student_message.id)
                if found is None or found["reply_id"] is None:  # another rule refused the row: not a replay
                    raise IntegrityError("store reply", None, refused.__cause__ or refused) from refused
                again = stored_response(found, client_name=turn.client_name, user_name=turn.user_label,
                                        rating=turn.feedback_rating, staff=True)
                return StoredReply(reply=again.reply, totals=session_totals(found), alert_amounts={})
            crossed = alerts_crossed(self.settings, self.fired_alerts, keys, stored.alert_amounts,
                                     session_id=turn.session_id, user_id=turn.user_id, user_label=turn.user_label)
            if crossed:
                async with self.store.writing():
                    await sql.fire_alerts(conn, crossed)
        return stored

    def _response(self, turn: PreparedTurn, reply: MessageRead, totals: dict[str, Any], provider: str
                  ) -> TurnResponse:
        session = queries.session_read({
            **totals, "client_name": turn.client_name, "user_display_name": turn.user_label,
            "feedback_rating": turn.feedback_rating,
        }, staff=turn.staff)
        if not turn.staff:
            reply = reply.model_copy(update={"disclosure": None})
        return TurnResponse(message=turn.student_message, reply=reply, provider=provider, session=session)
