"""Choose and build the provider the settings ask for: Claude, a private OpenAI-compatible server, or offline.

This is the one place that knows the providers by name; everything above sees only the LLMProvider interface.
"""

from __future__ import annotations

from backend.core.config import Settings
from backend.llm.base import LLMProvider
from backend.llm.pricing import resolve_model


def build_provider(settings: Settings) -> LLMProvider:
    if settings.active_provider == "anthropic":
        from backend.llm.claude.provider import ClaudeProvider

        return ClaudeProvider(
            api_key=anthropic_api_key(settings),
            model=resolve_model(settings.model),
            base_url=settings.anthropic_base_url or None,
            max_retries=settings.llm_max_retries,
            timeout_s=settings.llm_timeout_s,
            max_tokens=settings.max_tokens,
            max_connections=settings.llm_max_concurrency,
        )
    if settings.active_provider == "openai_compatible":
        from backend.llm.openai_compatible.provider import OpenAICompatibleProvider

        return OpenAICompatibleProvider(
            base_url=openai_base_url(settings),
            model=openai_model(settings),
            api_key=settings.openai_api_key,
            max_retries=settings.llm_max_retries,
            timeout_s=settings.llm_timeout_s,
            max_tokens=settings.max_tokens,
            max_connections=settings.llm_max_concurrency,
            structured_output=settings.openai_structured_output,
        )
    from backend.llm.offline.provider import OfflineProvider

    return OfflineProvider(stream_delay_s=settings.offline_stream_delay_s)


def anthropic_api_key(settings: Settings) -> str:
    if not settings.anthropic_api_key:
        raise ValueError("VC_LLM_PROVIDER=anthropic needs ANTHROPIC_API_KEY to be set")
    return settings.anthropic_api_key


def openai_base_url(settings: Settings) -> str:
    url = settings.openai_base_url.strip().rstrip("/")
    if not url:
        raise ValueError(
            "VC_LLM_PROVIDER=openai_compatible needs VC_OPENAI_BASE_URL: the server's OpenAI API root, such as "
            "http://localhost:11434/v1 (Ollama), http://gpu-host:8000/v1 (vLLM) or http://localhost:8080/v1 "
            "(llama.cpp)"
        )
    return url


def openai_model(settings: Settings) -> str:
    """The served model's name exactly as the server knows it; Claude's default name would only get a 404."""
    if "model" not in settings.model_fields_set or not settings.model.strip():
        raise ValueError(
            "VC_LLM_PROVIDER=openai_compatible needs VC_MODEL: the model name your server serves, such as "
            "llama3.1:8b (Ollama) or meta-llama/Llama-3.1-8B-Instruct (vLLM)"
        )
    return settings.model.strip()


def describe_provider(settings: Settings) -> str:
    """One line for the start-up banner: which provider and model, and where conversations go.

    Raises ValueError, as building the provider would, when its settings are incomplete.
    """
    provider = settings.active_provider
    if provider == "offline":
        return "offline  (OFFLINE MODE: no LLM configured; replies come from the rule-based simulator)"
    if provider == "openai_compatible":
        return f"openai_compatible  (local model {openai_model(settings)} at {openai_base_url(settings)})"
    anthropic_api_key(settings)
    return f"anthropic  (Claude, model {resolve_model(settings.model)})"
