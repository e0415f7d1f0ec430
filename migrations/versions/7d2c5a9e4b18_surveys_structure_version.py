"""surveys: structure_version (answering caches an open survey's structure under it), page_format

Revision ID: 7d2c5a9e4b18
Revises: a88136143ee2
Create Date: 2026-12-06 02:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '7d2c5a9e4b18'
down_revision = 'a88136143ee2'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('surveys', schema=None) as batch_op:
        batch_op.add_column(sa.Column('structure_version', sa.Integer(), server_default='1', nullable=False))
        batch_op.add_column(sa.Column('page_format', sa.String(length=16), server_default='sections', nullable=False))


def downgrade():
    with op.batch_alter_table('surveys', schema=None) as batch_op:
        batch_op.drop_column('page_format')
        batch_op.drop_column('structure_version')
