"""Run the battery against a client through the real provider, judge it, and keep the result.

The probes are throwaway conversations held in memory (`Rehearsal`, the very requests a session would send),
never practice sessions: no session row, nothing in any list of conversations. Their cost goes to the LLM
ledger with purpose `check`. Like a conversation turn, a check waits seconds on the model, so it reads the
client, gives its database connection back, and writes the ledger rows and the result in a transaction of
its own afterwards.
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

from backend.core.circuit_breaker import CircuitOpen
from backend.core.config import Settings
from backend.core.db import ConnectionGate, release_slot_early
from backend.core.errors import NotFound
from backend.llm.base import ProviderError, TokenUsage
from backend.models.base import utcnow
from backend.models.check import PersonaCheck
from backend.models.client import Client
from backend.models.ledger import CallPurpose
from backend.models.user import User
from backend.schemas.check import PersonaCheckRead
from backend.services.checks.judge import JudgeVerdict, judge_request, read_verdicts
from backend.services.checks.probes import PROBES, Probe
from backend.services.checks.results import Call, combine
from backend.services.checks.rules import Exchange
from backend.services.clients import personas
from backend.services.conversation.reply import ReplyGenerator
from backend.services.conversation.requests import Rehearsal
from backend.services.spend import costs
from backend.services.spend.ledger import record_llm_call

NOT_CHECKED = "{name} has not been checked yet. Run \"Check this client\" (POST /clients/{id}/checks) first."


@dataclass
class CheckService:
    settings: Settings
    replies: ReplyGenerator
    db_engine: AsyncEngine
    db_gate: ConnectionGate

    async def run(self, db: AsyncSession, *, actor: User, client_id: int) -> PersonaCheckRead:
        """Every probe through the provider, judged by rules (and a judge model when the provider has one)."""
        client = await personas.get_manageable(db, actor=actor, client_id=client_id)
        persona, edited, owner_id = personas.persona_snapshot(client), client.updated_at, client.owner_id
        await costs.enforce_caps(await db.connection(), self.settings, session_cost=0.0, user_id=actor.id)
        await db.commit()
        release_slot_early(db)  # the probes take seconds: let others use the connection meanwhile
        runs, calls = await self.probe_all(persona)
        verdicts, judge_call = await self._judge(persona, runs)
        calls += [judge_call] if judge_call else []
        results = combine(persona, runs, verdicts)
        values = {
            "client_id": client_id, "requested_by": actor.id, "provider": self.replies.provider.name,
            "model": self.replies.provider.model, "verdict": results.verdict, "judged": verdicts is not None,
            "probes": results.probes, "persona_updated_at": edited,
            "cost_usd": round(sum(call.cost_usd for call in calls), 8),
            "created_at": utcnow(),
        }
        async with self.db_gate.slot(), self.db_engine.begin() as conn:
            for call in calls:
                await record_llm_call(
                    conn, session_id=None, user_id=actor.id, teacher_id=owner_id, provider=call.provider,
                    model=call.model, usage=call.usage, cost_usd=call.cost_usd, latency_ms=call.latency_ms,
                    outcome=call.outcome, error=call.error, purpose=CallPurpose.check,
                )
            check_id = (await conn.execute(insert(PersonaCheck).returning(PersonaCheck.id), values)).scalar_one()
        return PersonaCheckRead(id=check_id, up_to_date=True, **values)

    async def _probe(self, persona: dict[str, Any], probe: Probe) -> tuple[list[Exchange], list[Call]]:
        rehearsal = Rehearsal(persona, max_tokens=self.settings.max_tokens,
                              history_budget=self.settings.history_token_budget,
                              guard=not self.replies.provider.simulated)
        exchanges, calls = [], []
        for line in probe.lines:
            # the model's own reply, not check-and-revise's: the check shows what the persona makes the model do
            outcome = await self.replies.generate(rehearsal.ask(line))
            rehearsal.answer(outcome.text, counts=not outcome.is_fallback)
            exchanges.append(Exchange(line, outcome.text, outcome.is_fallback))
            if outcome.called_provider:
                calls.append(Call.of_reply(outcome))
        return exchanges, calls

    async def probe_all(self, persona: dict[str, Any]
                         ) -> tuple[list[tuple[Probe, list[Exchange]]], list[Call]]:
        """The first probe alone (it writes the prompt's cache), then the rest at once (they read it)."""
        first = await self._probe(persona, PROBES[0])
        rest = await asyncio.gather(*(self._probe(persona, probe) for probe in PROBES[1:]))
        done = [first, *rest]
        return ([(probe, exchanges) for probe, (exchanges, _) in zip(PROBES, done, strict=True)],
                [call for _, probe_calls in done for call in probe_calls])

    async def _judge(self, persona: dict[str, Any], runs: list[tuple[Probe, list[Exchange]]]
                     ) -> tuple[dict[str, JudgeVerdict] | None, Call | None]:
        """One structured call over every probe, behind the breaker and the deadline; None when unavailable."""
        provider, replies = self.replies.provider, self.replies
        if not provider.supports_structured:
            return None, None
        try:
            await replies.breaker.before_call()
        except CircuitOpen:
            return None, None
        started = time.perf_counter()
        try:
            async with asyncio.timeout(replies.deadline_s), replies.slots:
                answer = await provider.complete_structured(judge_request(persona, runs))
        except (ProviderError, TimeoutError) as exc:
            await replies.breaker.record_failure()
            usage = exc.usage if isinstance(exc, ProviderError) and exc.usage else TokenUsage()
            message = exc.message if isinstance(exc, ProviderError) else "the judge did not answer in time"
            return None, Call(provider.name, provider.model, usage, replies.cost(provider.model, usage),
                              int((time.perf_counter() - started) * 1000), "error", message)
        await replies.breaker.record_success()
        call = Call(answer.provider, answer.model, answer.usage, replies.cost(answer.model, answer.usage),
                    int((time.perf_counter() - started) * 1000), "ok", None)
        return read_verdicts(answer.data), call

    async def latest(self, db: AsyncSession, *, actor: User, client_id: int) -> PersonaCheckRead:
        client = await personas.get_manageable(db, actor=actor, client_id=client_id)
        found = await db.scalar(select(PersonaCheck).where(PersonaCheck.client_id == client_id)
                                .order_by(PersonaCheck.created_at.desc(), PersonaCheck.id.desc()).limit(1))
        if found is None:
            raise NotFound(NOT_CHECKED.format(name=client.name, id=client_id))
        return read_check(found, client)


def read_check(check: PersonaCheck, client: Client) -> PersonaCheckRead:
    return PersonaCheckRead.model_validate(check).model_copy(
        update={"up_to_date": client.updated_at <= check.persona_updated_at})
