"""How a session is read everywhere outside the turn: its columns, its rating and the one `SessionRead` builder.

The turn itself runs on hand-written SQL (turn_store/) and builds its `SessionRead` with `session_read` too.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import Select, exists, func, select

from backend.models.assignment import Assignment, FeedbackRelease
from backend.models.client import Client
from backend.models.evaluation import Evaluation
from backend.models.feedback import Feedback
from backend.models.session import PracticeSession
from backend.models.user import User
from backend.schemas.session import SessionRead

# Every column a SessionRead shows that lives on the session row itself.
SESSION_COLUMNS = (
    PracticeSession.id, PracticeSession.client_id, PracticeSession.user_id, PracticeSession.mode,
    PracticeSession.status, PracticeSession.started_at, PracticeSession.ended_at, PracticeSession.provider,
    PracticeSession.model, PracticeSession.message_count, PracticeSession.input_tokens,
    PracticeSession.output_tokens, PracticeSession.cache_creation_tokens, PracticeSession.cache_read_tokens,
    PracticeSession.cost_usd, PracticeSession.last_activity_at, PracticeSession.assignment_id,
    PracticeSession.attempt_number, PracticeSession.submitted_at, PracticeSession.student_turns,
    PracticeSession.disclosure,
)
# The teachers' average rating of a session, correlated to the session row of the enclosing query.
RATING = (
    select(func.avg(Feedback.rating)).where(Feedback.session_id == PracticeSession.id)
    .correlate(PracticeSession).scalar_subquery().label("feedback_rating")
)
# True while an assignment holds the attempt's scores for the teacher's review: a student sees no rating yet.
SCORES_HELD = exists(
    select(Assignment.id).where(
        Assignment.id == PracticeSession.assignment_id, Assignment.feedback_release == FeedbackRelease.after_review,
        ~exists(select(Evaluation.id).where(Evaluation.session_id == PracticeSession.id, Evaluation.released)
                .correlate(PracticeSession)))
).correlate(PracticeSession).label("scores_held")


def session_read(row: Mapping[str, Any], *, staff: bool = False) -> SessionRead:
    """The one SessionRead builder: a row (or mapping) with the session columns, names and the raw rating
    (withheld from a student while `scores_held`).

    The client's trust and how many hidden facts came out are for staff: a student practises the
    conversation, not a meter.
    """
    data = dict(row)
    rating = data.get("feedback_rating")
    held = data.pop("scores_held", False) and not staff
    data["feedback_rating"] = None if rating is None or held else round(float(rating), 2)
    disclosure = data.pop("disclosure", None)
    if staff and disclosure:
        data.update(trust=disclosure.get("trust"), facts_disclosed=len(disclosure.get("disclosed", ())),
                    facts_total=disclosure.get("facts_total"))
    return SessionRead(**data)


def session_view() -> Select[Any]:
    """Sessions with their client's and person's names and rating; callers add who may see what."""
    return (
        select(*SESSION_COLUMNS, Client.name.label("client_name"), User.display_name.label("user_display_name"),
               RATING, SCORES_HELD)
        .join(Client, Client.id == PracticeSession.client_id)
        .join(User, User.id == PracticeSession.user_id)
    )
