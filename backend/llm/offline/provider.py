"""A rule-based simulated client: no network or cost, yet guarded, consistent and slow to trust.

Trust and what may come out follow the same rules the conversation service applies for Claude
(backend/interviewing/trust.py and hidden.py), replayed over the history; what the client says answers the
move the student made (reactions.py, answers.py) in the persona's own words (voice.py, framing.py).
"""

from __future__ import annotations

import asyncio
import hashlib
import random
import re
from collections.abc import AsyncIterator
from typing import Any

from backend.interviewing.hidden import replay, risk_sentences
from backend.interviewing.words import content_stems, spoken_sentences
from backend.llm.base import (
    FREE,
    ConversationRequest,
    LLMReply,
    ProviderError,
    StructuredReply,
    StructuredRequest,
    TokenUsage,
)
from backend.llm.offline import lines
from backend.llm.offline.moves import Ask, Move, classify
from backend.llm.offline.reactions import HANDLERS
from backend.llm.offline.scene import Scene
from backend.llm.offline.voice import FIRST_PERSON_WORD, first_clause, inner_lines
from backend.llm.persona import DEFAULT_SENTENCES, hidden_facts_of, persona_difficulty, sentence_budget
from backend.llm.tokens import count_tokens

FLAVOURED_MOVES = {Move.OPEN_QUESTION, Move.CLOSED_QUESTION, Move.STATEMENT, Move.ENCOURAGER, Move.REFLECTION,
                   Move.EMPATHY}


def _with_flavour(scene: Scene, parts: list[str]) -> list[str]:
    """Now and then a line that shows personality: sarcasm leads a guarded answer, apologies trail one."""
    if scene.move.primary not in FLAVOURED_MOVES or len(parts) > 2 or scene.rng.random() >= 0.25:
        return parts
    traits = " ".join(scene.persona.get("personality_traits") or [])
    style = f"{traits} {scene.persona.get('communication_style') or ''}".lower()
    if scene.guarded:
        asked = scene.move.moves & {Move.OPEN_QUESTION, Move.CLOSED_QUESTION} and scene.move.ask is not Ask.WILLING
        flavours = {**lines.PREFIX_FLAVOURS, **(lines.QUESTION_PREFIX_FLAVOURS if asked else {})}
        prefixes = scene.unsaid([line for key, group in flavours.items() if key in style for line in group])
        return [scene.pick(prefixes), *parts] if prefixes else parts
    suffixes = scene.unsaid([line for key, group in lines.SUFFIX_FLAVOURS.items() if key in style
                             for line in group])
    return [*parts, scene.pick(suffixes)] if suffixes else parts


def _seed(name: str, turn_index: int, text: str) -> int:
    digest = hashlib.sha256(f"{name}\x1f{turn_index}\x1f{text}".encode()).digest()
    return int.from_bytes(digest[:8], "big")


def _fit(parts: list[str], limit: int = DEFAULT_SENTENCES) -> str:
    """Keep whole parts, in order, while they fit in a few sentences, so a reply never stops mid-thought."""
    kept = [parts[0]] if parts else []
    for part in parts[1:]:
        if len(spoken_sentences(" ".join([*kept, part]))) > limit:
            break
        kept.append(part)
    return " ".join(spoken_sentences(" ".join(kept))[:limit])


def compose_reply(request: ConversationRequest) -> str:
    """The client's next line, decided only by the persona and the conversation so far."""
    persona = request.persona
    full_name = str(persona.get("name") or "Sam").strip() or "Sam"
    student_texts = [turn.content for turn in request.messages if turn.role == "user"]
    last = student_texts[-1] if student_texts else ""
    earlier_replies = [turn.content for turn in request.messages[:-1] if turn.role == "assistant"]
    difficulty = persona_difficulty(persona)
    step = replay([(turn.role, turn.content) for turn in request.messages], difficulty=difficulty,
                  facts=hidden_facts_of(persona), risk=risk_sentences(str(persona.get("risk_factors") or "")))
    move = classify(last, earlier_replies[-1] if earlier_replies else None)
    scene = Scene(
        persona=persona,
        name=full_name.split()[0],
        difficulty=difficulty,
        move=move,
        step=step,
        said=" ".join(earlier_replies).lower(),
        rng=random.Random(_seed(full_name, request.turn_index, last)),
        student_text=last,
        last_reply=earlier_replies[-1].lower() if earlier_replies else "",
    )
    parts = _elaborated(scene, HANDLERS[move.primary](scene))
    limit = reply_limit(persona, scene, request.turn_index)
    fitted = _fit(parts, limit)
    if len(spoken_sentences(fitted)) < limit:  # personality only where it leaves the answer whole
        fitted = _fit(_with_flavour(scene, spoken_sentences(fitted)), limit)
    return fitted


