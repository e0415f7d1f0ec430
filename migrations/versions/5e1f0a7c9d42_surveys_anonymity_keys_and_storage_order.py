"""surveys: participation keyed by survey and person, no language on responses, WITHOUT ROWID on SQLite

Participation loses its auto-numbered id (which counted respondents in the order they
answered): its primary key becomes (survey_id, person_id), the old unique pair. Responses
lose the language they were answered in. On SQLite, participations, responses, answers and
the two count tables are rebuilt as WITHOUT ROWID tables, so their rows are stored in key
order (person, random id), not in the order of answering; PostgreSQL has no such storage
option and keeps its tables (see the threat model in surveys/README.md). Every row is kept.

Revision ID: 5e1f0a7c9d42
Revises: 0780e55946f8
Create Date: 2026-12-05 21:50:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '5e1f0a7c9d42'
down_revision = '0780e55946f8'
branch_labels = None
depends_on = None

#: the tables rebuilt without a rowid on SQLite
KEYED = ('survey_answers', 'survey_answer_counts', 'survey_breakdown_counts')


def _sqlite() -> bool:
    return op.get_bind().dialect.name == 'sqlite'


def _batch(table: str, with_rowid: bool):
    # SQLite: copy into a new table (the only way to change a primary key or drop the rowid);
    # PostgreSQL: plain ALTER TABLE statements.
    if _sqlite():
        return op.batch_alter_table(table, recreate='always', table_kwargs={'sqlite_with_rowid': with_rowid})
    return op.batch_alter_table(table)


def upgrade():
    with _batch('survey_participations', with_rowid=False) as batch_op:
        batch_op.drop_index(batch_op.f('ix_survey_participations_survey_id'))
        batch_op.drop_constraint(batch_op.f('uq_survey_participations_survey_id_person_id'), type_='unique')
        batch_op.drop_constraint(batch_op.f('pk_survey_participations'), type_='primary')
        batch_op.drop_column('id')
        batch_op.create_primary_key(batch_op.f('pk_survey_participations'), ['survey_id', 'person_id'])

    with _batch('survey_responses', with_rowid=False) as batch_op:
        batch_op.drop_column('language')

    if _sqlite():
        for table in KEYED:
            with _batch(table, with_rowid=False):
                pass


def downgrade():
    if _sqlite():
        for table in KEYED:
            with _batch(table, with_rowid=True):
                pass

    with _batch('survey_responses', with_rowid=True) as batch_op:
        batch_op.add_column(sa.Column('language', sa.String(length=8), nullable=False, server_default='sq'))
    with _batch('survey_responses', with_rowid=True) as batch_op:
        batch_op.alter_column('language', server_default=None)

    # the old numbering cannot come back: participations are numbered in key order
    with _batch('survey_participations', with_rowid=True) as batch_op:
        batch_op.drop_constraint(batch_op.f('pk_survey_participations'), type_='primary')
    if _sqlite():
        with _batch('survey_participations', with_rowid=True) as batch_op:
            batch_op.add_column(sa.Column('id', sa.Integer(), nullable=True))
        op.execute(
            "UPDATE survey_participations SET id = (SELECT COUNT(*) FROM survey_participations AS earlier "
            "WHERE earlier.survey_id < survey_participations.survey_id OR (earlier.survey_id = "
            "survey_participations.survey_id AND earlier.person_id <= survey_participations.person_id))"
        )
    else:  # a serial column numbers the existing rows and keeps numbering new ones
        op.execute("ALTER TABLE survey_participations ADD COLUMN id SERIAL")
    with _batch('survey_participations', with_rowid=True) as batch_op:
        batch_op.alter_column('id', existing_type=sa.Integer(), nullable=False)
        batch_op.create_primary_key(batch_op.f('pk_survey_participations'), ['id'])
        batch_op.create_unique_constraint(batch_op.f('uq_survey_participations_survey_id_person_id'),
                                          ['survey_id', 'person_id'])
        batch_op.create_index(batch_op.f('ix_survey_participations_survey_id'), ['survey_id'], unique=False)
