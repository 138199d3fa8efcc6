"""the client's trust state on each session and its trajectory on each reply; persona checks

Revision ID: 0010
Revises: 0008
Create Date: 2026-11-30 06:00:00
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = '0010'
down_revision: str | None = '0008'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

JSON_TYPE = sa.JSON().with_variant(postgresql.JSONB(), 'postgresql')


def upgrade() -> None:
    with op.batch_alter_table('sessions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('disclosure', JSON_TYPE, nullable=True))
    with op.batch_alter_table('messages', schema=None) as batch_op:
        batch_op.add_column(sa.Column('disclosure', JSON_TYPE, nullable=True))
    op.create_table(
        'persona_checks',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('client_id', sa.Integer(), nullable=False),
        sa.Column('requested_by', sa.Integer(), nullable=True),
        sa.Column('provider', sa.String(length=40), nullable=False),
        sa.Column('model', sa.String(length=80), nullable=False),
        sa.Column('verdict', sa.String(length=8), nullable=False),
        sa.Column('judged', sa.Boolean(), nullable=False),
        sa.Column('probes', JSON_TYPE, nullable=False),
        sa.Column('persona_updated_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('cost_usd', sa.Float(), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['client_id'], ['clients.id'], name=op.f('fk_persona_checks_client_id_clients'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['requested_by'], ['users.id'], name=op.f('fk_persona_checks_requested_by_users'),
                                ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_persona_checks')),
    )
    op.create_index('ix_persona_checks_client_id_created_at', 'persona_checks', ['client_id', 'created_at'],
                    unique=False)


def downgrade() -> None:
    op.drop_index('ix_persona_checks_client_id_created_at', table_name='persona_checks')
    op.drop_table('persona_checks')
    with op.batch_alter_table('messages', schema=None) as batch_op:
        batch_op.drop_column('disclosure')
    with op.batch_alter_table('sessions', schema=None) as batch_op:
        batch_op.drop_column('disclosure')
