"""Answer counts: the `AnswerCount` table that results read instead of every answer.

    prepare_counts(survey)               every count row the survey can need, at 0, when it opens
    add_counts(survey, group_id, rows)   +1 per counted value of one response, in its submit transaction
    add_breakdown_counts(survey, group_id, is_manager, tenure_band, rows)
                                         its scale answers, and the favourable ones, per breakdown cell
    recount(survey) -> int               rebuild a survey's counts from its answers (bulk loads, repairs)

A count row is (question, item, reporting group, value) -> how many; see the model's docstring
for the values. Text answers are never counted. Submissions upsert (INSERT ... ON CONFLICT DO
UPDATE SET count = count + 1), so simultaneous ones on PostgreSQL add up exactly: a second
transaction waits on the row the first one inserted or updated, then adds to it. Every
submission locks its rows in one order (the primary key's), so two of them never wait on each
other in a circle.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import String, and_, case, cast, delete, distinct, func, insert, literal, select, text

from intranet.database import dialect_insert, insert_rows
from intranet.extensions import db
from surveys.models import (
    GRID,
    LIKERT5,
    LIKERT7,
    MULTIPLE,
    RATING10,
    SINGLE,
    TENURE_BANDS,
    TEXT_KINDS,
    UNIT_MATRIX,
    YESNO,
    Answer,
    AnswerCount,
    BreakdownCount,
    Question,
    Response,
    Survey,
    SurveyStatus,
)
from surveys.services.scales import band, scale_of

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


def count_keys(survey: Survey, rows: list[dict], questions: Sequence | None = None) -> list[tuple[int, str, str]]:
    """(question id, item, value) counted for one response's answer rows (dicts as `Answer` columns),
    each once, in primary-key order. `questions`: the survey's, when the caller has them already."""
    kinds = {q.id: q.kind for q in (survey.questions if questions is None else questions)}
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


def _values(kind: str, scale: str | None) -> list[str]:
    """The count values of one item of a question of `kind` (a grid's items: on `scale`)."""
    if kind == GRID:
        kind = scale or LIKERT5
    points = {LIKERT5: range(1, 6), LIKERT7: range(1, 8), RATING10: range(11), UNIT_MATRIX: range(1, 6),
              YESNO: range(2)}
    return [str(n) for n in points.get(kind, ())]


def count_rows(survey: Survey) -> list[tuple[int, str, str]]:
    """(question id, item, value) of every count a response to the survey can add to."""
    keys = []
    for question in survey.questions:
        if question.kind in TEXT_KINDS:
            continue
        if question.kind == SINGLE:
            keys += [(question.id, "", CHOICE + str(o.get("key"))) for o in question.options or []]
        elif question.kind == MULTIPLE:
            keys += [(question.id, str(o.get("key")), "1") for o in question.options or []]
            keys.append((question.id, "", ANSWERED))
        elif question.kind in (GRID, UNIT_MATRIX):
            keys += [(question.id, str(i.get("key")), value) for i in question.items or []
                     for value in _values(question.kind, question.scale)]
        else:
            keys += [(question.id, "", value) for value in _values(question.kind, None)]
    return keys


def prepare_counts(survey: Survey) -> None:
    """Create every count row of the survey (answers per question, item, group and value; scale answers
    per breakdown cell) with a count of 0. Called when the survey opens, in the caller's transaction.

    Answering then only updates rows. Were a row created by the first answer with its value, the
    row's place in the table (SQLite's storage order, PostgreSQL's heap) and its existence would
    tell which values were answered first, and in which group or breakdown cell.
    """
    groups = [g.id for g in survey.groups]
    rows = [{"question_id": qid, "item": item, "group_id": group_id, "value": value, "survey_id": survey.id,
             "count": 0} for qid, item, value in count_rows(survey) for group_id in groups]
    for start in range(0, len(rows), 5000):
        db.session.execute(dialect_insert(AnswerCount).on_conflict_do_nothing(), rows[start:start + 5000])
    managers = ["manager", "staff"] if survey.collect_manager else [""]
    bands = ["", *TENURE_BANDS] if survey.collect_tenure else [""]
    cells = [{"group_id": g, "manager": m, "tenure_band": t, "survey_id": survey.id, "answers": 0, "favourable": 0}
             for g in groups for m in managers for t in bands]
    if cells:
        db.session.execute(dialect_insert(BreakdownCount).on_conflict_do_nothing(), cells)


