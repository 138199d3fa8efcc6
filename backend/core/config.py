"""All configuration, read once from the environment (see the README for every variable)."""

from __future__ import annotations

import secrets
from functools import lru_cache
from typing import Literal

from pydantic import Field, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

PLACEHOLDER_SECRETS = {"", "changeme", "change-me", "secret", "dev", "development"}


def normalise_database_url(url: str) -> str:
    """Map the URLs hosts hand out (`postgres://`, `postgresql://`, `sqlite://`) to async drivers."""
    if url.startswith("postgres://"):
        url = "postgresql://" + url.removeprefix("postgres://")
    if url.startswith("postgresql://"):
        return "postgresql+asyncpg://" + url.removeprefix("postgresql://")
    if url.startswith("postgresql+psycopg://") or url.startswith("postgresql+psycopg2://"):
        return "postgresql+asyncpg://" + url.split("://", 1)[1]
    if url.startswith("sqlite://") and not url.startswith("sqlite+aiosqlite://"):
        return "sqlite+aiosqlite://" + url.removeprefix("sqlite://")
    return url


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", extra="ignore", populate_by_name=True)

    environment: Literal["development", "test", "production"] = Field("development", alias="VC_ENV")
    database_url: str = Field("sqlite:///./data/virtual_client.db", alias="DATABASE_URL")
    db_pool_size: int = Field(30, alias="VC_DB_POOL_SIZE", ge=1)
    db_max_overflow: int = Field(0, alias="VC_DB_MAX_OVERFLOW", ge=0)
    db_pool_timeout_s: float = Field(30.0, alias="VC_DB_POOL_TIMEOUT_SECONDS", gt=0)
    secret_key: str = Field("", alias="SECRET_KEY")
    access_token_minutes: int = Field(12 * 60, alias="VC_ACCESS_TOKEN_MINUTES", ge=1)
    cors_origins: str = Field(
        "http://localhost:8501,http://localhost:8502,http://localhost:8503,"
        "http://127.0.0.1:8501,http://127.0.0.1:8502,http://127.0.0.1:8503",
        alias="VC_CORS_ORIGINS",
    )
    login_attempts_per_window: int = Field(5, alias="VC_LOGIN_ATTEMPTS", ge=1)
    login_window_seconds: int = Field(300, alias="VC_LOGIN_WINDOW_SECONDS", ge=1)
    # Failed sign-ins from one address across every account (password spraying), per login window; unset, six
    # accounts' worth (30 with the default VC_LOGIN_ATTEMPTS).
    login_attempts_per_ip_setting: int | None = Field(None, alias="VC_LOGIN_ATTEMPTS_PER_IP", ge=1)
    # argon2 computations at once (0: one per core, at most 1/32 of memory) and sign-ins queued behind them.
    password_hash_slots: int = Field(0, alias="VC_PASSWORD_HASH_SLOTS", ge=0, le=64)
    password_hash_queue: int = Field(64, alias="VC_PASSWORD_HASH_QUEUE", ge=0)

    # LLM
    llm_provider: Literal["anthropic", "openai_compatible", "offline", ""] = Field("", alias="VC_LLM_PROVIDER")
    anthropic_api_key: str = Field("", alias="ANTHROPIC_API_KEY")
    anthropic_base_url: str = Field("", alias="ANTHROPIC_BASE_URL")
    # Any OpenAI-compatible chat-completions server (vLLM, Ollama, llama.cpp): `.../v1`; local ones need no key.
    openai_base_url: str = Field("", alias="VC_OPENAI_BASE_URL")
    openai_api_key: str = Field("", alias="VC_OPENAI_API_KEY")
    openai_structured_output: Literal["json_schema", "tools"] = Field(
        "json_schema", alias="VC_OPENAI_STRUCTURED_OUTPUT"
    )
    model: str = Field("claude-haiku-4-5", alias="VC_MODEL")
    max_tokens: int = Field(300, alias="VC_MAX_TOKENS", ge=16, le=4096)
    llm_timeout_s: float = Field(30.0, alias="VC_LLM_TIMEOUT_SECONDS", gt=0)
    llm_max_retries: int = Field(2, alias="VC_LLM_MAX_RETRIES", ge=0, le=6)
    llm_turn_deadline_s: float = Field(45.0, alias="VC_LLM_TURN_DEADLINE_SECONDS", gt=0)
    llm_max_concurrency: int = Field(256, alias="VC_LLM_MAX_CONCURRENCY", ge=1)
    history_token_budget: int = Field(6000, alias="VC_HISTORY_TOKEN_BUDGET", ge=200)
    pricing_file: str = Field("", alias="VC_PRICING_FILE")
    pricing_json: str = Field("", alias="VC_PRICING_JSON")
    offline_stream_delay_s: float = Field(0.015, alias="VC_OFFLINE_STREAM_DELAY_SECONDS", ge=0)
    # The model that evaluates a finished conversation (one structured call); must be priced.
    eval_model: str = Field("claude-haiku-4-5", alias="VC_EVAL_MODEL")

    # Circuit breaker
    breaker_failure_threshold: int = Field(5, alias="VC_BREAKER_FAILURES", ge=1)
    breaker_cooldown_s: float = Field(30.0, alias="VC_BREAKER_COOLDOWN_SECONDS", gt=0)

    # Limits
    redis_url: str = Field("", alias="VC_REDIS_URL")
    messages_per_minute: int = Field(20, alias="VC_MESSAGES_PER_MINUTE", ge=1)
    tokens_per_day: int = Field(200_000, alias="VC_TOKENS_PER_DAY", ge=1)
    max_message_chars: int = Field(4000, alias="VC_MAX_MESSAGE_CHARS", ge=1)
    sessions_per_minute: int = Field(30, alias="VC_SESSIONS_PER_MINUTE", ge=1)
    # PDF transcripts and section zips per person per minute (each costs seconds of CPU at most).
    exports_per_minute: int = Field(10, alias="VC_EXPORTS_PER_MINUTE", ge=1)
    # LTI login initiations and launches per network address per minute: each writes a one-use state or may fetch
    # the LMS's keys, and they come without a sign-in (generous: a class behind one NAT launches together).
    lti_launches_per_minute: int = Field(120, alias="VC_LTI_LAUNCHES_PER_MINUTE", ge=1)
    # Evaluations re-run and persona checks started per person per hour (each is several model calls).
    model_runs_per_hour: int = Field(20, alias="VC_MODEL_RUNS_PER_HOUR", ge=1)
    # LMS roster syncs per person per hour: each reads every page of the course's roster from the LMS (which may
    # throttle our tool for every course) and writes an account and enrollment per learner.
    roster_syncs_per_hour: int = Field(30, alias="VC_ROSTER_SYNCS_PER_HOUR", ge=1)
    audit_write_seconds: float = Field(15.0, alias="VC_AUDIT_WRITE_SECONDS", gt=0)
    # Enrolling a student who already belongs to another teacher: an invitation they accept (off), or at once (on).
    direct_enrollment: bool = Field(False, alias="VC_DIRECT_ENROLLMENT")

    # Cost alerts and caps (USD)
    alert_session_usd: float = Field(0.10, alias="VC_ALERT_SESSION_USD", ge=0)
    alert_user_day_usd: float = Field(0.50, alias="VC_ALERT_USER_DAY_USD", ge=0)
    alert_platform_day_usd: float = Field(10.0, alias="VC_ALERT_PLATFORM_DAY_USD", ge=0)
    cap_session_usd: float | None = Field(None, alias="VC_CAP_SESSION_USD", ge=0)
    cap_user_day_usd: float | None = Field(None, alias="VC_CAP_USER_DAY_USD", ge=0)
    cap_platform_day_usd: float | None = Field(None, alias="VC_CAP_PLATFORM_DAY_USD", ge=0)

    # Transcript PDFs: the text font, then fallback fonts (comma-separated TTF/TTC paths; Debian's by default)
    pdf_fonts: str = Field("", alias="VC_PDF_FONTS")

    # LTI 1.3: where platforms and browsers reach the tool and the apps (the tool's URL defaults to the request's)
    public_url: str = Field("", alias="VC_PUBLIC_URL")
    student_app_url: str = Field("http://localhost:8502", alias="VC_STUDENT_APP_URL")
    teacher_app_url: str = Field("http://localhost:8501", alias="VC_TEACHER_APP_URL")
    lti_send_interval_s: float = Field(10.0, alias="VC_LTI_SEND_INTERVAL_SECONDS", gt=0)
    lti_retry_base_s: float = Field(30.0, alias="VC_LTI_RETRY_BASE_SECONDS", gt=0)
    lti_max_send_attempts: int = Field(8, alias="VC_LTI_MAX_SEND_ATTEMPTS", ge=1)

    # First admin
    admin_email: str = Field("", alias="VC_ADMIN_EMAIL")
    admin_password: str = Field("", alias="VC_ADMIN_PASSWORD")

    @model_validator(mode="after")
    def _secret_key_policy(self) -> Settings:
        if self.secret_key.strip().lower() in PLACEHOLDER_SECRETS or len(self.secret_key) < 16:
            if self.environment == "production":
                raise ValueError("SECRET_KEY must be set to a random value of at least 16 characters in production")
            self.secret_key = secrets.token_urlsafe(32)
        return self

    @model_validator(mode="after")
    def _one_provider(self) -> Settings:
        if not self.llm_provider and self.anthropic_api_key and self.openai_base_url:
            raise ValueError(
                "Both ANTHROPIC_API_KEY and VC_OPENAI_BASE_URL are set: choose where conversations go with "
                "VC_LLM_PROVIDER=anthropic or VC_LLM_PROVIDER=openai_compatible"
            )
        return self

    @property
    def login_attempts_per_ip(self) -> int:
        return self.login_attempts_per_ip_setting or 6 * self.login_attempts_per_window

    @property
    def async_database_url(self) -> str:
        return normalise_database_url(self.database_url)

    @property
    def active_provider(self) -> str:
        """The chosen provider; unchosen, Claude with a key, a private server with its URL, else offline."""
        if self.llm_provider:
            return self.llm_provider
        if self.anthropic_api_key:
            return "anthropic"
        return "openai_compatible" if self.openai_base_url else "offline"

    @property
    def cors_origin_list(self) -> list[str]:
        return [origin.strip() for origin in self.cors_origins.split(",") if origin.strip()]


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()
