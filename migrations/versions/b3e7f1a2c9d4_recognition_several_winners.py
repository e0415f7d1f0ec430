"""recognition: several winners per category (a number per category, a place per award)

Revision ID: b3e7f1a2c9d4
Revises: 8a3135bdbd76
Create Date: 2026-12-06 04:10:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'b3e7f1a2c9d4'
down_revision = '8a3135bdbd76'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('recognition_categories', schema=None) as batch_op:
        batch_op.add_column(sa.Column('winners', sa.Integer(), server_default='1', nullable=False))
    with op.batch_alter_table('recognition_awards', schema=None) as batch_op:
        batch_op.add_column(sa.Column('place', sa.Integer(), server_default='1', nullable=False))
        batch_op.drop_constraint('uq_recognition_awards_category_id', type_='unique')
        batch_op.create_unique_constraint(batch_op.f('uq_recognition_awards_category_id_place'),
                                          ['category_id', 'place'])


def downgrade():
    # one winner per category again: each category keeps its first
    op.execute("DELETE FROM recognition_awards WHERE place > 1")
    with op.batch_alter_table('recognition_awards', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_recognition_awards_category_id_place'), type_='unique')
        batch_op.create_unique_constraint('uq_recognition_awards_category_id', ['category_id'])
        batch_op.drop_column('place')
    with op.batch_alter_table('recognition_categories', schema=None) as batch_op:
        batch_op.drop_column('winners')
