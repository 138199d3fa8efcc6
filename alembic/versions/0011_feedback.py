"""rubrics and evaluations, with the default rubric "Interviewing fundamentals"

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-30 06:00:00
"""
from collections.abc import Sequence
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = '0011'
down_revision: str | None = '0010'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

JSON_TYPE = sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql')


def _levels(*descriptors: str) -> list[dict[str, object]]:
    return [{"score": score, "descriptor": text} for score, text in enumerate(descriptors, start=1)]


# Frozen here as it was first seeded: later edits to the default go through the API, not this file.
DEFAULT_CRITERIA = [
    {"key": "engagement_empathy", "title": "Engagement and empathy", "weight": 0.25,
     "description": "Builds rapport and shows understanding of the client's feelings and point of view.",
     "levels": _levels(
         "Little warmth or understanding; the client's feelings are passed over or judged.",
         "Some warmth, but empathy is generic (\"that must be hard\") or comes and goes.",
         "Shows understanding of the client's feelings and view through most of the conversation.",
         "Consistent, accurate empathy that names what is unsaid; the client opens up as a result.")},
    {"key": "open_questions", "title": "Open questions", "weight": 0.2,
     "description": "Asks open questions that invite the client's story rather than closed ones that collect facts.",
     "levels": _levels(
         "Mostly closed questions; the conversation reads like a form.",
         "A mix, with runs of closed questions (under half of the questions open).",
         "Mostly open questions (half or more), well timed.",
         "Open questions (70 % or more) that follow the client's lead and deepen the conversation.")},
    {"key": "reflective_listening", "title": "Reflective listening", "weight": 0.25,
     "description": "Reflects what the client says and means, adding meaning in complex reflections; at least as "
                    "many reflections as questions.",
     "levels": _levels(
         "Few or no reflections.",
         "Some reflections, mostly repeating the client's words; more questions than reflections.",
         "About one reflection per question, some of them complex.",
         "Two or more reflections per question, many of them complex (adding feeling or meaning).")},
    {"key": "avoiding_premature_advice", "title": "Avoiding premature advice", "weight": 0.15,
     "description": "Holds back advice, persuasion and confrontation until the client asks or agrees, and leaves "
                    "choices with the client.",
     "levels": _levels(
         "Repeated advice, persuasion or confrontation without permission.",
         "Some unasked-for advice or arguing.",
         "Advice only with permission, or none; choices left with the client.",
         "No premature advice; actively supports the client's own choices and asks what they think.")},
    {"key": "safety_exploration", "title": "Exploring safety when it arises", "weight": 0.15,
     "description": "When risk comes up (self-harm, violence, neglect), asks about it directly and calmly.",
     "levels": _levels(
         "Risk cues were missed or brushed aside.",
         "Noticed risk but asked vaguely or moved on quickly.",
         "Asked directly about safety when cues arose, or no cues arose in this conversation.",
         "Explored safety directly and calmly, with empathy, and checked what support is in place.")},
]


def upgrade() -> None:
    rubrics = op.create_table(
        'rubrics',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('owner_id', sa.Integer(), nullable=True),
        sa.Column('title', sa.String(length=200), nullable=False),
        sa.Column('description', sa.Text(), server_default='', nullable=False),
        sa.Column('criteria', JSON_TYPE, nullable=False),
        sa.Column('is_default', sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column('archived_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
        sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
        sa.ForeignKeyConstraint(['owner_id'], ['users.id'], name=op.f('fk_rubrics_owner_id_users'),
                                ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_rubrics')),
    )
    with op.batch_alter_table('rubrics', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_rubrics_owner_id'), ['owner_id'], unique=False)

    op.create_table(
        'evaluations',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('session_id', sa.Integer(), nullable=False),
        sa.Column('rubric_id', sa.Integer(), nullable=False),
        sa.Column('status', sa.String(length=16), nullable=False),
        sa.Column('provider', sa.String(length=40), nullable=False),
        sa.Column('model', sa.String(length=80), nullable=False),
        sa.Column('approximate', sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column('fallback_reason', sa.Text(), nullable=True),
        sa.Column('error', sa.Text(), nullable=True),
        sa.Column('cost_usd', sa.Float(), nullable=False),
        sa.Column('rubric_snapshot', JSON_TYPE, nullable=False),
        sa.Column('result', JSON_TYPE, nullable=False),
        sa.Column('total_score', sa.Float(), nullable=True),
        sa.Column('original_total_score', sa.Float(), nullable=True),
        sa.Column('max_score', sa.Float(), nullable=True),
        sa.Column('released', sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column('released_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('review', JSON_TYPE, nullable=False),
        sa.Column('reviewer_id', sa.Integer(), nullable=True),
        sa.Column('reviewed_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('requested_by_id', sa.Integer(), nullable=True),
        sa.Column('evaluated_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
        sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
        sa.ForeignKeyConstraint(['session_id'], ['sessions.id'], name=op.f('fk_evaluations_session_id_sessions'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['rubric_id'], ['rubrics.id'], name=op.f('fk_evaluations_rubric_id_rubrics'),
                                ondelete='RESTRICT'),
        sa.ForeignKeyConstraint(['reviewer_id'], ['users.id'], name=op.f('fk_evaluations_reviewer_id_users'),
                                ondelete='SET NULL'),
        sa.ForeignKeyConstraint(['requested_by_id'], ['users.id'],
                                name=op.f('fk_evaluations_requested_by_id_users'), ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_evaluations')),
        sa.UniqueConstraint('session_id', name=op.f('uq_evaluations_session_id')),
    )
    with op.batch_alter_table('evaluations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_evaluations_rubric_id'), ['rubric_id'], unique=False)
        batch_op.create_index('ix_evaluations_status_released', ['status', 'released'], unique=False)

    now = datetime.now(UTC)
    op.bulk_insert(rubrics, [{
        "owner_id": None, "title": "Interviewing fundamentals", "is_default": True, "criteria": DEFAULT_CRITERIA,
        "description": "The basics of a first interview, after MITI 4.2.1: engagement and empathy, open "
                       "questions, reflective listening, holding back advice, and exploring safety.",
        "created_at": now, "updated_at": now,
    }])


def downgrade() -> None:
    with op.batch_alter_table('evaluations', schema=None) as batch_op:
        batch_op.drop_index('ix_evaluations_status_released')
        batch_op.drop_index(batch_op.f('ix_evaluations_rubric_id'))
    op.drop_table('evaluations')
    with op.batch_alter_table('rubrics', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_rubrics_owner_id'))
    op.drop_table('rubrics')
