"""recognition: a cycle may tell colleagues when they are nominated (off by default)

Revision ID: c5d8e2f4a6b1
Revises: b3e7f1a2c9d4
Create Date: 2026-12-06 04:15:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c5d8e2f4a6b1'
down_revision = 'b3e7f1a2c9d4'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('recognition_cycles', schema=None) as batch_op:
        batch_op.add_column(sa.Column('tell_nominees', sa.Boolean(), server_default=sa.false(), nullable=False))


def downgrade():
    with op.batch_alter_table('recognition_cycles', schema=None) as batch_op:
        batch_op.drop_column('tell_nominees')
