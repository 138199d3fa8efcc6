"""A rule-based simulated client: no network or cost, yet guarded, consistent and slow to trust."""

from __future__ import annotations

import asyncio
import hashlib
import random
import re
from collections.abc import AsyncIterator

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
from backend.llm.offline.moves import (
    REVEAL_HINT,
    RISK_FULL,
    RISK_HINT,
    Move,
    Topic,
    classify,
    closed_streak,
    rapport_score,
)
from backend.llm.offline.scene import Scene, denies_risk, framed, reveal, risk_hint_unprompted, topic_fact
from backend.llm.offline.voice import first_clause, issue_lines, issue_topic
from backend.llm.persona import persona_difficulty
from backend.llm.tokens import count_tokens

SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z*\"'])")
MAX_SENTENCES = 4
# Questions on these get a straight answer; hidden material surfaces through feelings and reflections.
SPECIFIC_TOPICS = {Topic.FAMILY, Topic.PRACTICAL, Topic.GOALS, Topic.BACKGROUND, Topic.CULTURE}


def _answer(scene: Scene, lead_in: bool = True) -> list[str]:
    """Answer a question or remark in character: deflect when guarded, otherwise draw on persona facts."""
    if scene.guarded:
        options = lines.DEFLECT_HOSTILE if scene.difficulty == 5 else lines.DEFLECT_GUARDED
        return [scene.pick(options)]
    specific = [topic for topic in scene.move.topics if topic in SPECIFIC_TOPICS]
    fact = topic_fact(scene, specific, fallback=False) if specific else None
    if not fact and (revealed := reveal(scene)):
        return revealed
    fact = fact or topic_fact(scene)
    parts = [framed(scene, fact, lead_in)] if fact else [scene.pick(lines.GENERIC_FALLBACK)]
    return parts + risk_hint_unprompted(scene)


def _greeting(scene: Scene) -> list[str]:
    options = {1: lines.GREETINGS_OPEN, 2: lines.GREETINGS_OPEN, 3: lines.GREETINGS_CAUTIOUS,
               4: lines.GREETINGS_GUARDED, 5: lines.GREETINGS_HOSTILE}[scene.difficulty]
    parts = [scene.pick(options, name=scene.name)]
    asks = scene.move.moves & {Move.OPEN_QUESTION, Move.CLOSED_QUESTION} or scene.move.topics
    if asks or scene.difficulty == 1:
        parts += _answer(scene, lead_in=False)
    return parts


def _acknowledge(scene: Scene) -> list[str]:
    if scene.guarded:
        return [scene.pick(lines.ACK_HOSTILE if scene.difficulty == 5 else lines.ACK_GUARDED)]
    if scene.rapport < REVEAL_HINT:
        ack = scene.pick(lines.ACK_WARMING)
    elif Move.EMPATHY in scene.move.moves:
        ack = scene.pick(lines.ACK_EMPATHY)
    else:
        ack = scene.pick(lines.ACK_OPEN)
    return [ack, *_answer(scene, lead_in=False)]


def _safety(scene: Scene) -> list[str]:
    """Risk comes out hesitantly and only with trust; without trust the client denies or deflects."""
    risk = scene.sentences("risk_factors")
    if not risk:
        return [scene.pick(lines.SAFETY_NO_RISK)]
    if scene.rapport < RISK_HINT:
        return [scene.pick(lines.SAFETY_DEFLECT)]
    hint = first_clause(risk[0])
    if scene.rapport < RISK_FULL:
        if scene.was_said(hint):
            return [scene.pick(lines.SAFETY_HINT_TAILS)]
        return [scene.pick(lines.SAFETY_HINT_LEADS), hint, scene.pick(lines.SAFETY_HINT_TAILS)]
    fresh = scene.unsaid(risk) or risk[-1:]
    told = fresh[:2] if scene.difficulty <= 3 else fresh[:1]
    denial = denies_risk(told[0])
    lead = scene.pick(lines.SAFETY_DENIAL_LEADS if denial else lines.SAFETY_FULL_LEADS)
    return [lead, *told] if denial else [lead, *told, scene.pick(lines.SAFETY_FULL_TAILS)]


def _advice(scene: Scene) -> list[str]:
    if scene.difficulty <= 2 and scene.rapport >= REVEAL_HINT:
        return [scene.pick(lines.ADVICE_PUSHBACK_GENTLE)]
    parts = [scene.pick(lines.ADVICE_PUSHBACK)]
    if scene.difficulty >= 4:
        parts.append(scene.pick(lines.ADVICE_PUSHBACK_HARD))
    elif barrier := scene.unsaid(issue_lines(scene.persona)):
        parts.append(barrier[0])
    return parts


def _judgment(scene: Scene) -> list[str]:
    parts = [scene.pick(lines.JUDGMENT)]
    return [*parts, scene.pick(lines.JUDGMENT_HARD)] if scene.difficulty >= 4 else parts


def _closing(scene: Scene) -> list[str]:
    if scene.rapport >= REVEAL_HINT:
        return [scene.pick(lines.CLOSING_WARM)]
    return [scene.pick(lines.CLOSING_COLD if scene.guarded else lines.CLOSING_NEUTRAL)]


