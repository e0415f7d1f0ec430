"""surveys: each response's answers stored together as well (survey_responses.cells), for the CSV export

Existing responses get theirs from their answer rows: a JSON array with one text per CSV column,
in the order of the survey's questions and of their items or options (surveys.services.response_rows).

Revision ID: b3e61f0c9a27
Revises: b5e1c7d9a2f4
Create Date: 2026-12-06 04:30:00

"""
import json

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'b3e61f0c9a27'
down_revision = 'b5e1c7d9a2f4'
branch_labels = None
depends_on = None

CHUNK = 2000


def _listed(value):
    # JSON columns come back parsed on PostgreSQL and as text on SQLite
    return json.loads(value) if isinstance(value, str) else (value or [])


def _columns(connection, survey_id):
    """(question id, item) of the survey's CSV columns, in order (as response_rows.columns says)."""
    found = []
    questions = connection.execute(sa.text(
        "SELECT id, kind, options, items FROM survey_questions WHERE survey_id = :s ORDER BY position, id"),
        {"s": survey_id})
    for question_id, kind, options, items in questions:
        if kind in ("grid", "unit_matrix"):
            found += [(question_id, str(e.get("key", ""))) for e in _listed(items)]
        elif kind == "multiple":
            found += [(question_id, str(e.get("key", ""))) for e in _listed(options)]
        else:
            found.append((question_id, ""))
    return found


def _cell(number, choice, text):
    if number is not None:
        return str(number)
    if choice is not None:
        return choice
    return text if text is not None else ""


def _fill(connection):
    responses = sa.table("survey_responses", sa.column("id", sa.String), sa.column("cells", sa.Text))
    surveys = connection.execute(sa.text("SELECT DISTINCT survey_id FROM survey_responses")).scalars().all()
    for survey_id in surveys:
        place = {key: n for n, key in enumerate(_columns(connection, survey_id))}
        ids = connection.execute(sa.text("SELECT id FROM survey_responses WHERE survey_id = :s"),
                                 {"s": survey_id}).scalars().all()
        for start in range(0, len(ids), CHUNK):
            chunk = ids[start:start + CHUNK]
            cells = {response_id: [""] * len(place) for response_id in chunk}
            answers = connection.execute(
                sa.text("SELECT response_id, question_id, item, number, choice, text FROM survey_answers "
                        "WHERE response_id IN :ids").bindparams(sa.bindparam("ids", expanding=True)),
                {"ids": chunk})
            for response_id, question_id, item, number, choice, text in answers:
                position = place.get((question_id, item or ""))
                if position is not None:
                    cells[response_id][position] = _cell(number, choice, text)
            connection.execute(
                responses.update().where(responses.c.id == sa.bindparam("response_id"))
                .values(cells=sa.bindparam("stored")),
                [{"response_id": response_id, "stored": json.dumps(values, ensure_ascii=False, separators=(",", ":"))}
                 for response_id, values in cells.items()])


def upgrade():
    # a plain ADD COLUMN (no batch copy): on SQLite the table stays WITHOUT ROWID, rows in key order
    op.add_column('survey_responses', sa.Column('cells', sa.Text(), nullable=True))
    _fill(op.get_bind())


def downgrade():
    # SQLite copies the table to drop a column: the copy stays WITHOUT ROWID
    if op.get_bind().dialect.name == 'sqlite':
        batch = op.batch_alter_table('survey_responses', recreate='always', table_kwargs={'sqlite_with_rowid': False})
    else:
        batch = op.batch_alter_table('survey_responses')
    with batch as batch_op:
        batch_op.drop_column('cells')
