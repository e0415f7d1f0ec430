"""plan: indicators entered by hand (plan_indicator_entries, plan_activities.indicator_key); the annual
evaluation (plan_evaluations, plan_activities.verdict and verdict_comment)

Revision ID: 3b7e1f9c2d40
Revises: d7a9c3e5f8b2
Create Date: 2026-12-06 04:10:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '3b7e1f9c2d40'
down_revision = 'd7a9c3e5f8b2'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('plan_activities', schema=None) as batch_op:
        batch_op.add_column(sa.Column('indicator_key', sa.String(length=80), nullable=True))
        batch_op.add_column(sa.Column('verdict', sa.String(length=16), nullable=True))
        batch_op.add_column(sa.Column('verdict_comment', sa.Text(), server_default='', nullable=False))
    op.create_table(
        'plan_indicator_entries',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('activity_id', sa.Integer(), nullable=False),
        sa.Column('value', sa.String(length=200), nullable=False),
        sa.Column('note', sa.Text(), nullable=False),
        sa.Column('evidence', sa.JSON(), nullable=False),
        sa.Column('entered_by_id', sa.Integer(), nullable=True),
        sa.Column('entered_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['activity_id'], ['plan_activities.id'],
                                name=op.f('fk_plan_indicator_entries_activity_id_plan_activities'), ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['entered_by_id'], ['people.id'],
                                name=op.f('fk_plan_indicator_entries_entered_by_id_people'), ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_plan_indicator_entries')),
    )
    with op.batch_alter_table('plan_indicator_entries', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_plan_indicator_entries_activity_id'), ['activity_id'], unique=False)
    op.create_table(
        'plan_evaluations',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('year', sa.Integer(), nullable=False),
        sa.Column('status', sa.String(length=16), nullable=False),
        sa.Column('reports', sa.JSON(), nullable=False),
        sa.Column('opened_at', sa.DateTime(), nullable=False),
        sa.Column('opened_by_id', sa.Integer(), nullable=True),
        sa.Column('published_at', sa.DateTime(), nullable=True),
        sa.Column('published_by_id', sa.Integer(), nullable=True),
        sa.Column('announcement_url', sa.String(length=300), nullable=False),
        sa.ForeignKeyConstraint(['opened_by_id'], ['people.id'],
                                name=op.f('fk_plan_evaluations_opened_by_id_people'), ondelete='SET NULL'),
        sa.ForeignKeyConstraint(['published_by_id'], ['people.id'],
                                name=op.f('fk_plan_evaluations_published_by_id_people'), ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_plan_evaluations')),
        sa.UniqueConstraint('year', name=op.f('uq_plan_evaluations_year')),
    )


def downgrade():
    op.drop_table('plan_evaluations')
    with op.batch_alter_table('plan_indicator_entries', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_plan_indicator_entries_activity_id'))
    op.drop_table('plan_indicator_entries')
    with op.batch_alter_table('plan_activities', schema=None) as batch_op:
        batch_op.drop_column('verdict_comment')
        batch_op.drop_column('verdict')
        batch_op.drop_column('indicator_key')
