"""Every table, imported so Alembic and the app see the whole schema."""

from backend.models.assignment import Assignment
from backend.models.base import Base
from backend.models.check import PersonaCheck
from backend.models.client import Client
from backend.models.enrollment import SectionEnrollment
from backend.models.evaluation import Evaluation, EvaluationStatus
from backend.models.feedback import Feedback
from backend.models.invitation import InvitationStatus, SectionInvitation
from backend.models.ledger import CallPurpose, CostAlert, ErrorEvent, LLMCall
from backend.models.lti_launch import LtiCode, LtiContext, LtiDeepLink, LtiLoginState, LtiResourceLink, LtiUser
from backend.models.lti_platform import LtiKey, LtiPlatform
from backend.models.lti_score import LtiScoreSend, ScoreSendStatus
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
    "InvitationStatus",
    "LLMCall",
    "LtiCode",
    "LtiContext",
    "LtiDeepLink",
    "LtiKey",
    "LtiLoginState",
    "LtiPlatform",
    "LtiResourceLink",
    "LtiScoreSend",
    "LtiUser",
    "Message",
    "MessageRole",
    "PersonaCheck",
    "PracticeSession",
    "Rubric",
    "ScoreSendStatus",
    "Section",
    "SectionEnrollment",
    "SectionInvitation",
    "SessionMode",
    "SessionStatus",
    "User",
    "UserRole",
]
