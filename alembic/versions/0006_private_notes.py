"""teachers' private notes apart from the comment a student reads

Revision ID: 0006
Revises: 0003
Create Date: 2026-11-30 05:00:00
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0006'
down_revision: str | None = '0003'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('feedback', schema=None) as batch_op:
        batch_op.add_column(sa.Column('private_note', sa.Text(), nullable=False, server_default=''))
    # Comments so far were written under the label "Comment for your records": they were meant to be private.
    op.execute("UPDATE feedback SET private_note = comment, comment = ''")


def downgrade() -> None:
    op.execute("UPDATE feedback SET comment = private_note WHERE comment = ''")
    with op.batch_alter_table('feedback', schema=None) as batch_op:
        batch_op.drop_column('private_note')
