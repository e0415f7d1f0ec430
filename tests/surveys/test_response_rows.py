"""Each response's answers stored together as well (surveys.services.response_rows): written by the
submission in line with its answer rows, carried through the rewrite at closing, and the CSV export
read from it is the CSV read from the answer rows, row for row, with every rule applied."""

from __future__ import annotations

import csv
import io
import json

from sqlalchemy import delete, select, update

from intranet.extensions import db
from surveys.models import Answer, Response
from surveys.services import exports, response_rows
from surveys.services.answering import save_draft, submit
from surveys.services.reordering import after_close
from tests.surveys.test_answering import build_survey as open_survey_for
from tests.surveys.test_counting import crowd, raw_answers  # noqa: F401 (a fixture)
from tests.surveys.test_results import build_survey


def _rows(survey) -> list[list[str]]:
    return list(csv.reader(io.StringIO("".join(exports.responses_csv(survey)))))


def _as_set(rows: list[list[str]]) -> tuple[list[str], list[tuple[str, ...]]]:
    """The header, and the rows in one order (each may come more than once: kept as a sorted list)."""
    return rows[0], sorted(map(tuple, rows[1:]))


def test_the_csv_from_the_stored_rows_is_the_csv_from_the_answer_rows(people, units, make_unit):
    """On a survey with withheld groups, a withheld manager/staff cross-table, comments under the
    threshold and formulas: the same rows, whether each response's answers are read as stored
    together or from the answer rows."""
    survey = build_survey(people, units, make_unit, collect_manager=True, managers={"A": 2, "B": 1, "C": 5})
    q8 = next(q for q in survey.questions if q.key == "q8")
    group_c = next(g for g in survey.groups if g.key == "C")
    first_c = db.session.scalars(select(Response.id).where(Response.group_id == group_c.id)).first()
    db.session.execute(update(Answer).where(Answer.response_id == first_c, Answer.question_id == q8.id)
                       .values(text='=cmd|\' /C calc\'!A0, "quoted"\nsecond line'))
    db.session.execute(update(Response).values(cells=None))
    db.session.commit()

    from_answers = _as_set(_rows(survey))
    assert response_rows.store_missing(survey) == 26
    db.session.commit()
    # from here on the answer rows are gone: whatever the CSV holds comes from the stored rows
    db.session.execute(delete(Answer))
    db.session.commit()
    from_stored = _as_set(_rows(survey))

    assert from_stored == from_answers
    header, body = from_stored
    assert len(body) == 26 and {row[0] for row in body} == {"Group A", "Group C", "withheld"}
    q8_column = header.index("q8")
    assert {row[q8_column] for row in body if row[0] == "Group A"} == {"withheld"}  # under the comment threshold
    assert "'=cmd|' /C calc'!A0, \"quoted\"\nsecond line" in {row[q8_column] for row in body}
    assert {row[1] for row in body if row[0] != "Group C"} == {"withheld"}  # A's two managers


def test_a_response_without_stored_rows_is_read_from_its_answers(people, units, make_unit):
    """Responses written otherwise than by a submission (or stored in another shape) still come out
    whole: the export reads those from their answer rows."""
    survey = build_survey(people, units, make_unit)
    response_rows.store_missing(survey)
    db.session.commit()
    expected = _as_set(_rows(survey))
    ids = list(db.session.scalars(select(Response.id)))
    db.session.execute(update(Response).where(Response.id == ids[0]).values(cells=None))
    db.session.execute(update(Response).where(Response.id == ids[1]).values(cells='["1"]'))
    db.session.commit()
    assert _as_set(_rows(survey)) == expected


def test_a_submitted_response_stores_its_answers_together_in_line_with_its_answer_rows(crowd):  # noqa: F811
    survey = open_survey_for(crowd)
    for n, person in enumerate(crowd[:4]):
        answers = raw_answers(n)
        answers["works"] = '=1+1, "x"\nand more' if n == 0 else answers["works"]
        save_draft(person, survey, 2, answers)
        submit(person, survey)
    columns = response_rows.columns(sorted(survey.questions, key=lambda q: (q.position, q.id)))
    stored = {i: json.loads(c) for i, c in db.session.execute(select(Response.id, Response.cells))}
    assert len(stored) == 4
    assert stored == response_rows.cells_from_answers(columns, list(stored))
    headings = [c.heading for c in columns]
    works = headings.index("works")
    assert '=1+1, "x"\nand more' in {cells[works] for cells in stored.values()}  # stored as written
    # nothing about the person, the time or the order: only the answers, one text per column
    assert all(len(cells) == len(columns) and all(isinstance(c, str) for c in cells) for cells in stored.values())

    # the rewrite at closing keeps each response's stored answers with it
    survey.status = "closed"
    after_close(survey)
    assert {i: json.loads(c) for i, c in db.session.execute(select(Response.id, Response.cells))} == stored


def test_each_download_counts_the_responses_anew(people, units, make_unit, client_as):
    """A later download sees the responses added since (nothing of the first is kept)."""
    survey = build_survey(people, units, make_unit)
    client = client_as(people["hr"])

    def download() -> list[list[str]]:
        return list(csv.reader(io.StringIO(client.get(f"/surveys/{survey.id}/results.csv").get_data(as_text=True))))

    assert len(download()) == 27
    group_c = next(g for g in survey.groups if g.key == "C")
    db.session.add_all(Response(survey_id=survey.id, group_id=group_c.id, cells="[]") for _ in range(3))
    db.session.commit()
    assert len(download()) == 30


def test_a_stored_form_reads_back_as_the_cells_written_whatever_they_hold():
    """`loads` splits the plain stored forms and parses the rest: every text a comment may hold
    comes back as written, and a form of another width is refused (the export then reads the answers)."""
    tricky = ["4", "", "a", 'said "no"', "x,y", "line\nbreak", "back\\slash", "ç ë ђ 😀", "=1+1", '","', ""]
    for cells in (["4", "5", ""], ["", ""], [""], ["", "2"], tricky, [c for c in tricky if "\\" not in c]):
        stored = response_rows._dumps(cells)
        assert response_rows.loads(stored, len(cells)) == cells
        assert response_rows.loads(stored, len(cells) + 1) is None
    assert response_rows.loads("[]", 0) == []
    # a form written with spaces (not by Ura) is still read right, by the JSON parser
    assert response_rows.loads(json.dumps(["4", "5"]), 2) == ["4", "5"]
