"""The demo course: SWK 501 with both demo students, one assignment past due (with a submitted, evaluated attempt)
and one open, so the teacher's grid, the gradebook, the review queue and the student's list have something real
to show."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.models.assignment import Assignment, FeedbackRelease
from backend.models.base import utcnow
from backend.models.client import Client
from backend.models.enrollment import SectionEnrollment
from backend.models.evaluation import Evaluation, EvaluationStatus
from backend.models.message import Message, MessageRole
from backend.models.section import Section
from backend.models.session import PracticeSession, SessionMode, SessionStatus
from backend.models.user import User
from backend.services.clients.personas import persona_snapshot
from backend.services.feedback.rubrics import default_rubric
from backend.services.feedback.runner import offline_outcome
from backend.services.feedback.scoring import MAX_TOTAL, total_score
from backend.services.feedback.transcript import build_transcript

log = logging.getLogger("virtual_client")
SECTION = {
    "name": "SWK 501 — Interviewing Skills",
    "course_code": "SWK 501",
    "description": "Foundations of the helping interview: engagement, open questions, reflections and "
                   "summaries, practised with simulated clients before field placement.",
}
PAST_DUE = {
    "title": "First interview: Kwame Mensah",
    "client": "Kwame Mensah",
    "instructions": "Open the first meeting with Kwame. Introduce yourself and your role, use open questions and "
                    "at least two reflections, and find out what he hopes to get from coming in. About 15 minutes.",
    "min_turns": 3,
    "max_attempts": 2,
}
OPEN = {
    "title": "Engaging a grieving client: Mei-Ling Chen",
    "client": "Mei-Ling Chen",
    "instructions": "Mei-Ling agreed to one visit so her doctor would stop worrying. Build enough trust that she "
                    "tells you how she is really sleeping and eating. Go slowly; notice what she does not say.",
    "min_turns": 4,
    "max_attempts": 3,
    "allow_late": True,
}
# The submitted attempt: (who speaks, what they say), a minute or so apart.
KWAME_CONVERSATION: list[tuple[MessageRole, str]] = [
    (MessageRole.user, "Hi Mr. Mensah, I'm one of the social work students here. Thank you for coming in today. "
                       "What brings you in?"),
    (MessageRole.assistant, "Please, call me Kwame. Well — the company closed the warehouse I managed, three weeks "
                            "ago now. Nineteen years. The programme in my severance gave me this number, so here I "
                            "am. I want a plan."),
    (MessageRole.user, "Nineteen years is a long time. It sounds like it came as a real shock, and you're already "
                       "looking for what comes next."),
    (MessageRole.assistant, "A shock, yes. But I am not a man who sits around. I have rewritten my résumé twice "
                            "already. My wife says slow down, but slowing down is how you fall behind."),
    (MessageRole.user, "Keeping busy matters to you. I'm curious what the last three weeks have been like at home."),
    (MessageRole.assistant, "At home… (he laughs) My daughter thinks I work from the kitchen table now. Abena knows, "
                            "of course. We will manage — the severance runs a few more weeks."),
    (MessageRole.user, "A few more weeks. What happens for you when you think about the time after that?"),
    (MessageRole.assistant, "(pauses) Then I find something. I always have. There are people counting on me — "
                            "not only here. That is all I will say about that today."),
]


def _term(today: datetime) -> str:
    season = "Spring" if today.month <= 5 else "Summer" if today.month <= 8 else "Fall"
    return f"{season} {today.year}"


def _assignment(section: Section, client: Client, spec: dict[str, object], opens_at: datetime,
                due_at: datetime) -> Assignment:
    return Assignment(section_id=section.id, client_id=client.id, title=spec["title"],
                      instructions=spec["instructions"], opens_at=opens_at, due_at=due_at,
                      max_attempts=spec.get("max_attempts"), min_turns=spec.get("min_turns", 1),
                      allow_late=spec.get("allow_late", False), is_published=True,
                      feedback_release=spec.get("feedback_release", FeedbackRelease.immediate))


async def seed_course(db: AsyncSession, *, teacher: User, students: list[User]) -> Section:
    now = utcnow()
    clients = {c.name: c for c in await db.scalars(select(Client).where(Client.owner_id == teacher.id))}
    section = Section(teacher_id=teacher.id, term=_term(now), **SECTION)
    db.add(section)
    await db.flush()
    for student in students:
        db.add(SectionEnrollment(section_id=section.id, student_id=student.id, enrolled_at=now - timedelta(days=21)))
    past = _assignment(section, clients[str(PAST_DUE["client"])], PAST_DUE, now - timedelta(days=14),
                       (now - timedelta(days=3)).replace(hour=23, minute=59, second=0, microsecond=0))
    current = _assignment(section, clients[str(OPEN["client"])], OPEN, now - timedelta(days=1),
                          (now + timedelta(days=7)).replace(hour=23, minute=59, second=0, microsecond=0))
    db.add_all([past, current])
    await db.flush()
    await _submitted_attempt(db, students[0], clients[str(PAST_DUE["client"])], past, now - timedelta(days=5))
    return section


async def _submitted_attempt(db: AsyncSession, student: User, client: Client, assignment: Assignment,
                             started: datetime) -> None:
    turns = sum(1 for role, _ in KWAME_CONVERSATION if role == MessageRole.user)
    last = started + timedelta(minutes=len(KWAME_CONVERSATION) + 2)
    session = PracticeSession(
        client_id=client.id, user_id=student.id, mode=SessionMode.practice, status=SessionStatus.ended,
        started_at=started, ended_at=last, persona_snapshot=persona_snapshot(client), provider="offline",
        model="offline-simulator", message_count=len(KWAME_CONVERSATION), student_turns=turns,
        last_activity_at=last, assignment_id=assignment.id, attempt_number=1, submitted_at=last,
    )
    db.add(session)
    await db.flush()
    messages = [Message(session_id=session.id, sequence=sequence, role=role, content=content, provider="offline",
                        created_at=started + timedelta(minutes=sequence, seconds=7 * sequence))
                for sequence, (role, content) in enumerate(KWAME_CONVERSATION, start=1)]
    db.add_all(messages)
    await db.flush()
    try:
        await _evaluated(db, session, messages, assignment, evaluated_at=last + timedelta(seconds=20))
    except (TypeError, ValueError, AttributeError, KeyError):  # the evaluator changed shape: seed the rest anyway
        log.exception("the demo attempt was seeded without its evaluation")


async def _evaluated(db: AsyncSession, session: PracticeSession, messages: list[Message], assignment: Assignment,
                     *, evaluated_at: datetime) -> None:
    """The submitted attempt's evaluation, as submitting it would have made (the rule-based evaluator, so the demo
    needs no model): the review queue and the gradebook show a score, not "Not evaluated"."""
    rubric = await default_rubric(db)
    transcript = build_transcript(messages, session.persona_snapshot, rubric.criteria)
    outcome = offline_outcome(transcript)
    original = {item.key: item.score for item in outcome.analysis.criteria}
    total = total_score(transcript.criteria, original)
    db.add(Evaluation(
        session_id=session.id, rubric_id=rubric.id,
        rubric_snapshot={"title": rubric.title, "criteria": rubric.criteria}, status=EvaluationStatus.ready,
        provider=outcome.provider, model=outcome.model, approximate=True, cost_usd=0.0,
        result=outcome.analysis.model_dump(mode="json"), review={}, total_score=total,
        original_total_score=total, max_score=MAX_TOTAL,
        released=assignment.feedback_release != FeedbackRelease.after_review, evaluated_at=evaluated_at,
        created_at=evaluated_at, updated_at=evaluated_at,
    ))
    await db.flush()
