"""Choose and build the provider the settings ask for: Claude with a key, else the labelled offline simulator."""

from __future__ import annotations

from backend.core.config import Settings
from backend.llm.base import LLMProvider
from backend.llm.pricing import resolve_model


def build_provider(settings: Settings) -> LLMProvider:
    if settings.active_provider == "anthropic":
        from backend.llm.claude.provider import ClaudeProvider

        if not settings.anthropic_api_key:
            raise ValueError("VC_LLM_PROVIDER=anthropic needs ANTHROPIC_API_KEY to be set")
        return ClaudeProvider(
            api_key=settings.anthropic_api_key,
            model=resolve_model(settings.model),
            base_url=settings.anthropic_base_url or None,
            max_retries=settings.llm_max_retries,
            timeout_s=settings.llm_timeout_s,
            max_tokens=settings.max_tokens,
            max_connections=settings.llm_max_concurrency,
        )
    from backend.llm.offline.provider import OfflineProvider

    return OfflineProvider(stream_delay_s=settings.offline_stream_delay_s)
