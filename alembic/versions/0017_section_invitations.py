"""section invitations: a student of another teacher joins a section only once they accept

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-07 05:30:00
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0017'
down_revision: str | None = '0016'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('section_invitations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('section_id', sa.Integer(), nullable=False),
    sa.Column('student_id', sa.Integer(), nullable=False),
    sa.Column('invited_by_id', sa.Integer(), nullable=True),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('invited_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('answered_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
    sa.ForeignKeyConstraint(['section_id'], ['sections.id'],
        name=op.f('fk_section_invitations_section_id_sections'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['student_id'], ['users.id'],
        name=op.f('fk_section_invitations_student_id_users'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['invited_by_id'], ['users.id'],
        name=op.f('fk_section_invitations_invited_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_section_invitations')),
    sa.UniqueConstraint('section_id', 'student_id', name=op.f('uq_section_invitations_section_id_student_id'))
    )
    with op.batch_alter_table('section_invitations', schema=None) as batch_op:
        batch_op.create_index('ix_section_invitations_student_id_status', ['student_id', 'status'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('section_invitations', schema=None) as batch_op:
        batch_op.drop_index('ix_section_invitations_student_id_status')
    op.drop_table('section_invitations')
