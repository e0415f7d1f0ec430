"""Each response's answers stored together as well: `Response.cells`, one row per response.

The `Answer` rows (one per value) are what results and counts are made of. The CSV export needs
every response as one row: combining millions of answer rows per response at read time costs
many times the plain read (issue 13), so each response also keeps its answers as one text, a
JSON array with one cell per CSV column, in the order of `columns(questions)`:

    ["4", "8", "1", "a", "", "1", "", "4", "2", "", "Comment", "5"]

    columns(questions) -> list[Column]          the CSV's answer columns: one per question, grid or
                                                matrix item, multiple-choice option
    cells_json(columns, rows) -> str            the stored form of one response's answer rows (submit)
    loads(stored, width) -> list[str] | None    the cells of a stored form (the CSV export)
    cells_from_answers(columns, ids) -> dict    the same, read from the `Answer` rows of some responses
    store_missing(survey) -> int                write the stored form of responses that have none

The stored form is written in the statement that inserts the response (`answering.submit`), so it
holds nothing the answers do not (no time, order or person) and goes wherever the response goes:
the rewrite at closing copies it with the response (`reordering.after_close`). Its order is the
survey's frozen structure (questions in order, their items or options in order): once a survey
opens nothing of that changes (`surveys.services.questions.save_question`), so the cells of every
response line up with the columns. A response whose stored form is missing or has another length
is read from its answer rows instead (`exports.responses_csv`).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from typing import NamedTuple

from sqlalchemy import select, update

from intranet.extensions import db
from surveys.models import GRID, MULTIPLE, UNIT_MATRIX, Answer, Response, Survey

#: responses read or written at a time
CHUNK = 2000


class Column(NamedTuple):
    """One answer column of the CSV: the question, the item (grid or matrix item, option of a
    multiple choice; "" otherwise) and its heading ("key" or "key/item")."""

    question_id: int
    item: str
    heading: str


def columns(questions: Iterable) -> list[Column]:
    """The answer columns of a survey with these questions (in the survey's order)."""
    found: list[Column] = []
    for question in questions:
        if question.kind in (GRID, UNIT_MATRIX):
            entries = question.items or []
        elif question.kind == MULTIPLE:
            entries = question.options or []
        else:
            found.append(Column(question.id, "", question.key))
            continue
        found += [Column(question.id, e.get("key", ""), f"{question.key}/{e.get('key', '')}") for e in entries]
    return found


def cell(number: int | None, choice: str | None, text: str | None) -> str:
    """An answer as its cell: the number, the option key or the text ("" for none)."""
    if number is not None:
        return str(number)
    if choice is not None:
        return choice
    return text if text is not None else ""


def _dumps(cells: list[str]) -> str:
    return json.dumps(cells, ensure_ascii=False, separators=(",", ":"))


def loads(stored: str, width: int) -> list[str] | None:
    """The `width` cells of a stored form (as `_dumps` writes it), or None if it has another number.

    Most stored forms have no escaped character (numbers, option keys, plain comments): then each
    `","` is a separator, since a `"` inside a cell is written `\\"`, and splitting reads them
    several times faster than the JSON parser (the CSV export splits 100,000 of them). Anything
    else, or a split that does not give `width` cells, is parsed as JSON.
    """
    if "\\" not in stored and stored.startswith('["') and stored.endswith('"]'):
        cells = stored[2:-2].split('","')
        if len(cells) == width:
            return cells
    parsed = json.loads(stored)
    return parsed if isinstance(parsed, list) and len(parsed) == width else None


def cells_json(answer_columns: Sequence[Column], rows: Iterable[dict]) -> str:
    """The stored form of one response's answer rows (dicts as `Answer` columns)."""
    by_key = {(row["question_id"], row.get("item") or ""): cell(row.get("number"), row.get("choice"),
                                                                  row.get("text")) for row in rows}
    return _dumps([by_key.get((c.question_id, c.item), "") for c in answer_columns])


def cells_from_answers(answer_columns: Sequence[Column], response_ids: Sequence[str]) -> dict[str, list[str]]:
    """Response id -> its cells, read from its `Answer` rows (a response without any: all blank)."""
    place = {(c.question_id, c.item): n for n, c in enumerate(answer_columns)}
    found = {response_id: [""] * len(answer_columns) for response_id in response_ids}
    for start in range(0, len(response_ids), CHUNK):
        rows = db.session.execute(
            select(Answer.response_id, Answer.question_id, Answer.item, Answer.number, Answer.choice, Answer.text)
            .where(Answer.response_id.in_(response_ids[start:start + CHUNK])))
        for response_id, question_id, item, number, choice, text in rows:
            position = place.get((question_id, item or ""))
            if position is not None:
                found[response_id][position] = cell(number, choice, text)
    return found


def store_missing(survey: Survey, *, again: bool = False) -> int:
    """Write the stored form of the survey's responses that have none (`again`: of every response),
    from their answer rows, in the caller's transaction; returns how many were written.

    For responses written without `answering.submit` (the demo, the benchmark's bulk load, tests)
    and as a repair after answer rows were changed directly.
    """
    answer_columns = columns(sorted(survey.questions, key=lambda q: (q.position, q.id)))
    query = select(Response.id).where(Response.survey_id == survey.id)
    if not again:
        query = query.where(Response.cells.is_(None))
    ids = list(db.session.scalars(query))
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start:start + CHUNK]
        found = cells_from_answers(answer_columns, chunk)
        db.session.execute(update(Response).execution_options(synchronize_session=False),
                           [{"id": response_id, "cells": _dumps(cells)} for response_id, cells in found.items()])
    return len(ids)
