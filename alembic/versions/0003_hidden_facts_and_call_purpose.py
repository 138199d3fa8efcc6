"""hidden facts as a list with what unlocks each; why each LLM call was made

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-30 03:00:00
"""
import json
import re
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = '0003'
down_revision: str | None = '0002'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

JSON_TYPE = sa.JSON().with_variant(postgresql.JSONB(), 'postgresql')
SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9\"'(])")
clients = sa.table('clients', sa.column('id', sa.Integer), sa.column('reveals_with_rapport', sa.Text),
                   sa.column('hidden_facts', JSON_TYPE))


def upgrade() -> None:
    with op.batch_alter_table('clients', schema=None) as batch_op:
        batch_op.add_column(sa.Column('hidden_facts', JSON_TYPE, nullable=False, server_default='[]'))
    connection = op.get_bind()
    for client_id, text in connection.execute(sa.select(clients.c.id, clients.c.reveals_with_rapport)).all():
        facts = [{"fact": sentence.strip(), "unlock": ""} for sentence in SENTENCE_END.split((text or "").strip())
                 if sentence.strip()]
        if facts:
            connection.execute(clients.update().where(clients.c.id == client_id).values(hidden_facts=facts))
    with op.batch_alter_table('clients', schema=None) as batch_op:
        batch_op.drop_column('reveals_with_rapport')
    with op.batch_alter_table('llm_calls', schema=None) as batch_op:
        batch_op.add_column(sa.Column('purpose', sa.String(length=24), nullable=False, server_default='conversation'))
        batch_op.create_index('ix_llm_calls_day_purpose', ['day', 'purpose'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('llm_calls', schema=None) as batch_op:
        batch_op.drop_index('ix_llm_calls_day_purpose')
        batch_op.drop_column('purpose')
    with op.batch_alter_table('clients', schema=None) as batch_op:
        batch_op.add_column(sa.Column('reveals_with_rapport', sa.Text(), nullable=False, server_default=''))
    connection = op.get_bind()
    for client_id, facts in connection.execute(sa.select(clients.c.id, clients.c.hidden_facts)).all():
        facts = json.loads(facts) if isinstance(facts, str) else facts or []
        text = " ".join(item.get("fact", "") for item in facts)
        connection.execute(clients.update().where(clients.c.id == client_id).values(reveals_with_rapport=text))
    with op.batch_alter_table('clients', schema=None) as batch_op:
        batch_op.drop_column('hidden_facts')
