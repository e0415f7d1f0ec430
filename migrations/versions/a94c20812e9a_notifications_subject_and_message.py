"""notifications: subject and message

Existing notifications get an empty subject and message (they keep showing the
text they were written with); the defaults exist only while the columns are added.

Revision ID: a94c20812e9a
Revises: 8b0558c93255
Create Date: 2026-12-06 00:43:36.916266

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'a94c20812e9a'
down_revision = '8b0558c93255'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('notifications', schema=None) as batch_op:
        batch_op.add_column(sa.Column('subject', sa.String(length=100), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('message', sa.JSON(), nullable=False, server_default='{}'))
        batch_op.create_index(batch_op.f('ix_notifications_subject'), ['subject'], unique=False)
    with op.batch_alter_table('notifications', schema=None) as batch_op:
        batch_op.alter_column('subject', server_default=None)
        batch_op.alter_column('message', server_default=None)



def downgrade():
    with op.batch_alter_table('notifications', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_notifications_subject'))
        batch_op.drop_column('message')
        batch_op.drop_column('subject')

