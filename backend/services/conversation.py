"""One conversation turn: keep the student's words first, ask the provider, store the reply and what it cost."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import select, update
from sqlalchemy.exc import InterfaceError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from sqlalchemy.ext.asyncio import AsyncSession
from tenacity import AsyncRetrying, retry_if_exception_type, stop_after_delay, wait_exponential

from backend.core.errors import Conflict, InvalidInput
from backend.core.runtime import Runtime
from backend.llm.base import ConversationRequest, LLMReply, ProviderError, TokenUsage
from backend.llm.pricing import UnknownModelError
from backend.llm.tokens import estimate_claude_tokens
from backend.models.base import utcnow
from backend.models.client import Client
from backend.models.message import Message, MessageRole
from backend.models.session import PracticeSession, SessionStatus
from backend.models.user import User
from backend.services import costs, sessions
from backend.services.circuit_breaker import CircuitOpen
from backend.services.fallbacks import fallback_reply
from backend.services.history import build_history
from backend.services.ledger import record_error, record_llm_call
from backend.services.prompt_builder import compile_system_prompt

HISTORY_FETCH_LIMIT = 400


@dataclass
class PreparedTurn:
    """A student message that is already stored, plus everything needed to answer it."""

    session_id: int
    user_id: int
    user_label: str
    teacher_id: int
    student_message: Message
    request: ConversationRequest


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


async def _allocate_sequence(db: AsyncSession, session_id: int, *, require_active: bool) -> int | None:
    """The session row is the counter: an atomic increment makes sequences unique and gap-free under races."""
    statement = (
        update(PracticeSession)
        .where(PracticeSession.id == session_id)
        .values(message_count=PracticeSession.message_count + 1, last_activity_at=utcnow())
        .returning(PracticeSession.message_count)
        .execution_options(synchronize_session=False)
    )
    if require_active:
        statement = statement.where(PracticeSession.status == SessionStatus.active)
    return (await db.execute(statement)).scalar_one_or_none()


async def accept_student_message(rt: Runtime, db: AsyncSession, *, actor: User, session_id: int, content: str
                                 ) -> PreparedTurn:
    """Validate, apply limits, then commit the student's message on its own before any LLM call."""
    text = _validate_content(content, rt.settings.max_message_chars)
    session = await sessions.get_owned_by_holder(db, actor=actor, session_id=session_id)
    sessions.ensure_active(session)
    await costs.enforce_caps(db, rt.settings, session=session, user_id=actor.id)
    earlier = list(
        reversed(
            (
                await db.scalars(
                    select(Message)
                    .where(Message.session_id == session_id)
                    .order_by(Message.sequence.desc())
                    .limit(HISTORY_FETCH_LIMIT)
                )
            ).all()
        )
    )
    system_prompt = compile_system_prompt(session.persona_snapshot)
    estimate = estimate_claude_tokens(
        [system_prompt, text, *(m.content for m in earlier[-20:])], rt.provider.model
    ) + rt.settings.max_tokens
    await rt.limits.hit_message(actor.id, estimated_tokens=estimate)

    sequence = await _allocate_sequence(db, session_id, require_active=True)
    if sequence is None:
        raise Conflict("This session has ended. Start a new session to keep practising.")
    message = Message(session_id=session_id, sequence=sequence, role=MessageRole.user, content=text)
    db.add(message)
    teacher_id = await db.scalar(select(Client.owner_id).where(Client.id == session.client_id))
    await db.commit()

    turns, omitted = build_history([*earlier, message], budget_tokens=rt.settings.history_token_budget)
    student_turns = sum(1 for m in earlier if m.role == MessageRole.user) + 1
    request = ConversationRequest(
        persona=session.persona_snapshot,
        system_prompt=system_prompt,
        messages=turns,
        max_tokens=rt.settings.max_tokens,
        turn_index=student_turns,
        omitted_turns=omitted,
    )
    return PreparedTurn(session_id, actor.id, actor.display_name, int(teacher_id or 0), message, request)


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


async def store_reply(rt: Runtime, turn: PreparedTurn, outcome: ReplyOutcome) -> Message:
    """Store the reply, retrying while the database is busy or briefly away: the provider has billed it."""
    async for attempt in STORE_RETRY.copy():
        with attempt:
            reply = await _store_reply_once(rt, turn, outcome)
    billed = outcome.usage.input_tokens + outcome.usage.output_tokens + outcome.usage.cache_creation_input_tokens
    await rt.limits.charge_tokens(turn.user_id, billed)
    return reply


async def _store_reply_once(rt: Runtime, turn: PreparedTurn, outcome: ReplyOutcome) -> Message:
    """Reply, running totals, ledger row, error log and alerts land in one transaction of their own."""
    usage = outcome.usage
    async with rt.sessions() as db:
        totals = (
            await db.execute(
                update(PracticeSession)
                .where(PracticeSession.id == turn.session_id)
                .values(
                    message_count=PracticeSession.message_count + 1,
                    input_tokens=PracticeSession.input_tokens + usage.input_tokens,
                    output_tokens=PracticeSession.output_tokens + usage.output_tokens,
                    cache_creation_tokens=PracticeSession.cache_creation_tokens + usage.cache_creation_input_tokens,
                    cache_read_tokens=PracticeSession.cache_read_tokens + usage.cache_read_input_tokens,
                    cost_usd=PracticeSession.cost_usd + outcome.cost_usd,
                    last_activity_at=utcnow(),
                )
                .returning(PracticeSession.message_count, PracticeSession.cost_usd)
                .execution_options(synchronize_session=False)
            )
        ).one()
        reply = Message(
            session_id=turn.session_id,
            sequence=totals.message_count,
            role=MessageRole.assistant,
            content=outcome.text,
            input_tokens=usage.input_tokens,
            output_tokens=usage.output_tokens,
            cache_creation_tokens=usage.cache_creation_input_tokens,
            cache_read_tokens=usage.cache_read_input_tokens,
            cost_usd=outcome.cost_usd,
            latency_ms=outcome.latency_ms,
            is_fallback=outcome.is_fallback,
            provider=outcome.provider,
        )
        db.add(reply)
        if outcome.called_provider:
            record_llm_call(
                db, session_id=turn.session_id, user_id=turn.user_id, teacher_id=turn.teacher_id or None,
                provider=outcome.provider, model=outcome.model, usage=usage, cost_usd=outcome.cost_usd,
                latency_ms=outcome.latency_ms, outcome="error" if outcome.error_kind else "ok",
                error=outcome.error_message, streamed=outcome.streamed,
            )
        if outcome.error_kind:
            record_error(
                db, source="llm", kind=outcome.error_kind, message=outcome.error_message or outcome.error_kind,
                session_id=turn.session_id, user_id=turn.user_id,
                context={"model": outcome.model, "provider": outcome.provider, "latency_ms": outcome.latency_ms,
                         "turn": turn.request.turn_index, "fallback_sent": True},
            )
        await db.flush()
        await costs.check_alerts(
            db, rt.settings, session_id=turn.session_id, session_cost=float(totals.cost_usd),
            user_id=turn.user_id, user_label=turn.user_label,
        )
        await db.commit()
    return reply
