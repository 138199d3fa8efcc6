"""Plain dataclasses for what the API returns, so pages read attributes instead of digging through JSON."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from mvp.client.generated import models as api
from mvp.client.parsing import build

PERSONA_FIELDS: tuple[str, ...] = (
    "name", "age", "gender", "pronouns", "race_ethnicity", "socioeconomic_status", "student_brief", "issues",
    "presenting_problem", "background_story", "personality_traits", "communication_style", "emotional_state",
    "difficulty", "hidden_facts", "risk_factors", "goals", "cultural_context", "notes", "core_belief",
    "coping_strategies", "automatic_thought", "conversational_style",
)


class TokenCounts:
    """The four token counts a session, a message or a usage bucket carries (as dataclass fields), and their sum."""

    input_tokens: int
    output_tokens: int
    cache_creation_tokens: int
    cache_read_tokens: int

    @property
    def total_tokens(self) -> int:
        return self.input_tokens + self.output_tokens + self.cache_creation_tokens + self.cache_read_tokens


@dataclass
class User:
    id: int
    email: str
    display_name: str
    role: str
    is_active: bool = True
    created_at: datetime | None = None
    temporary_sign_in: bool = False  # signed in with a temporary password: the apps ask for a new one first


@dataclass
class LoginResult:
    access_token: str
    expires_at: datetime | None
    user: User


@dataclass
class ClientCard:
    """What a student sees of a published client: never the hidden, rapport-gated material."""

    id: int
    name: str
    age: int
    student_brief: str = ""


@dataclass
class Client:
    """A teacher's full persona record."""

    id: int
    name: str
    age: int
    owner_id: int = 0
    is_published: bool = False
    gender: str = ""
    pronouns: str = ""
    race_ethnicity: str = ""
    socioeconomic_status: str = ""
    student_brief: str = ""
    issues: list[str] = field(default_factory=list)
    presenting_problem: str = ""
    background_story: str = ""
    personality_traits: list[str] = field(default_factory=list)
    communication_style: str = ""
    emotional_state: str = ""
    difficulty: int = 3
    hidden_facts: list[dict[str, str]] = field(default_factory=list)  # [{"fact", "unlock"}]
    risk_factors: str = ""
    goals: str = ""
    cultural_context: str = ""
    notes: str = ""
    core_belief: str = ""
    coping_strategies: list[str] = field(default_factory=list)
    automatic_thought: str = ""
    conversational_style: str = ""
    created_at: datetime | None = None
    updated_at: datetime | None = None

    def persona(self) -> dict[str, Any]:
        """The editable persona fields, the shape POST/PATCH /clients accept."""
        return {name: getattr(self, name) for name in PERSONA_FIELDS}


@dataclass
class Limits:
    """What the server refuses beyond; the defaults match the API's own defaults."""

    max_message_chars: int = 4000
    messages_per_minute: int = 20


@dataclass
class Feedback:
    """A teacher's rating: `comment` is for the student, `private_note` for staff (None when a student asks)."""

    id: int
    session_id: int
    author_id: int
    rating: int
    comment: str = ""
    private_note: str | None = None
    created_at: datetime | None = None
    updated_at: datetime | None = None


@dataclass
class Session(TokenCounts):
    id: int
    client_id: int
    client_name: str
    user_id: int
    user_display_name: str
    mode: str
    status: str
    started_at: datetime | None = None
    ended_at: datetime | None = None
    provider: str = ""
    model: str = ""
    message_count: int = 0
    input_tokens: int = 0
    output_tokens: int = 0
    cache_creation_tokens: int = 0
    cache_read_tokens: int = 0
    cost_usd: float = 0.0
    last_activity_at: datetime | None = None
    feedback_rating: float | None = None
    assignment_id: int | None = None  # set when the session is an attempt at an assignment
    attempt_number: int | None = None
    submitted_at: datetime | None = None
    student_turns: int = 0
    trust: str | None = None  # staff only: the client's trust now, and the hidden facts out of how many
    facts_disclosed: int | None = None
    facts_total: int | None = None

    @property
    def is_active(self) -> bool:
        return self.status == "active"


