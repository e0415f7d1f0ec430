"""reports: the month remembers where it was published (a URL), not a bulletin id

The monthly report became a plugin of its own (`reports`) that publishes through
`intranet.announcements`; it no longer points into the bulletins table. The
tables keep their names. Existing published months get the URL of their bulletin.

Revision ID: 3c7e2b9d5f10
Revises: 5ec0d969e0dd
Create Date: 2026-12-06 12:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '3c7e2b9d5f10'
down_revision = '5ec0d969e0dd'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('bulletin_report_months', schema=None) as batch_op:
        batch_op.add_column(sa.Column('published_url', sa.String(length=300), nullable=False, server_default=''))
    op.execute("UPDATE bulletin_report_months SET published_url = '/bulletins/' || CAST(bulletin_id AS VARCHAR(20)) "
               "WHERE bulletin_id IS NOT NULL")
    with op.batch_alter_table('bulletin_report_months', schema=None) as batch_op:
        batch_op.alter_column('published_url', server_default=None)
        batch_op.drop_index(batch_op.f('ix_bulletin_report_months_bulletin_id'))
        batch_op.drop_constraint(batch_op.f('fk_bulletin_report_months_bulletin_id_bulletins'), type_='foreignkey')
        batch_op.drop_column('bulletin_id')


def downgrade():
    with op.batch_alter_table('bulletin_report_months', schema=None) as batch_op:
        batch_op.add_column(sa.Column('bulletin_id', sa.Integer(), nullable=True))
    op.execute("UPDATE bulletin_report_months SET bulletin_id = CAST(SUBSTR(published_url, 12) AS INTEGER) "
               "WHERE published_url LIKE '/bulletins/%'")
    with op.batch_alter_table('bulletin_report_months', schema=None) as batch_op:
        batch_op.create_foreign_key(batch_op.f('fk_bulletin_report_months_bulletin_id_bulletins'), 'bulletins',
                                    ['bulletin_id'], ['id'], ondelete='SET NULL')
        batch_op.create_index(batch_op.f('ix_bulletin_report_months_bulletin_id'), ['bulletin_id'], unique=False)
        batch_op.drop_column('published_url')
