"""meetings: agenda documents, minutes comment round

Revision ID: 8a3135bdbd76
Revises: 7d2c5a9e4b18
Create Date: 2026-12-06 04:00:30.164850

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '8a3135bdbd76'
down_revision = '7d2c5a9e4b18'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('meeting_agenda_documents',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('item_id', sa.Integer(), nullable=False),
    sa.Column('filename', sa.String(length=255), nullable=False),
    sa.Column('stored_name', sa.String(length=64), nullable=False),
    sa.Column('content_type', sa.String(length=120), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('uploaded_by_id', sa.Integer(), nullable=True),
    sa.Column('uploaded_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['item_id'], ['meeting_agenda_items.id'], name=op.f('fk_meeting_agenda_documents_item_id_meeting_agenda_items'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['uploaded_by_id'], ['people.id'], name=op.f('fk_meeting_agenda_documents_uploaded_by_id_people'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_meeting_agenda_documents')),
    sa.UniqueConstraint('stored_name', name=op.f('uq_meeting_agenda_documents_stored_name'))
    )
    with op.batch_alter_table('meeting_agenda_documents', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_meeting_agenda_documents_item_id'), ['item_id'], unique=False)

    op.create_table('meeting_minutes_comments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('minutes_id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=True),
    sa.Column('item_id', sa.Integer(), nullable=True),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['item_id'], ['meeting_agenda_items.id'], name=op.f('fk_meeting_minutes_comments_item_id_meeting_agenda_items'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['minutes_id'], ['meeting_minutes.id'], name=op.f('fk_meeting_minutes_comments_minutes_id_meeting_minutes'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['person_id'], ['people.id'], name=op.f('fk_meeting_minutes_comments_person_id_people'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_meeting_minutes_comments'))
    )
    with op.batch_alter_table('meeting_minutes_comments', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_meeting_minutes_comments_minutes_id'), ['minutes_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_meeting_minutes_comments_person_id'), ['person_id'], unique=False)

    with op.batch_alter_table('meeting_minutes', schema=None) as batch_op:
        batch_op.add_column(sa.Column('comments_sent_at', sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column('comments_until', sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column('comments_closed_at', sa.DateTime(), nullable=True))

    with op.batch_alter_table('meeting_series', schema=None) as batch_op:
        # existing series keep no comment round
        batch_op.add_column(sa.Column('comment_days', sa.Integer(), nullable=False, server_default='0'))



def downgrade():
    with op.batch_alter_table('meeting_series', schema=None) as batch_op:
        batch_op.drop_column('comment_days')

    with op.batch_alter_table('meeting_minutes', schema=None) as batch_op:
        batch_op.drop_column('comments_closed_at')
        batch_op.drop_column('comments_until')
        batch_op.drop_column('comments_sent_at')

    with op.batch_alter_table('meeting_minutes_comments', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_meeting_minutes_comments_person_id'))
        batch_op.drop_index(batch_op.f('ix_meeting_minutes_comments_minutes_id'))

    op.drop_table('meeting_minutes_comments')
    with op.batch_alter_table('meeting_agenda_documents', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_meeting_agenda_documents_item_id'))

    op.drop_table('meeting_agenda_documents')
