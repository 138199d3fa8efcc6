"""What a teacher checks before publishing: the prompt's blocks, what each turn's note may add, and the honest
cost of the prompt on every reply, cached and not."""

from __future__ import annotations

from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from backend.interviewing.hidden import FactOffer, Offer, RiskOffer, TurnStep
from backend.interviewing.trust import DisclosureState, initial_state
from backend.llm.base import TokenUsage
from backend.llm.persona import hidden_facts_of, persona_difficulty
from backend.llm.pricing import PricingTable, min_cacheable_tokens
from backend.llm.tokens import count_tokens, estimate_claude_tokens
from backend.models.user import User
from backend.schemas.client import PromptBlock, PromptPreview
from backend.services.clients import personas
from backend.services.prompting.disclosure import gated
from backend.services.prompting.prompt import system_blocks
from backend.services.prompting.turn_note import turn_note

BLOCKS = (("scaffold", "Platform scaffold", "every client on the platform"),
          ("persona", "This client", "every student of this client"))


def note_examples(persona: dict[str, Any]) -> list[str]:
    """What the director's note looks like: the first turn, a hint earned, a fact told, a safety question."""
    start = initial_state(persona_difficulty(persona))
    notes = [turn_note(TurnStep(before=start, state=start, move=None), persona=persona, first_turn=True)]
    warm, open_ = DisclosureState(score=4.0), DisclosureState(score=7.0)
    if facts := hidden_facts_of(persona):
        notes.append(turn_note(TurnStep(before=start, state=warm, move=None,
                                        fact=FactOffer(0, facts[0]["fact"], Offer.hint)), persona=persona))
        notes.append(turn_note(TurnStep(before=warm, state=open_, move=None,
                                        fact=FactOffer(0, facts[0]["fact"], Offer.tell)), persona=persona))
    if risk := gated(persona).risk:
        notes.append(turn_note(TurnStep(before=warm, state=warm, move=None, risk=RiskOffer(Offer.hint, risk[0])),
                               persona=persona))
    return notes


def _cost(pricing: PricingTable, model: str, **tokens: int) -> float:
    return pricing.cost(model, TokenUsage(**tokens))


async def prompt_preview(db: AsyncSession, *, actor: User, client_id: int, model: str,
                         pricing: PricingTable) -> PromptPreview:
    client = await personas.get_manageable(db, actor=actor, client_id=client_id)
    persona = personas.persona_snapshot(client)
    texts = system_blocks(persona)
    caches = pricing.price_for(model).cache_read > 0  # a model not billed for cache reads caches nothing for us
    minimum = min_cacheable_tokens(model) if caches else 0
    blocks, prefix = [], 0
    for (name, title, shared_by), text in zip(BLOCKS, texts, strict=True):
        tokens = estimate_claude_tokens([text], model)
        prefix += tokens
        blocks.append(PromptBlock(name=name, title=title, shared_by=shared_by, text=text,
                                  estimated_tokens=count_tokens(text), estimated_model_tokens=tokens,
                                  cacheable=caches and prefix >= minimum))
    scaffold, own = blocks[0].estimated_model_tokens, blocks[1].estimated_model_tokens
    total = scaffold + own
    prompt = "\n\n".join(texts)
    cached = all(block.cacheable for block in blocks)
    return PromptPreview(
        client_id=client.id, system_prompt=prompt, estimated_tokens=count_tokens(prompt), model=model,
        estimated_model_tokens=total,
        prompt_cost_per_reply_usd=_cost(pricing, model, input_tokens=total),
        blocks=blocks, min_cacheable_tokens=minimum, note_examples=note_examples(persona),
        cached_cost_per_reply_usd=_cost(pricing, model, cache_read_input_tokens=total) if cached else
        _cost(pricing, model, input_tokens=total),
        first_reply_cost_usd=_cost(pricing, model, cache_read_input_tokens=scaffold, cache_creation_input_tokens=own)
        if cached else _cost(pricing, model, input_tokens=total),
        cold_reply_cost_usd=_cost(pricing, model, cache_creation_input_tokens=total) if cached else
        _cost(pricing, model, input_tokens=total),
        model_priced=pricing.is_priced(model),
    )
