"""Patient-Ψ persona fields: core belief, coping strategies, an automatic thought, a conversational style

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-07 03:00:00
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = '0016'
down_revision: str | None = '0015'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

JSON_TYPE = sa.JSON().with_variant(postgresql.JSONB(), 'postgresql')


def upgrade() -> None:
    with op.batch_alter_table('clients', schema=None) as batch_op:
        batch_op.add_column(sa.Column('core_belief', sa.Text(), nullable=False, server_default=''))
        # Existing clients have none; the server default fills them (and stays, harmless, for raw inserts).
        batch_op.add_column(sa.Column('coping_strategies', JSON_TYPE, nullable=False, server_default='[]'))
        batch_op.add_column(sa.Column('automatic_thought', sa.Text(), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('conversational_style', sa.String(length=20), nullable=False,
                                      server_default=''))


def downgrade() -> None:
    with op.batch_alter_table('clients', schema=None) as batch_op:
        batch_op.drop_column('conversational_style')
        batch_op.drop_column('automatic_thought')
        batch_op.drop_column('coping_strategies')
        batch_op.drop_column('core_belief')
