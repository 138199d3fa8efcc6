"""What a teacher checks before publishing: the compiled prompt and what it costs on every reply."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from backend.llm.base import TokenUsage
from backend.llm.pricing import PricingTable
from backend.llm.tokens import count_tokens, estimate_claude_tokens
from backend.models.user import User
from backend.schemas.client import PromptPreview
from backend.services.clients import personas
from backend.services.conversation.prompt import compile_system_prompt


async def prompt_preview(db: AsyncSession, *, actor: User, client_id: int, model: str,
                         pricing: PricingTable) -> PromptPreview:
    client = await personas.get_manageable(db, actor=actor, client_id=client_id)
    prompt = compile_system_prompt(personas.persona_snapshot(client))
    model_tokens = estimate_claude_tokens([prompt], model)
    return PromptPreview(
        client_id=client.id, system_prompt=prompt, estimated_tokens=count_tokens(prompt), model=model,
        estimated_model_tokens=model_tokens,
        prompt_cost_per_reply_usd=pricing.cost(model, TokenUsage(input_tokens=model_tokens)),
        model_priced=pricing.is_priced(model),
    )
