"""One conversation turn: keep the student's words first, ask the provider, store the reply and what it cost."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy.exc import InterfaceError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from sqlalchemy.ext.asyncio import AsyncSession
from tenacity import AsyncRetrying, retry_if_exception_type, stop_after_delay, wait_exponential

from backend.core.circuit_breaker import CircuitOpen
from backend.core.db import release_slot_early
from backend.core.errors import Conflict, InvalidInput
from backend.llm.base import ConversationRequest, LLMReply, ProviderError, TokenUsage
from backend.llm.pricing import UnknownModelError
from backend.llm.tokens import estimate_claude_tokens
from backend.models.message import MessageRole
from backend.models.session import SessionStatus
from backend.models.user import User
from backend.runtime import Runtime
from backend.schemas.session import MessageRead, SessionRead
from backend.services.conversation import queries as turn_queries
from backend.services.conversation import sessions
from backend.services.conversation.fallbacks import fallback_reply
from backend.services.conversation.history import build_history
from backend.services.conversation.prompt import compile_system_prompt
from backend.services.spend import costs
from backend.services.spend.ledger import record_error, record_llm_call

HISTORY_FETCH_LIMIT = 400
SESSION_ENDED = "This session has ended. Start a new session to keep practising."


@dataclass
class PreparedTurn:
    """A student message that is already stored, plus everything needed to answer it and report the turn."""

    session_id: int
    user_id: int
    user_label: str
    teacher_id: int
    client_name: str
    feedback_rating: float | None
    student_message: MessageRead
    request: ConversationRequest


@dataclass
class StoredReply:
    reply: MessageRead
    session: SessionRead


@dataclass
class ReplyOutcome:
    text: str
    usage: TokenUsage
    cost_usd: float
    latency_ms: int
    is_fallback: bool
    provider: str
    model: str
    called_provider: bool
    streamed: bool = False
    error_kind: str | None = None
    error_message: str | None = None


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


async def accept_student_message(rt: Runtime, db: AsyncSession, *, actor: User, session_id: int, content: str
                                 ) -> PreparedTurn:
    """Validate, apply limits, then commit the student's message on its own before any LLM call."""
    text = _validate_content(content, rt.settings.max_message_chars)
    conn = await db.connection()
    held = await turn_queries.held_session(conn, session_id)
    if held is None or held.user_id != actor.id:
        await sessions.refuse_non_holder(db, actor=actor, session_id=session_id)
    assert held is not None
    if held.status != SessionStatus.active:
        raise Conflict(SESSION_ENDED)
    await costs.enforce_caps(conn, rt.settings, session_cost=held.cost_usd, user_id=actor.id)
    earlier = await turn_queries.recent_utterances(conn, session_id, HISTORY_FETCH_LIMIT)
    system_prompt = compile_system_prompt(held.persona)
    estimate = estimate_claude_tokens(
        [system_prompt, text, *(m.content for m in earlier[-20:])], rt.provider.model
    ) + rt.settings.max_tokens
    await rt.limits.hit_message(actor.id, estimated_tokens=estimate)

    sequence = await turn_queries.allocate_sequence(conn, session_id, require_active=True)
    if sequence is None:
        raise Conflict(SESSION_ENDED)
    student_message = await turn_queries.insert_message(
        conn, session_id=session_id, sequence=sequence, role=MessageRole.user, content=text
    )
    await db.commit()
    release_slot_early(db)  # the reply may take seconds: let others use the connection meanwhile

    turns, omitted = build_history([*earlier, student_message], budget_tokens=rt.settings.history_token_budget)
    student_turns = sum(1 for m in earlier if m.role == MessageRole.user) + 1
    request = ConversationRequest(
        persona=held.persona,
        system_prompt=system_prompt,
        messages=turns,
        max_tokens=rt.settings.max_tokens,
        turn_index=student_turns,
        omitted_turns=omitted,
    )
    return PreparedTurn(
        session_id=session_id, user_id=actor.id, user_label=actor.display_name, teacher_id=int(held.teacher_id or 0),
        client_name=held.client_name, feedback_rating=held.feedback_rating, student_message=student_message,
        request=request,
    )


def _cost(rt: Runtime, model: str, usage: TokenUsage) -> float:
    try:
        return rt.pricing.cost(model, usage)
    except UnknownModelError:
        return rt.pricing.cost(rt.provider.model, usage)


async def _call_provider(
    rt: Runtime, request: ConversationRequest, on_delta: Callable[[str], None] | None
) -> LLMReply:
    if on_delta is None:
        return await rt.provider.complete(request)
    final: LLMReply | None = None
    async for item in rt.provider.stream(request):
        if isinstance(item, str):
            on_delta(item)
        else:
            final = item
    if final is None:
        raise ProviderError("bad_response", "the stream ended without a final message")
    return final


