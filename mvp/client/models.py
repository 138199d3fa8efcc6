"""Plain dataclasses for what the API returns, so pages read attributes instead of digging through JSON."""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from datetime import datetime
from typing import Any, TypeVar

T = TypeVar("T")

PERSONA_FIELDS: tuple[str, ...] = (
    "name", "age", "gender", "pronouns", "race_ethnicity", "socioeconomic_status", "student_brief", "issues",
    "presenting_problem", "background_story", "personality_traits", "communication_style", "emotional_state",
    "difficulty", "reveals_with_rapport", "risk_factors", "goals", "cultural_context", "notes",
)


def parse_time(value: Any) -> datetime | None:
    """ISO strings from the API become aware datetimes; anything else is left for the caller to ignore."""
    if isinstance(value, datetime):
        return value
    if not value or not isinstance(value, str):
        return None
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None


def build(cls: type[T], data: dict[str, Any]) -> T:
    """Build a dataclass from a JSON object, ignoring fields the API added later and parsing `*_at` times."""
    values: dict[str, Any] = {}
    for item in fields(cls):  # type: ignore[arg-type]
        if item.name not in data:
            continue
        value = data[item.name]
        if item.name.endswith("_at"):
            value = parse_time(value)
        values[item.name] = value
    return cls(**values)


@dataclass
class User:
    id: int
    email: str
    display_name: str
    role: str
    is_active: bool = True
    created_at: datetime | None = None


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
    reveals_with_rapport: str = ""
    risk_factors: str = ""
    goals: str = ""
    cultural_context: str = ""
    notes: str = ""
    created_at: datetime | None = None
    updated_at: datetime | None = None

    def persona(self) -> dict[str, Any]:
        """The editable persona fields, the shape POST/PATCH /clients accept."""
        return {name: getattr(self, name) for name in PERSONA_FIELDS}


@dataclass
class PromptPreview:
    client_id: int
    system_prompt: str
    estimated_tokens: int
    model: str
    estimated_model_tokens: int = 0
    prompt_cost_per_reply_usd: float = 0.0


@dataclass
class Session:
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

    @property
    def is_active(self) -> bool:
        return self.status == "active"

    @property
    def total_tokens(self) -> int:
        return self.input_tokens + self.output_tokens + self.cache_creation_tokens + self.cache_read_tokens


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
    created_at: datetime | None = None


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
