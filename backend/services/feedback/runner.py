"""Runs one evaluation: the model through `complete_structured` when the provider can, checked; else the rules.

An answer that fails its checks is asked for once more with the reasons; a second failure, a provider error
or an open circuit falls back to the offline evaluator, and the outcome says why. Every model call, kept or
rejected, is returned with its usage and cost for the LLM ledger.
"""

from __future__ import annotations

import asyncio
import contextlib
from dataclasses import dataclass, field, replace

from backend.core.circuit_breaker import CircuitBreaker, CircuitState
from backend.core.errors import RateLimited
from backend.llm.base import LLMProvider, TokenUsage
from backend.llm.pricing import PricingTable, UnknownModelError
from backend.llm.structured import ModelCall, StructuredOutcome, call_structured
from backend.schemas.evaluation import Analysis, NextStep
from backend.services.feedback import guards, offline
from backend.services.feedback.model_prompt import evaluation_request
from backend.services.feedback.readings import Disagreement, disagreements
from backend.services.feedback.transcript import Transcript
from backend.services.feedback.validation import check_answer
from backend.services.spend.gate import PAYER, SpendGate

ATTEMPTS = 2  # the first answer and one retry
DEADLINE_S = 120.0
NOT_FILLED = "the answer did not fill in the record_evaluation tool"
ESTIMATED_TOKENS = 4000  # what one evaluation call is checked against the payer's day before it runs
SPEND_REFUSED = "The offline evaluator scored this conversation: today's spending limit for AI feedback is reached."


@dataclass(frozen=True)
class Outcome:
    analysis: Analysis
    provider: str
    model: str
    approximate: bool
    fallback_reason: str | None = None
    calls: list[ModelCall] = field(default_factory=list)

    @property
    def cost_usd(self) -> float:
        return round(sum(call.cost_usd for call in self.calls), 8)


def offline_outcome(transcript: Transcript, reason: str | None = None, calls: list[ModelCall] | None = None
                    ) -> Outcome:
    return Outcome(analysis=guards.hold(offline.evaluate_offline(transcript), transcript), provider=offline.PROVIDER,
                   model=offline.MODEL, approximate=True, fallback_reason=reason, calls=calls or [])


@dataclass
class EvaluationRunner:
    provider: LLMProvider
    pricing: PricingTable
    breaker: CircuitBreaker
    slots: asyncio.Semaphore  # the provider's concurrency bound, shared with the conversation turns
    model: str
    share: asyncio.Semaphore | None = None  # evaluations' own cap within it: a class submitting at the deadline
    deadline_s: float = DEADLINE_S          # must not take every slot from students still talking
    spend: SpendGate | None = None  # caps and the payer's daily tokens, checked before every call, as a turn's

    async def _gate(self, calls: list[ModelCall]) -> None:
        """Refuse the next call (RateLimited) once a cap or the payer's tokens are spent; the offline evaluator
        then scores instead, for free."""
        if self.spend is not None:
            await self.spend.before_call(PAYER.get(), spent=sum(call.cost_usd for call in calls),
                                         estimated_tokens=ESTIMATED_TOKENS)

    async def _charge(self, call: ModelCall) -> None:
        if self.spend is not None:
            await self.spend.after_call(PAYER.get(), call.usage)

    def cost(self, model: str, usage: TokenUsage) -> float:
        try:
            return self.pricing.cost(model, usage)
        except UnknownModelError:
            return self.pricing.cost(self.model, usage)

    async def _ask(self, transcript: Transcript, calls: list[ModelCall], rejected: list[str] | None,
                   second_reading: list[Disagreement] | None = None) -> StructuredOutcome | None:
        """One call, or None when the spend gate refuses it: the gate is checked once a slot is held, so two
        evaluations queued behind a busy slot cannot both pass it and then both spend past the cap."""
        async with self.share or contextlib.nullcontext():  # queued here, outside the deadline
            request = evaluation_request(transcript, model=self.model, rejected=rejected,
                                         second_reading=second_reading)
            try:
                return await call_structured(self.provider, request, model=self.model, slots=self.slots,
                                             deadline_s=self.deadline_s, cost=self.cost,
                                             before=lambda: self._gate(calls), after=self._charge)
            except RateLimited:
                return None

    async def _second_reading(self, transcript: Transcript, analysis: Analysis, calls: list[ModelCall]) -> Analysis:
        """Ask once more where the model and the rule coder disagree on confront or persuade; keep the first
        answer when the second fails its checks or the call fails."""
        disputed = disagreements(analysis, transcript)
        if not disputed:
            return analysis
        asked = await self._ask(transcript, calls, None, disputed)
        if asked is None:
            return analysis
        if asked.reply is None:
            calls.append(replace(asked.call, error=f"second reading: {asked.call.error}"))
            return analysis
        second, rejected = check_answer(asked.reply.data, transcript)
        calls.append(replace(asked.call, rejected="; ".join(rejected) or None))
        return second or analysis

    async def run(self, transcript: Transcript) -> Outcome:
        if not self.provider.supports_structured:
            return offline_outcome(transcript)
        if (await self.breaker.snapshot()).state is not CircuitState.closed:
            return offline_outcome(transcript, "The AI service is unavailable right now, so the offline evaluator "
                                               "scored this conversation.")
        calls: list[ModelCall] = []
        rejected: list[str] = []
        for _ in range(ATTEMPTS):
            asked = await self._ask(transcript, calls, rejected or None)
            if asked is None:
                return offline_outcome(transcript, SPEND_REFUSED, calls)
            reply = asked.reply
            if reply is None:
                calls.append(asked.call)
                if asked.kind == "bad_response":
                    rejected = [NOT_FILLED]
                    continue
                return offline_outcome(transcript, f"The AI evaluator could not be reached ({asked.kind}), so the "
                                                   "offline evaluator scored this conversation.", calls)
            analysis, rejected = check_answer(reply.data, transcript)
            calls.append(replace(asked.call, rejected="; ".join(rejected) or None))
            if analysis is not None:
                analysis = await self._second_reading(transcript, analysis, calls)
                def fallback() -> NextStep:
                    return offline.evaluate_offline(transcript).next_step

                return Outcome(analysis=guards.hold(analysis, transcript, fallback_step=fallback),
                               provider=reply.provider, model=reply.model, approximate=False, calls=calls)
        return offline_outcome(transcript, f"The AI evaluator's answer failed our checks twice ({rejected[0]}), so "
                                           "the offline evaluator scored this conversation instead.", calls)