def _ai_check(scene: Scene) -> list[str]:
    options = lines.AI_CHECK_INSTRUCTIONS if "instruction" in scene.student_text.lower() else lines.AI_CHECK
    return [scene.pick(options, name=scene.name, topic=issue_topic(scene.persona))]


def _silence(scene: Scene) -> list[str]:
    return [scene.pick(lines.SILENCE_GUARDED if scene.rapport < REVEAL_HINT else lines.SILENCE_OPEN)]


def _encourager(scene: Scene) -> list[str]:
    return [scene.pick(lines.ENCOURAGER_GUARDED)] if scene.guarded else _answer(scene)


def _closed_question(scene: Scene) -> list[str]:
    parts = [scene.pick(lines.CLOSED_STREAK)] if scene.closed_streak >= 3 else []
    if scene.guarded or scene.difficulty >= 4:
        return [*parts, scene.pick(lines.CLOSED_SHORT)]
    fact = topic_fact(scene) if scene.difficulty <= 2 or scene.move.topics else None
    return [*parts, framed(scene, fact) if fact else scene.pick(lines.CLOSED_SHORT)]


def _statement(scene: Scene) -> list[str]:
    return _answer(scene) if scene.move.topics else [scene.pick(lines.STATEMENT_SHORT)]


HANDLERS = {
    Move.AI_CHECK: _ai_check, Move.SAFETY: _safety, Move.JUDGMENT: _judgment, Move.ADVICE: _advice,
    Move.CLOSING: _closing, Move.SILENCE: _silence, Move.GREETING: _greeting, Move.REFLECTION: _acknowledge,
    Move.EMPATHY: _acknowledge, Move.OPEN_QUESTION: _answer, Move.ENCOURAGER: _encourager,
    Move.CLOSED_QUESTION: _closed_question, Move.STATEMENT: _statement,
}


FLAVOURED_MOVES = {Move.OPEN_QUESTION, Move.CLOSED_QUESTION, Move.STATEMENT, Move.ENCOURAGER, Move.REFLECTION,
                   Move.EMPATHY}


def _with_flavour(scene: Scene, parts: list[str]) -> list[str]:
    """Now and then a line that shows personality: sarcasm leads a guarded answer, apologies trail one."""
    if scene.move.primary not in FLAVOURED_MOVES or len(parts) > 2 or scene.rng.random() >= 0.25:
        return parts
    traits = " ".join(scene.persona.get("personality_traits") or [])
    style = f"{traits} {scene.persona.get('communication_style') or ''}".lower()
    if scene.guarded:
        prefixes = scene.unsaid([line for key, group in lines.PREFIX_FLAVOURS.items() if key in style
                                  for line in group])
        return [scene.pick(prefixes), *parts] if prefixes else parts
    suffixes = scene.unsaid([line for key, group in lines.SUFFIX_FLAVOURS.items() if key in style
                             for line in group])
    return [*parts, scene.pick(suffixes)] if suffixes else parts


def _seed(name: str, turn_index: int, text: str) -> int:
    digest = hashlib.sha256(f"{name}\x1f{turn_index}\x1f{text}".encode()).digest()
    return int.from_bytes(digest[:8], "big")


def _sentence_count(text: str) -> int:
    return len(SENTENCE_END.split(text.strip()))


def _fit(parts: list[str], limit: int = MAX_SENTENCES) -> str:
    """Keep whole parts while they fit in a few sentences, so a reply never stops mid-thought."""
    kept = [parts[0]] if parts else []
    for part in parts[1:]:
        if _sentence_count(" ".join([*kept, part])) <= limit:
            kept.append(part)
    return " ".join(SENTENCE_END.split(" ".join(kept))[:limit])


def compose_reply(request: ConversationRequest) -> str:
    """The client's next line, decided only by the persona and the conversation so far."""
    persona = request.persona
    full_name = str(persona.get("name") or "Sam").strip() or "Sam"
    student_texts = [turn.content for turn in request.messages if turn.role == "user"]
    last = student_texts[-1] if student_texts else ""
    earlier_replies = [turn.content for turn in request.messages[:-1] if turn.role == "assistant"]
    difficulty = persona_difficulty(persona)
    move = classify(last)
    scene = Scene(
        persona=persona,
        name=full_name.split()[0],
        difficulty=difficulty,
        move=move,
        rapport=rapport_score(difficulty, student_texts, request.turn_index),
        said=" ".join(earlier_replies).lower(),
        rng=random.Random(_seed(full_name, request.turn_index, last)),
        closed_streak=closed_streak(student_texts),
        student_text=last,
        last_reply=earlier_replies[-1].lower() if earlier_replies else "",
    )
    parts = _with_flavour(scene, HANDLERS[move.primary](scene))
    return _fit(parts)


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
        history_tokens = sum(count_tokens(turn.content) for turn in request.messages)
        input_tokens = count_tokens(request.system_prompt) + history_tokens
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