@dataclass
class Message:
    id: int
    session_id: int
    sequence: int
    role: str
    content: str
    input_tokens: int = 0
    output_tokens: int = 0
    cache_creation_tokens: int = 0
    cache_read_tokens: int = 0
    cost_usd: float = 0.0
    latency_ms: int | None = None
    is_fallback: bool = False
    provider: str | None = None
    usage_estimated: bool = False  # the server reported no usage: tokens and cost are the API's estimate
    created_at: datetime | None = None
    # On a reply, for staff: that turn of the client's trust (trust, direction, student_move, offered, offer,
    # risk, disclosed); None for students and for the student's own lines.
    disclosure: dict[str, Any] | None = None
    out_of_frame: bool = False  # a student's line that spoke to the software, not the client


@dataclass
class Turn:
    """One exchange: the stored student message, the client's reply and the session totals after it."""

    message: Message
    reply: Message
    provider: str
    session: Session

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Turn:
        return cls(
            message=build(Message, data["message"]),
            reply=build(Message, data["reply"]),
            provider=str(data.get("provider", "")),
            session=build(Session, data["session"]),
        )


# Events of a streamed turn, in the order the server sends them.
@dataclass
class StudentMessageStored:
    message: Message


@dataclass
class ReplyDelta:
    text: str


@dataclass
class ReplyDiscarded:
    """The LLM failed mid-reply: throw away the text shown so far; a fallback reply follows."""

    reason: str


@dataclass
class ReplyDone:
    turn: Turn


@dataclass
class ReplyFailed:
    code: str
    detail: str


StreamEvent = StudentMessageStored | ReplyDelta | ReplyDiscarded | ReplyDone | ReplyFailed


# The admin dashboard's reads (backend/schemas/admin.py).
@dataclass
class UsageBucket(TokenCounts):
    """Calls, tokens and cost of one group: today, one day, one model or one teacher."""

    key: str = ""
    label: str = ""
    calls: int = 0
    input_tokens: int = 0
    output_tokens: int = 0
    cache_creation_tokens: int = 0
    cache_read_tokens: int = 0
    cost_usd: float = 0.0
    estimated_calls: int = 0  # calls whose usage is an estimate (the server reported none)


@dataclass
class DayUsage(UsageBucket):
    day: date | None = None


@dataclass
class UsageReport:
    today: UsageBucket = field(default_factory=UsageBucket)
    days: list[DayUsage] = field(default_factory=list)
    by_model: list[UsageBucket] = field(default_factory=list)
    by_teacher: list[UsageBucket] = field(default_factory=list)
    by_purpose: list[UsageBucket] = field(default_factory=list)  # conversations, evaluations, checks
    active_sessions: int = 0
    fallback_replies_today: int = 0
    thresholds: dict[str, float] = field(default_factory=dict)  # session_usd, user_day_usd, platform_day_usd
    unpriced_models: list[str] = field(default_factory=list)  # local models with no price: counted at $0

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> UsageReport:
        return cls(
            today=build(UsageBucket, data.get("today") or {}),
            days=[build(DayUsage, item) for item in data.get("days") or []],
            by_model=[build(UsageBucket, item) for item in data.get("by_model") or []],
            by_teacher=[build(UsageBucket, item) for item in data.get("by_teacher") or []],
            by_purpose=[build(UsageBucket, item) for item in data.get("by_purpose") or []],
            active_sessions=int(data.get("active_sessions") or 0),
            fallback_replies_today=int(data.get("fallback_replies_today") or 0),
            thresholds=dict(data.get("thresholds") or {}),
            unpriced_models=[str(model) for model in data.get("unpriced_models") or []],
        )


# The admin's monitor reads these straight into the models generated from the API's schema
# (scripts/generate_client.py): no hand copy to drift.
Alert = api.AlertRead  # a cost threshold crossed by one conversation (`session`), one person in a day or everyone
ErrorEvent = api.ErrorRead
ProviderHealth = api.ProviderHealth
