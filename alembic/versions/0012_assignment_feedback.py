"""assignments name the rubric their attempts are scored on, and when students see the scores

Revision ID: 0012
Revises: 0011
Create Date: 2026-11-30 07:00:00
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0012'
down_revision: str | None = '0011'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('assignments', schema=None) as batch_op:
        batch_op.add_column(sa.Column('rubric_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('feedback_release', sa.String(length=16), nullable=False,
                                      server_default='immediate'))
        batch_op.create_index(batch_op.f('ix_assignments_rubric_id'), ['rubric_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_assignments_rubric_id_rubrics'), 'rubrics', ['rubric_id'], ['id'],
                                    ondelete='RESTRICT')


def downgrade() -> None:
    with op.batch_alter_table('assignments', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_assignments_rubric_id_rubrics'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_assignments_rubric_id'))
        batch_op.drop_column('feedback_release')
        batch_op.drop_column('rubric_id')
