"""exactly-once turns: a student message's idempotency key, and which message a reply answers

Revision ID: 0013
Revises: 0012
Create Date: 2026-11-30 06:00:00
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0013'
down_revision: str | None = '0012'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('messages', schema=None) as batch_op:
        batch_op.add_column(sa.Column('idempotency_key', sa.String(length=100), nullable=True))
        batch_op.add_column(sa.Column('reply_to_id', sa.Integer(), nullable=True))
        # NULLs never collide, so only keyed messages and replies are held to one each.
        batch_op.create_unique_constraint('uq_messages_session_id_idempotency_key', ['session_id', 'idempotency_key'])
        batch_op.create_unique_constraint('uq_messages_reply_to_id', ['reply_to_id'])
        batch_op.create_foreign_key('fk_messages_reply_to_id_messages', 'messages', ['reply_to_id'], ['id'],
                                    ondelete='CASCADE')


def downgrade() -> None:
    with op.batch_alter_table('messages', schema=None) as batch_op:
        batch_op.drop_constraint('fk_messages_reply_to_id_messages', type_='foreignkey')
        batch_op.drop_constraint('uq_messages_reply_to_id', type_='unique')
        batch_op.drop_constraint('uq_messages_session_id_idempotency_key', type_='unique')
        batch_op.drop_column('reply_to_id')
        batch_op.drop_column('idempotency_key')