INVITING = {Move.OPEN_QUESTION, Move.REFLECTION, Move.EMPATHY, Move.AFFIRM, Move.PERMISSION}
ELABORATE_BELOW_WORDS = 40
# Answers complete in themselves: "Better than I expected, honestly." needs no life history after it.
ANSWERED_WHOLE = frozenset({Ask.SESSION, Ask.WILLING, Ask.IMAGINE, Ask.MEANING, Ask.REASON})


def reply_limit(persona: dict[str, Any], scene: Scene, turn_index: int) -> int:
    """How many sentences this client says now: the budget the director's note gives a model (by style and
    trust, one more on the first turn)."""
    return sentence_budget(persona, scene.trust, first_turn=turn_index == 1)


def _elaborated(scene: Scene, parts: list[str]) -> list[str]:
    """A warming client invited to talk says a little more of its own: how it is, what it keeps thinking."""
    if scene.guarded or scene.move.primary not in INVITING or not parts or scene.move.ask in ANSWERED_WHOLE:
        return parts
    if str(scene.persona.get("conversational_style") or "").lower() == "reserved":
        return parts
    if len(" ".join(parts).split()) >= ELABORATE_BELOW_WORDS:
        return parts
    so_far = " ".join(parts).lower()
    # life history only where it bears on what was just said: "I came to the US at 24" is no answer to a feeling
    talked_of = {stem for stem in content_stems(scene.student_text) if not stem.isdigit()}  # "one of them" is no 1
    history = [line for line in scene.sentences("background_story") if talked_of & set(content_stems(line))]
    candidates = scene.unsaid(inner_lines(scene.persona) if scene.open else []) + scene.unsaid(
        scene.sentences("emotional_state") + history)
    extra = [line for line in candidates if first_clause(line).removesuffix("...").lower() not in so_far
             and FIRST_PERSON_WORD.search(line)]  # only what already sounds like the client speaking
    return [*parts, extra[0]] if extra else parts


class OfflineProvider:
    """Implements LLMProvider without a model: for development, demos, tests and when no API key is set."""

    name = "offline"
    label = "offline simulator"
    model = "offline-simulator"
    simulated = True
    supports_structured = False
    default_price = FREE

    def __init__(self, stream_delay_s: float = 0.015) -> None:
        self.stream_delay_s = stream_delay_s

    def _reply(self, request: ConversationRequest, text: str) -> LLMReply:
        """Nominal usage (it costs nothing): what the simulator reads, the persona block, history and note.

        The shared scaffold is a model's craft; the simulator's rules stand in for it, so counting it would
        only eat into each student's daily token allowance.
        """
        history_tokens = sum(count_tokens(turn.content) for turn in request.messages)
        persona_tokens = count_tokens(request.system_blocks[-1]) if request.system_blocks else 0
        input_tokens = persona_tokens + history_tokens + count_tokens(request.turn_note)
        return LLMReply(
            text=text,
            usage=TokenUsage(input_tokens=input_tokens, output_tokens=count_tokens(text)),
            model=self.model,
            provider=self.name,
            stop_reason="end_turn",
        )

    async def complete(self, request: ConversationRequest) -> LLMReply:
        return self._reply(request, compose_reply(request))

    async def stream(self, request: ConversationRequest) -> AsyncIterator[str | LLMReply]:
        """Yields a word or two at a time, paced like a model, then the finished reply."""
        text = compose_reply(request)
        pieces = re.findall(r"\S+\s*|\s+", text)
        for start in range(0, len(pieces), 2):
            yield "".join(pieces[start:start + 2])
            await asyncio.sleep(self.stream_delay_s)
        yield self._reply(request, text)

    async def complete_structured(self, request: StructuredRequest) -> StructuredReply:
        """No model to fill a schema: callers check `supports_structured` and use their rule-based path."""
        raise ProviderError("bad_request", "the offline simulator cannot answer structured requests")

    async def aclose(self) -> None:
        return None
