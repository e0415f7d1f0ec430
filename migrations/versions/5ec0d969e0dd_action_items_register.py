"""action items register: one list of things to do, whatever raised them

The host's `intranet.actions`: items with owner, due day, status and source, and
their comments. (The surveys' follow-ups are moved onto it by a later migration.)

Revision ID: 5ec0d969e0dd
Revises: 96800a8d2787
Create Date: 2026-12-06 00:59:03.460165

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '5ec0d969e0dd'
down_revision = '96800a8d2787'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('action_items',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('owner_id', sa.Integer(), nullable=False),
    sa.Column('due_on', sa.Date(), nullable=True),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('source_plugin', sa.String(length=32), nullable=False),
    sa.Column('source_key', sa.String(length=100), nullable=False),
    sa.Column('source_url', sa.String(length=500), nullable=False),
    sa.Column('source_label', sa.JSON(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('reminded_on', sa.Date(), nullable=True),
    sa.Column('escalated_on', sa.Date(), nullable=True),
    sa.ForeignKeyConstraint(['created_by_id'], ['people.id'], name=op.f('fk_action_items_created_by_id_people'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['owner_id'], ['people.id'], name=op.f('fk_action_items_owner_id_people')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_action_items'))
    )
    with op.batch_alter_table('action_items', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_action_items_due_on'), ['due_on'], unique=False)
        batch_op.create_index('ix_action_items_owner_status', ['owner_id', 'status'], unique=False)
        batch_op.create_index(batch_op.f('ix_action_items_source_key'), ['source_key'], unique=False)

    op.create_table('action_comments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('item_id', sa.Integer(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=True),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('status_from', sa.String(length=16), nullable=True),
    sa.Column('status_to', sa.String(length=16), nullable=True),
    sa.ForeignKeyConstraint(['author_id'], ['people.id'], name=op.f('fk_action_comments_author_id_people'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['item_id'], ['action_items.id'], name=op.f('fk_action_comments_item_id_action_items'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_action_comments'))
    )
    with op.batch_alter_table('action_comments', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_action_comments_item_id'), ['item_id'], unique=False)



def downgrade():
    with op.batch_alter_table('action_comments', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_action_comments_item_id'))

    op.drop_table('action_comments')
    with op.batch_alter_table('action_items', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_action_items_source_key'))
        batch_op.drop_index('ix_action_items_owner_status')
        batch_op.drop_index(batch_op.f('ix_action_items_due_on'))

    op.drop_table('action_items')
