"""Check-and-revise: a model reply the rules flag gets one judged rewrite before the student reads it.

The rewrite is a short request of its own (an editor's instruction naming exactly what to fix, the student's
message and the draft: a few hundred tokens, about half what re-reading the cached conversation would cost).
It is used only when it passes the rules; else the original stands, unless the original let out gated
material or broke the role, when a plain in-character line stands in. The offline simulator is never revised:
it has its own rules and no model to ask.
"""

from __future__ import annotations

import hashlib
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, replace
from typing import Any

from backend.interviewing.hidden import TurnStep
from backend.llm.base import ChatTurn, ConversationRequest
from backend.services.conversation.reply import ReplyGenerator, ReplyOutcome
from backend.services.conversation.reply_rules import Flag, breaches_gating, flag_reply
from backend.services.conversation.turn_store.rows import CheckCall

REWRITE_SYSTEM = (
    "You edit one line spoken by a client in a role-play that trains counsellors. The client is {who}. Rewrite "
    "the client's line so that it no longer has these faults: {problems}. Keep the client's voice, length and "
    "what the line answers; change nothing else; add nothing the draft did not say. Reply with the client's "
    "words only: no quotation marks, no labels, no explanation.")
REWRITE_MAX_TOKENS = 200
SAFE_LINES = (
    "I... I don't really want to get into that right now.",
    "I don't know. Can we slow down a bit?",
    "*shrugs* It's hard to say. I'm not sure what you want me to say.",
    "Sorry. I lost where I was going with that.",
)


@dataclass(frozen=True, slots=True)
class Review:
    """What the student reads, and what checking it took: the flags, the rewrite call (if any), how it ended."""

    text: str
    flags: list[Flag]
    call: ReplyOutcome | None = None
    result: str = "clean"  # clean, revised, kept (the rewrite failed; the original was harmless), safe_line

    def as_line(self) -> dict[str, Any] | None:
        """The trajectory's record of the check, for the teacher; None for a clean reply."""
        if not self.flags:
            return None
        return {"flags": [flag.kind for flag in self.flags], "result": self.result}


def earlier_replies(request: ConversationRequest) -> list[str]:
    return [turn.content for turn in request.messages if turn.role == "assistant"]


def _who(persona: dict[str, Any]) -> str:
    style = str(persona.get("conversational_style") or "").strip()
    who = f"{persona.get('name') or 'a client'}, {persona.get('age')}"
    return f"{who} (conversational style: {style})" if style else who


def revise_request(request: ConversationRequest, draft: str, flags: list[Flag]) -> ConversationRequest:
    """A short request of its own: what to fix, the student's message (forged notes already defused), the draft."""
    student = request.messages[-1].content if request.messages else ""
    problems = "; ".join(flag.fix for flag in flags)
    system = REWRITE_SYSTEM.format(who=_who(request.persona), problems=problems)
    line = (f"The student said: \u201c{student.strip()}\u201d\n\nThe client's line to rewrite: "
            f"\u201c{draft.strip()}\u201d")
    return replace(request, system_blocks=(system,), messages=[ChatTurn("user", line)], turn_note="",
                   max_tokens=min(request.max_tokens, REWRITE_MAX_TOKENS), omitted_turns=0)


def safe_line(persona: dict[str, Any], turn_index: int) -> str:
    """Deterministic per turn, like the fallbacks, so a retried turn reads the same."""
    seed = f"safe|{persona.get('name', '')}|{turn_index}".encode()
    return SAFE_LINES[int(hashlib.sha256(seed).hexdigest(), 16) % len(SAFE_LINES)]


@dataclass
class Reviewer:
    replies: ReplyGenerator

    async def review(self, request: ConversationRequest, step: TurnStep, outcome: ReplyOutcome, *,
                     may_spend: Callable[[], Awaitable[bool]]) -> Review:
        """The rules over a model's reply; one rewrite when they flag it and the spending caps allow one."""
        if outcome.is_fallback or self.replies.provider.simulated:
            return Review(outcome.text, [])
        earlier = earlier_replies(request)
        flags = flag_reply(request.persona, step, outcome.text, earlier)
        if not flags:
            return Review(outcome.text, [])
        call = None
        if await may_spend():
            call = await self.replies.generate(revise_request(request, outcome.text, flags))
            if not call.is_fallback and not flag_reply(request.persona, step, call.text, earlier):
                return Review(call.text, flags, call, "revised")
        if breaches_gating(flags):
            return Review(safe_line(request.persona, request.turn_index), flags, call, "safe_line")
        return Review(outcome.text, flags, call, "kept")


def check_call(call: ReplyOutcome | None) -> CheckCall | None:
    """The rewrite as its ledger row; a rewrite refused before reaching the provider cost nothing and has none."""
    if call is None or not call.called_provider:
        return None
    return CheckCall(usage=call.usage, cost_usd=call.cost_usd, latency_ms=call.latency_ms, model=call.model,
                     outcome="error" if call.error_kind else "ok", error=call.error_message)
