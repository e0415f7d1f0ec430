"""The rewrite of a closed survey's responses in a random physical order (surveys/README.md,
"what remains on PostgreSQL while a survey is open").
"""

from __future__ import annotations

from sqlalchemy import func, select, text

from intranet.database import rewrite_rows_in_random_order
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
    def remove() -> None:
        db.session.execute(text("DELETE FROM survey_answers WHERE response_id IN (SELECT id FROM shuffled_responses)"))
        db.session.execute(text("DELETE FROM survey_responses WHERE survey_id = :survey"), {"survey": survey.id})

    rewrite_rows_in_random_order((
        (Response, "shuffled_responses",
         "CREATE TEMPORARY TABLE shuffled_responses AS SELECT * FROM survey_responses WHERE survey_id = :survey"),
        (Answer, "shuffled_answers",
         "CREATE TEMPORARY TABLE shuffled_answers AS SELECT * FROM survey_answers WHERE response_id IN "
         "(SELECT id FROM shuffled_responses)"),
    ), {"survey": survey.id}, remove)
    # each count row was last written by some submission (PostgreSQL's xmin): rebuilt, they share one
    recount(survey, commit=False)
    db.session.commit()
    return count
