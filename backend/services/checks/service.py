"""Run the battery against a client through the real provider, judge it, and keep the result.

The probes are throwaway conversations held in memory (`Rehearsal`, the very requests a session would send),
never practice sessions: no session row, nothing in any list of conversations. Their cost goes to the LLM
ledger with purpose `check`. Like a conversation turn, a check waits seconds on the model, so it reads the
client, gives its database connection back, and writes the ledger rows and the result in a transaction of
its own afterwards.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

from backend.core.circuit_breaker import CircuitOpen
from backend.core.config import Settings
from backend.core.db import ConnectionGate, release_slot_early
from backend.core.errors import RateLimited
from backend.llm.persona import sentence_budget
from backend.llm.structured import ModelCall, call_structured
from backend.models.base import utcnow
from backend.models.check import PersonaCheck
from backend.models.client import Client
from backend.models.ledger import CallPurpose
from backend.models.user import User
from backend.schemas.check import PersonaCheckRead
from backend.services.checks.judge import JudgeVerdict, judge_request, read_verdicts
from backend.services.checks.probes import PROBES, Probe
from backend.services.checks.results import call_of_reply, combine
from backend.services.checks.rules import Exchange
from backend.services.clients import personas
from backend.services.conversation.reply import ReplyGenerator
from backend.services.conversation.requests import Rehearsal
from backend.services.spend import costs
from backend.services.spend.gate import Meter, SpendGate
from backend.services.spend.ledger import record_llm_call


@dataclass
class CheckService:
    settings: Settings
    replies: ReplyGenerator
    db_engine: AsyncEngine
    db_gate: ConnectionGate
    spend: SpendGate | None = None  # caps and the teacher's daily tokens, checked before each probe's call

    async def run(self, db: AsyncSession, *, actor: User, client_id: int) -> PersonaCheckRead:
        """Every probe through the provider, judged by rules (and a judge model when the provider has one)."""
        client = await personas.get_manageable(db, actor=actor, client_id=client_id)
        persona, edited, owner_id = personas.persona_snapshot(client), client.updated_at, client.owner_id
        await costs.enforce_caps(await db.connection(), self.settings, session_cost=0.0, user_id=actor.id)
        if self.spend is not None:
            await self.spend.limits.hit_model_run(actor.id)
        await db.commit()
        release_slot_early(db)  # the probes take seconds: let others use the connection meanwhile
        meter = Meter(self.spend, actor.id, estimated_tokens=self.settings.max_tokens)
        try:
            runs, calls = await self.probe_all(persona, meter)
            verdicts, judge_call = await self._judge(persona, runs, meter)
        except RateLimited:  # a cap was reached mid-run: what was spent is recorded, the rest never runs
            await self._record(meter.calls, actor_id=actor.id, owner_id=owner_id)
            raise
        calls += [judge_call] if judge_call else []
        results = combine(persona, runs, verdicts)
        values = {
            "client_id": client_id, "requested_by": actor.id, "provider": self.replies.provider.name,
            "model": self.replies.provider.model, "verdict": results.verdict, "judged": verdicts is not None,
            "probes": results.probes, "persona_updated_at": edited,
            "cost_usd": round(sum(call.cost_usd for call in calls), 8),
            "created_at": utcnow(),
        }
        check_id = await self._record(calls, actor_id=actor.id, owner_id=owner_id, values=values)
        assert check_id is not None
        return PersonaCheckRead(id=check_id, up_to_date=True, **values)

    async def _record(self, calls: list[ModelCall], *, actor_id: int, owner_id: int | None,
                      values: dict[str, Any] | None = None) -> int | None:
        """The ledger rows of every call made (billed to whoever ran the check), and the check when it finished."""
        async with self.db_gate.slot(), self.db_engine.begin() as conn:
            for call in calls:
                await record_llm_call(
                    conn, session_id=None, user_id=actor_id, teacher_id=owner_id, provider=call.provider,
                    model=call.model, usage=call.usage, cost_usd=call.cost_usd, latency_ms=call.latency_ms,
                    outcome=call.outcome, error=call.ledger_error, purpose=CallPurpose.check,
                )
            if values is None:
                return None
            return (await conn.execute(insert(PersonaCheck).returning(PersonaCheck.id), values)).scalar_one()

    async def _probe(self, persona: dict[str, Any], probe: Probe, meter: Meter
                     ) -> tuple[list[Exchange], list[ModelCall]]:
        rehearsal = Rehearsal(persona, max_tokens=self.settings.max_tokens,
                              history_budget=self.settings.history_token_budget,
                              guard=not self.replies.provider.simulated)
        exchanges, calls = [], []
        for index, line in enumerate(probe.lines):
            # the model's own reply, not check-and-revise's: the check shows what the persona makes the model do;
            # the spend gate is asked once the call holds its slot, so a probe that queued cannot outspend a cap
            outcome = await self.replies.generate(rehearsal.ask(line), admit=meter.before)
            step = rehearsal.step
            ceiling = sentence_budget(persona, step.state.trust, first_turn=index == 0) if step else 0
            rehearsal.answer(outcome.text, counts=not outcome.is_fallback)
            exchanges.append(Exchange(line, outcome.text, outcome.is_fallback, ceiling))
            if outcome.called_provider:
                calls.append(call_of_reply(outcome))
                await meter.after(calls[-1])
        return exchanges, calls

    async def probe_all(self, persona: dict[str, Any], meter: Meter | None = None
                         ) -> tuple[list[tuple[Probe, list[Exchange]]], list[ModelCall]]:
        """The first probe alone (it writes the prompt's cache), then the rest at once (they read it); a refusal
        by the spend gate stops every probe still running."""
        meter = meter or Meter(None, None)
        first = await self._probe(persona, PROBES[0], meter)
        try:
            async with asyncio.TaskGroup() as group:
                tasks = [group.create_task(self._probe(persona, probe, meter)) for probe in PROBES[1:]]
        except* RateLimited as refused:
            raise refused.exceptions[0] from None
        done = [first, *(task.result() for task in tasks)]
        return ([(probe, exchanges) for probe, (exchanges, _) in zip(PROBES, done, strict=True)],
                [call for _, probe_calls in done for call in probe_calls])

    async def _judge(self, persona: dict[str, Any], runs: list[tuple[Probe, list[Exchange]]],
                     meter: Meter | None = None) -> tuple[dict[str, JudgeVerdict] | None, ModelCall | None]:
        """One structured call over every probe, behind the breaker and the deadline; None when unavailable."""
        provider, replies = self.replies.provider, self.replies
        if not provider.supports_structured:
            return None, None
        try:
            await replies.breaker.before_call()
        except CircuitOpen:
            return None, None
        if meter is not None:
            await meter.before()
        asked = await call_structured(provider, judge_request(persona, runs), model=provider.model,
                                      slots=replies.slots, deadline_s=replies.deadline_s, cost=replies.cost,
                                      breaker=replies.breaker)
        if meter is not None:
            await meter.after(asked.call)
        return (None if asked.reply is None else read_verdicts(asked.reply.data)), asked.call

    async def latest(self, db: AsyncSession, *, actor: User, client_id: int) -> PersonaCheckRead | None:
        """The newest check, or None for a client never checked: a normal state, so no 404 to fill the error log."""
        client = await personas.get_manageable(db, actor=actor, client_id=client_id)
        found = await db.scalar(select(PersonaCheck).where(PersonaCheck.client_id == client_id)
                                .order_by(PersonaCheck.created_at.desc(), PersonaCheck.id.desc()).limit(1))
        return None if found is None else read_check(found, client)


def read_check(check: PersonaCheck, client: Client) -> PersonaCheckRead:
    return PersonaCheckRead.model_validate(check).model_copy(
        update={"up_to_date": client.updated_at <= check.persona_updated_at})