def add_counts(survey: Survey, group_id: int, rows: list[dict], questions: Sequence | None = None) -> None:
    """Add one response's answers (`rows`: dicts as `Answer` columns) to the survey's counts.

    Runs inside the caller's transaction and does not commit: the counts are written with the
    response or not at all. One statement for all the rows (`intranet.database.insert_rows`), in
    primary-key order, so simultaneous submissions lock shared rows in the same order.
    """
    keys = count_keys(survey, rows, questions)
    if not keys:
        return
    insert_rows(AnswerCount, [{"question_id": question_id, "item": item, "value": value}
                              for question_id, item, value in keys],
                add=("count",), same={"group_id": group_id, "survey_id": survey.id, "count": 1})


def manager_key(is_manager: bool | None) -> str:
    """`BreakdownCount.manager` of a response's `is_manager`."""
    return "" if is_manager is None else "manager" if is_manager else "staff"


def _scale_ids(survey: Survey) -> tuple[set[int], set[int]]:
    """Ids of the questions on a five-point and on a seven-point agreement scale."""
    scales = {q.id: scale_of(q) for q in survey.questions}
    return ({qid for qid, scale in scales.items() if scale and scale != LIKERT7},
            {qid for qid, scale in scales.items() if scale == LIKERT7})


def add_breakdown_counts(survey: Survey, group_id: int, is_manager: bool | None, tenure_band: str | None,
                         rows: list[dict], questions: Sequence | None = None) -> None:
    """Add one response's scale answers (and how many were favourable) to its breakdown cell.
    In the caller's transaction, like `add_counts`."""
    scales = {q.id: scale_of(q) for q in (survey.questions if questions is None else questions)}
    numbers = [(found, row["number"]) for row in rows
               if (found := scales.get(row["question_id"])) and row.get("number") is not None]
    if not numbers:
        return
    favourable = sum(band(scale, number) == "favourable" for scale, number in numbers)
    insert_rows(BreakdownCount, [{}], add=("answers", "favourable"), same={
        "group_id": group_id, "manager": manager_key(is_manager), "tenure_band": tenure_band or "",
        "survey_id": survey.id, "answers": len(numbers), "favourable": favourable})


def recount(survey: Survey, *, commit: bool = True) -> int:
    """Rebuild the survey's counts from its answers, in SQL, and commit (unless told not to);
    returns the number of count rows.

    For answers written in bulk (the demo, the benchmark), as a repair, and when a survey closes
    (`reordering.after_close`): rewritten in one transaction, the rows no longer carry which
    submission last changed them. On PostgreSQL the count
    table is locked against other writers meanwhile (submissions wait a moment, then add to the
    rebuilt rows), so nothing submitted during the rebuild is lost or counted twice.
    """
    if db.session.get_bind().dialect.name == "postgresql":
        db.session.execute(text("LOCK TABLE survey_answer_counts, survey_breakdown_counts "
                                "IN SHARE ROW EXCLUSIVE MODE"))
    db.session.execute(delete(AnswerCount).where(AnswerCount.survey_id == survey.id))
    _recount_breakdowns(survey)
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
    if survey.status == SurveyStatus.OPEN:
        prepare_counts(survey)  # still answered: every row keeps existing, at 0 if nobody gave its value
    rows = db.session.scalar(select(func.count()).select_from(AnswerCount)
                             .where(AnswerCount.survey_id == survey.id)) or 0
    if commit:
        db.session.commit()
    return rows


def _recount_breakdowns(survey: Survey) -> None:
    db.session.execute(delete(BreakdownCount).where(BreakdownCount.survey_id == survey.id))
    five, seven = _scale_ids(survey)
    if not five | seven:
        return
    manager = case((Response.is_manager.is_(True), "manager"), (Response.is_manager.is_(False), "staff"), else_="")
    tenure = func.coalesce(Response.tenure_band, "")
    # favourable: the top two of five points, the top three of seven (scales.band)
    favourable = func.sum(case((and_(Answer.question_id.in_(sorted(seven)), Answer.number > 4), 1),
                               (and_(Answer.question_id.in_(sorted(five)), Answer.number > 3), 1), else_=0))
    values = (
        select(Response.group_id, manager, tenure, literal(survey.id), func.count(), favourable)
        .join(Response, Response.id == Answer.response_id)
        .where(Response.survey_id == survey.id, Answer.question_id.in_(sorted(five | seven)),
               Answer.number.is_not(None))
        .group_by(Response.group_id, manager, tenure)
    )
    db.session.execute(insert(BreakdownCount).from_select(
        ["group_id", "manager", "tenure_band", "survey_id", "answers", "favourable"], values))