async def generate_reply(
    rt: Runtime,
    turn: PreparedTurn,
    *,
    on_delta: Callable[[str], None] | None = None,
    on_discard: Callable[[], None] | None = None,
) -> ReplyOutcome:
    """Ask the provider within the turn deadline; any failure becomes an in-character fallback, never an error."""
    provider = rt.provider
    fallback = fallback_reply(turn.request.persona, turn_index=turn.request.turn_index)
    try:
        await rt.breaker.before_call()
    except CircuitOpen as exc:
        if on_delta is not None:
            on_delta(fallback)
        return ReplyOutcome(
            text=fallback, usage=TokenUsage(), cost_usd=0.0, latency_ms=0, is_fallback=True,
            provider=provider.name, model=provider.model, called_provider=False, streamed=on_delta is not None,
            error_kind="circuit_open",
            error_message=f"provider circuit open (next probe in {exc.retry_in_s:.0f}s); answered with a fallback",
        )
    started = time.perf_counter()
    emitted = False

    def _track(delta: str) -> None:
        nonlocal emitted
        emitted = True
        assert on_delta is not None
        on_delta(delta)

    try:
        async with asyncio.timeout(rt.settings.llm_turn_deadline_s), rt.llm_slots:
            started = time.perf_counter()
            reply = await _call_provider(rt, turn.request, _track if on_delta else None)
    except (ProviderError, TimeoutError) as exc:
        await rt.breaker.record_failure()
        if emitted and on_discard is not None:
            on_discard()
        kind = exc.kind if isinstance(exc, ProviderError) else "timeout"
        message = exc.message if isinstance(exc, ProviderError) else (
            f"no reply within the {rt.settings.llm_turn_deadline_s:g}s turn deadline"
        )
        usage = (exc.usage if isinstance(exc, ProviderError) else None) or TokenUsage()
        latency = int((time.perf_counter() - started) * 1000)
        outcome = ReplyOutcome(
            text=fallback, usage=usage, cost_usd=_cost(rt, provider.model, usage), latency_ms=latency,
            is_fallback=True, provider=provider.name, model=provider.model, called_provider=True,
            streamed=on_delta is not None, error_kind=kind, error_message=message,
        )
        if on_delta is not None:
            on_delta(fallback)
        return outcome
    await rt.breaker.record_success()
    latency = int((time.perf_counter() - started) * 1000)
    return ReplyOutcome(
        text=reply.text, usage=reply.usage, cost_usd=_cost(rt, reply.model, reply.usage), latency_ms=latency,
        is_fallback=False, provider=reply.provider, model=reply.model, called_provider=True,
        streamed=on_delta is not None,
    )


STORE_RETRY = AsyncRetrying(
    retry=retry_if_exception_type((OperationalError, InterfaceError, PoolTimeout, OSError)),
    wait=wait_exponential(multiplier=0.2, max=3),
    stop=stop_after_delay(60),
    reraise=True,
)


async def store_reply(rt: Runtime, turn: PreparedTurn, outcome: ReplyOutcome) -> StoredReply:
    """Store the reply, retrying while the database is busy or briefly away: the provider has billed it."""
    async for attempt in STORE_RETRY.copy():
        with attempt:
            stored = await _store_reply_once(rt, turn, outcome)
    billed = outcome.usage.input_tokens + outcome.usage.output_tokens + outcome.usage.cache_creation_input_tokens
    await rt.limits.charge_tokens(turn.user_id, billed)
    return stored


async def _store_reply_once(rt: Runtime, turn: PreparedTurn, outcome: ReplyOutcome) -> StoredReply:
    """Reply, running totals, ledger row, error log and alerts land in one transaction of their own."""
    usage = outcome.usage
    async with rt.db_gate.slot(), rt.engine.begin() as conn:
        totals = await turn_queries.add_reply_to_totals(conn, turn.session_id, usage, outcome.cost_usd)
        reply = await turn_queries.insert_message(
            conn, session_id=turn.session_id, sequence=totals.message_count, role=MessageRole.assistant,
            content=outcome.text, usage=usage, cost_usd=outcome.cost_usd, latency_ms=outcome.latency_ms,
            is_fallback=outcome.is_fallback, provider=outcome.provider,
        )
        if outcome.called_provider:
            await record_llm_call(
                conn, session_id=turn.session_id, user_id=turn.user_id, teacher_id=turn.teacher_id or None,
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
            conn, rt.settings, rt.fired_alerts, session_id=turn.session_id, session_cost=float(totals.cost_usd),
            user_id=turn.user_id, user_label=turn.user_label,
        )
    session = turn_queries.session_read(totals, client_name=turn.client_name, user_display_name=turn.user_label,
                                        rating=turn.feedback_rating)
    return StoredReply(reply=reply, session=session)
