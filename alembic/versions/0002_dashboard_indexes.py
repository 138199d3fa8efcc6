"""indexes for the admin dashboard at semester scale

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25 10:15:00
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0002'
down_revision: str | None = '0001'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('sessions', schema=None) as batch_op:
        batch_op.create_index('ix_sessions_started_at_id', ['started_at', 'id'], unique=False)
    with op.batch_alter_table('messages', schema=None) as batch_op:
        batch_op.create_index('ix_messages_fallback_created_at', ['created_at'], unique=False,
                              postgresql_where=sa.text('is_fallback'), sqlite_where=sa.text('is_fallback'))


def downgrade() -> None:
    with op.batch_alter_table('messages', schema=None) as batch_op:
        batch_op.drop_index('ix_messages_fallback_created_at')
    with op.batch_alter_table('sessions', schema=None) as batch_op:
        batch_op.drop_index('ix_sessions_started_at_id')
