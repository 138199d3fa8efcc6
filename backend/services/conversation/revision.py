"""Check-and-revise: a model reply the rules flag gets one judged rewrite before the student reads it.

The rewrite is the turn's own request (same cached system blocks and history, so it is billed mostly as cache
reads) with a second marked note naming exactly what to fix. It is used only when it passes the rules; else
the original stands, unless the original let out gated material or broke the role, when a plain in-character
line stands in. The offline simulator is never revised: it has its own rules and no model to ask.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, replace
from typing import Any

from backend.interviewing.hidden import TurnStep
from backend.llm.base import ConversationRequest
from backend.services.conversation.reply import ReplyGenerator, ReplyOutcome
from backend.services.conversation.reply_rules import Flag, breaches_gating, flag_reply

REVISE_NOTE = ("[Director{mark}: your draft reply to this message was: \u201c{draft}\u201d. It {problems}. Write the "
               "client's reply again, fixing exactly that and keeping the rest (voice, length, what it answers). "
               "Only the words the client says.]")
MARK = re.compile(r"^\[Director( [0-9a-f]+)?:")
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


def revise_request(request: ConversationRequest, draft: str, flags: list[Flag]) -> ConversationRequest:
    """The same request with a second note: the draft and exactly what to fix in it."""
    found = MARK.match(request.turn_note)
    mark = found.group(1) or "" if found else ""
    problems = "; ".join(flag.fix for flag in flags)
    note = REVISE_NOTE.format(mark=mark, draft=draft.strip().replace("\u201d", "'"), problems=problems)
    return replace(request, turn_note=f"{request.turn_note}\n{note}".strip())


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
