"""people: an optional gender, set only by the staff import (aggregate figures only)

Revision ID: d7a9c3e5f8b2
Revises: c5d8e2f4a6b1
Create Date: 2026-12-06 04:25:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'd7a9c3e5f8b2'
down_revision = 'c5d8e2f4a6b1'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('people', schema=None) as batch_op:
        batch_op.add_column(sa.Column('gender', sa.String(length=16), server_default='', nullable=False))


def downgrade():
    with op.batch_alter_table('people', schema=None) as batch_op:
        batch_op.drop_column('gender')
