"""The rewrite of a closed survey's responses in a random physical order (surveys/README.md,
"what remains on PostgreSQL while a survey is open").
"""

from __future__ import annotations

from typing import cast

from sqlalchemy import Table, column, func, insert, select, table, text

from intranet.extensions import db
from surveys.models import Answer, Response, Survey
from surveys.services import response_rows
from surveys.services.counting import recount


def after_close(survey: Survey) -> int:
    """Rewrite the survey's responses and answers in a random physical order (same ids).

    On PostgreSQL rows sit about in the order they were submitted (ctid), each with the id
    of the transaction that wrote it, shared with its participation (xmin), which a database
    administrator could match to the participations. Rewritten in one transaction, they take
    a random heap order and all the one xmin of the close. (On SQLite these tables are
    WITHOUT ROWID, stored in the order of their random ids whatever the rewrite does; it
    still leaves no page as the submissions left it.) The copy goes through temporary
    tables, in SQL, so it scales to 100,000 responses; each response's answers stored together
    (`Response.cells`) go with it. Commits, together with whatever the
    caller has pending (the close). Returns how many responses were rewritten.
    """
    count = db.session.scalar(select(func.count()).select_from(Response).where(Response.survey_id == survey.id))
    if not count:
        db.session.commit()
        return 0
    # responses written otherwise than by `submit` get their answers stored together now, before the copy
    response_rows.store_missing(survey)
    params = {"survey": survey.id}
    for statement in (
        "DROP TABLE IF EXISTS shuffled_responses",
        "DROP TABLE IF EXISTS shuffled_answers",
        "CREATE TEMPORARY TABLE shuffled_responses AS SELECT * FROM survey_responses WHERE survey_id = :survey",
        "CREATE TEMPORARY TABLE shuffled_answers AS SELECT * FROM survey_answers WHERE response_id IN "
        "(SELECT id FROM shuffled_responses)",
        "DELETE FROM survey_answers WHERE response_id IN (SELECT id FROM shuffled_responses)",
        "DELETE FROM survey_responses WHERE survey_id = :survey",
    ):
        db.session.execute(text(statement), params if ":survey" in statement else {})
    for model, copy in ((Response, "shuffled_responses"), (Answer, "shuffled_answers")):
        names = [c.name for c in model.__table__.columns]
        copied = table(copy, *(column(n) for n in names))
        db.session.execute(insert(cast(Table, model.__table__)).from_select(
            names, select(*(copied.c[n] for n in names)).order_by(func.random())))
    db.session.execute(text("DROP TABLE shuffled_responses"))
    db.session.execute(text("DROP TABLE shuffled_answers"))
    # each count row was last written by some submission (PostgreSQL's xmin): rebuilt, they share one
    recount(survey, commit=False)
    db.session.commit()
    return count
