"""surveys: public citizen polls (poll_slug, results_public)

Revision ID: b5e1c7d9a2f4
Revises: 3b7e1f9c2d40
Create Date: 2026-12-06 04:20:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'b5e1c7d9a2f4'
down_revision = '3b7e1f9c2d40'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('surveys', schema=None) as batch_op:
        batch_op.add_column(sa.Column('poll_slug', sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column('results_public', sa.Boolean(), server_default=sa.false(), nullable=False))
        batch_op.create_unique_constraint(batch_op.f('uq_surveys_poll_slug'), ['poll_slug'])


def downgrade():
    with op.batch_alter_table('surveys', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_surveys_poll_slug'), type_='unique')
        batch_op.drop_column('results_public')
        batch_op.drop_column('poll_slug')
