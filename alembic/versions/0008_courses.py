"""courses: sections, enrollments, assignments; sessions as attempts at an assignment; who created an account

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-30 03:40:00
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0008'
down_revision: str | None = '0007'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _timestamps() -> list[sa.Column]:
    return [sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
            sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False)]


def upgrade() -> None:
    op.create_table(
        'sections',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('teacher_id', sa.Integer(), nullable=False),
        sa.Column('name', sa.String(length=200), nullable=False),
        sa.Column('course_code', sa.String(length=40), nullable=False),
        sa.Column('term', sa.String(length=60), nullable=False),
        sa.Column('description', sa.Text(), nullable=False),
        sa.Column('archived_at', sa.DateTime(timezone=True), nullable=True),
        *_timestamps(),
        sa.ForeignKeyConstraint(['teacher_id'], ['users.id'], name=op.f('fk_sections_teacher_id_users'),
                                ondelete='RESTRICT'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_sections')),
    )
    with op.batch_alter_table('sections', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_sections_teacher_id'), ['teacher_id'], unique=False)

    op.create_table(
        'assignments',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('section_id', sa.Integer(), nullable=False),
        sa.Column('client_id', sa.Integer(), nullable=False),
        sa.Column('title', sa.String(length=200), nullable=False),
        sa.Column('instructions', sa.Text(), nullable=False),
        sa.Column('opens_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('due_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('max_attempts', sa.Integer(), nullable=True),
        sa.Column('min_turns', sa.Integer(), server_default='1', nullable=False),
        sa.Column('allow_late', sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column('is_published', sa.Boolean(), server_default=sa.true(), nullable=False),
        sa.Column('archived_at', sa.DateTime(timezone=True), nullable=True),
        *_timestamps(),
        sa.ForeignKeyConstraint(['client_id'], ['clients.id'], name=op.f('fk_assignments_client_id_clients'),
                                ondelete='RESTRICT'),
        sa.ForeignKeyConstraint(['section_id'], ['sections.id'], name=op.f('fk_assignments_section_id_sections'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_assignments')),
    )
    with op.batch_alter_table('assignments', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_assignments_client_id'), ['client_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_assignments_section_id'), ['section_id'], unique=False)

    op.create_table(
        'section_enrollments',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('section_id', sa.Integer(), nullable=False),
        sa.Column('student_id', sa.Integer(), nullable=False),
        sa.Column('enrolled_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('is_active', sa.Boolean(), server_default=sa.true(), nullable=False),
        sa.Column('removed_at', sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(['section_id'], ['sections.id'],
                                name=op.f('fk_section_enrollments_section_id_sections'), ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['student_id'], ['users.id'], name=op.f('fk_section_enrollments_student_id_users'),
                                ondelete='RESTRICT'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_section_enrollments')),
        sa.UniqueConstraint('section_id', 'student_id', name=op.f('uq_section_enrollments_section_id_student_id')),
    )
    with op.batch_alter_table('section_enrollments', schema=None) as batch_op:
        batch_op.create_index('ix_section_enrollments_student_id_is_active', ['student_id', 'is_active'],
                              unique=False)

    with op.batch_alter_table('sessions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('assignment_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('attempt_number', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('submitted_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('student_turns', sa.Integer(), server_default='0', nullable=False))
        batch_op.create_unique_constraint(batch_op.f('uq_sessions_assignment_id_user_id_attempt_number'),
                                          ['assignment_id', 'user_id', 'attempt_number'])
        batch_op.create_foreign_key(batch_op.f('fk_sessions_assignment_id_assignments'), 'assignments',
                                    ['assignment_id'], ['id'], ondelete='RESTRICT')
    # Sessions held before the counter existed: their student messages, counted once.
    op.execute("UPDATE sessions SET student_turns = (SELECT count(*) FROM messages "
               "WHERE messages.session_id = sessions.id AND messages.role = 'user')")

    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('created_by_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_users_created_by_id'), ['created_by_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_users_created_by_id_users'), 'users', ['created_by_id'], ['id'],
                                    ondelete='SET NULL')


def downgrade() -> None:
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_users_created_by_id_users'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_users_created_by_id'))
        batch_op.drop_column('created_by_id')

    with op.batch_alter_table('sessions', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_sessions_assignment_id_assignments'), type_='foreignkey')
        batch_op.drop_constraint(batch_op.f('uq_sessions_assignment_id_user_id_attempt_number'), type_='unique')
        batch_op.drop_column('student_turns')
        batch_op.drop_column('submitted_at')
        batch_op.drop_column('attempt_number')
        batch_op.drop_column('assignment_id')

    op.drop_table('section_enrollments')
    op.drop_table('assignments')
    op.drop_table('sections')
