"""Every table, imported so Alembic and the app see the whole schema."""

from backend.models.assignment import Assignment
from backend.models.base import Base
from backend.models.check import PersonaCheck
from backend.models.client import Client
from backend.models.enrollment import SectionEnrollment
from backend.models.evaluation import Evaluation, EvaluationStatus
from backend.models.feedback import Feedback
from backend.models.ledger import CallPurpose, CostAlert, ErrorEvent, LLMCall
from backend.models.message import Message, MessageRole
from backend.models.rubric import Rubric
from backend.models.section import Section
from backend.models.session import PracticeSession, SessionMode, SessionStatus
from backend.models.user import User, UserRole

__all__ = [
    "Assignment",
    "Base",
    "CallPurpose",
    "Client",
    "CostAlert",
    "ErrorEvent",
    "Evaluation",
    "EvaluationStatus",
    "Feedback",
    "LLMCall",
    "Message",
    "MessageRole",
    "PersonaCheck",
    "PracticeSession",
    "Rubric",
    "Section",
    "SectionEnrollment",
    "SessionMode",
    "SessionStatus",
    "User",
    "UserRole",
]
