"""Answer counts: the `AnswerCount` table that results read instead of every answer.

    add_counts(survey, group_id, rows)   +1 per counted value of one response, in its submit transaction
    recount(survey) -> int               rebuild a survey's counts from its answers (bulk loads, repairs)

A count row is (question, item, reporting group, value) -> how many; see the model's docstring
for the values. Text answers are never counted. Submissions upsert (INSERT ... ON CONFLICT DO
UPDATE SET count = count + 1), so simultaneous ones on PostgreSQL add up exactly: a second
transaction waits on the row the first one inserted or updated, then adds to it. Every
submission locks its rows in one order (the primary key's), so two of them never wait on each
other in a circle.
"""

from __future__ import annotations

from sqlalchemy import String, cast, delete, distinct, func, insert, literal, select, text
from sqlalchemy.dialects import postgresql, sqlite

from intranet.extensions import db
from surveys.models import MULTIPLE, TEXT_KINDS, Answer, AnswerCount, Question, Response, Survey

#: the value of the row counting a multiple-choice question's respondents (item "")
ANSWERED = "answered"
#: the prefix of a single choice's value, so an option key never reads as a number
CHOICE = "c:"


def count_value(number: int | None, choice: str | None) -> str | None:
    """The `AnswerCount.value` of one answer's number or choice (None: nothing to count)."""
    if choice is not None:
        return CHOICE + choice
    if number is not None:
        return str(number)
    return None


def count_keys(survey: Survey, rows: list[dict]) -> list[tuple[int, str, str]]:
    """(question id, item, value) counted for one response's answer rows (dicts as `Answer` columns),
    each once, in primary-key order."""
    kinds = {q.id: q.kind for q in survey.questions}
    keys = set()
    for row in rows:
        kind = kinds.get(row["question_id"])
        if kind is None or kind in TEXT_KINDS:
            continue
        value = count_value(row.get("number"), row.get("choice"))
        if value is None:
            continue
        keys.add((row["question_id"], row.get("item") or "", value))
        if kind == MULTIPLE:
            keys.add((row["question_id"], "", ANSWERED))
    return sorted(keys)


def _upsert_statement(dialect: str):
    if dialect == "postgresql":
        statement = postgresql.insert(AnswerCount)
    elif dialect == "sqlite":
        statement = sqlite.insert(AnswerCount)
    else:  # pragma: no cover - Ura runs on PostgreSQL, tests also on SQLite
        raise NotImplementedError(f"answer counts need INSERT ... ON CONFLICT ({dialect})")
    return statement.on_conflict_do_update(
        index_elements=[AnswerCount.question_id, AnswerCount.item, AnswerCount.group_id, AnswerCount.value],
        set_={"count": AnswerCount.count + statement.excluded.count},
    )


def add_counts(survey: Survey, group_id: int, rows: list[dict]) -> None:
    """Add one response's answers (`rows`: dicts as `Answer` columns) to the survey's counts.

    Runs inside the caller's transaction and does not commit: the counts are written with the
    response or not at all. One multi-row statement, its rows in primary-key order.
    """
    keys = count_keys(survey, rows)
    if not keys:
        return
    statement = _upsert_statement(db.session.get_bind().dialect.name).values([
        {"question_id": question_id, "item": item, "group_id": group_id, "value": value,
         "survey_id": survey.id, "count": 1}
        for question_id, item, value in keys
    ])
    db.session.execute(statement)


def recount(survey: Survey, *, commit: bool = True) -> int:
    """Rebuild the survey's counts from its answers, in SQL, and commit (unless told not to);
    returns the number of count rows.

    For answers written in bulk (the demo, the benchmark), as a repair, and when a survey closes
    (`answering.after_close`): rewritten in one transaction, the rows no longer carry which
    submission last changed them. On PostgreSQL the count
    table is locked against other writers meanwhile (submissions wait a moment, then add to the
    rebuilt rows), so nothing submitted during the rebuild is lost or counted twice.
    """
    if db.session.get_bind().dialect.name == "postgresql":
        db.session.execute(text("LOCK TABLE survey_answer_counts IN SHARE ROW EXCLUSIVE MODE"))
    db.session.execute(delete(AnswerCount).where(AnswerCount.survey_id == survey.id))
    counted = (select(Question.id).where(Question.survey_id == survey.id, Question.kind.not_in(TEXT_KINDS))
               .scalar_subquery())
    value = func.coalesce(literal(CHOICE) + Answer.choice, cast(Answer.number, String))
    columns = ["question_id", "item", "group_id", "value", "survey_id", "count"]
    values = (
        select(Answer.question_id, Answer.item, Response.group_id, value, literal(survey.id), func.count())
        .join(Response, Response.id == Answer.response_id)
        .where(Response.survey_id == survey.id, Answer.question_id.in_(counted),
               (Answer.choice.is_not(None)) | (Answer.number.is_not(None)))
        .group_by(Answer.question_id, Answer.item, Response.group_id, value)
    )
    db.session.execute(insert(AnswerCount).from_select(columns, values))
    multiple = (select(Question.id).where(Question.survey_id == survey.id, Question.kind == MULTIPLE)
                .scalar_subquery())
    respondents = (
        select(Answer.question_id, literal(""), Response.group_id, literal(ANSWERED), literal(survey.id),
               func.count(distinct(Answer.response_id)))
        .join(Response, Response.id == Answer.response_id)
        .where(Response.survey_id == survey.id, Answer.question_id.in_(multiple),
               (Answer.choice.is_not(None)) | (Answer.number.is_not(None)))
        .group_by(Answer.question_id, Response.group_id)
    )
    db.session.execute(insert(AnswerCount).from_select(columns, respondents))
    rows = db.session.scalar(select(func.count()).select_from(AnswerCount)
                             .where(AnswerCount.survey_id == survey.id))
    if commit:
        db.session.commit()
    return rows
