"""Exports obey the page's rules: the XLSX of aggregated tables and hr's CSV of responses."""

from __future__ import annotations

import csv
import io

import pytest
from openpyxl import load_workbook

from intranet.extensions import db
from surveys.models import Answer, Response
from surveys.services import exports, response_rows
from tests.surveys.test_results import build_survey


@pytest.fixture
def world(people, units, make_unit):
    survey = build_survey(people, units, make_unit, collect_manager=True, managers={"A": 2, "B": 1, "C": 5})
    return survey, {g.key: g for g in survey.groups}


def _sheet_rows(book, title):
    return [list(row) for row in book[title].iter_rows(values_only=True)]


def test_the_xlsx_holds_the_aggregated_tables_with_withheld_cells_marked(world, people, client_as):
    survey, groups = world
    response = client_as(people["hr"]).get(f"/surveys/{survey.id}/results.xlsx")
    assert response.status_code == 200 and response.mimetype.endswith("spreadsheetml.sheet")
    book = load_workbook(io.BytesIO(response.data))
    assert book.sheetnames[:3] == ["Response rates", "Questions", "Dimensions"]
    rates = {row[0]: row for row in _sheet_rows(book, "Response rates")[1:]}
    assert rates["Organisation"][1:] == [42, 26, pytest.approx(26 / 42)]
    assert rates["Group A"][2:] == [8, pytest.approx(0.8)]
    assert rates["Group B"][2:] == ["withheld", "withheld"] and rates["Group D"][2] == "withheld"
    questions = _sheet_rows(book, "Questions")
    q1_b = next(row for row in questions if row[0] == "Question q1" and row[1] == "Group B")
    assert q1_b[2:] == ["withheld"] * 7
    q2_org = next(row for row in questions if row[0] == "Question q2" and row[1] == "Organisation")
    assert q2_org[2] == 26 and q2_org[8] == pytest.approx(0.0)
    matrix = _sheet_rows(book, "Unit matrix")
    assert matrix[2][1:] == [4.0, 2.0] and matrix[3][1:] == ["withheld", "withheld"]
    assert any("withheld" in row for row in _sheet_rows(book, "Managers and staff"))


def test_a_directors_xlsx_has_only_the_organisation_and_their_group(world, people, client_as):
    survey, _ = world
    book = load_workbook(io.BytesIO(client_as(people["director"]).get(f"/surveys/{survey.id}/results.xlsx").data))
    labels = {row[0] for sheet in book.sheetnames for row in _sheet_rows(book, sheet)[1:]}
    assert "Group A" in labels and not labels & {"Group B", "Group C", "Group D"}
    groups_in_questions = {row[1] for row in _sheet_rows(book, "Questions")[1:]}
    assert groups_in_questions == {"Organisation", "Group A"}


def test_text_that_looks_like_a_formula_is_kept_as_text(people, units, make_unit):
    survey = build_survey(people, units, make_unit)
    question = next(q for q in survey.questions if q.key == "q1")
    question.texts = {"en": "=HYPERLINK(\"http://evil.test\")", "sq": "=1+1", "sr": "@SUM(A1)"}
    db.session.commit()
    from flask_babel import force_locale

    with force_locale("en"):
        book = load_workbook(io.BytesIO(exports.results_xlsx(survey, people["hr"])))
    cells = [row[0] for row in _sheet_rows(book, "Questions")[1:]]
    assert "'=HYPERLINK(\"http://evil.test\")" in cells
    assert not any(isinstance(c, str) and c.startswith("=") for sheet in book.sheetnames
                   for row in _sheet_rows(book, sheet) for c in row)


def _csv(client, survey):
    response = client.get(f"/surveys/{survey.id}/results.csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    return list(csv.reader(io.StringIO(response.get_data(as_text=True))))


def test_the_csv_merges_withheld_groups_and_hides_small_groups_comments(world, people, client_as):
    survey, groups = world
    rows = _csv(client_as(people["hr"]), survey)
    header, body = rows[0], rows[1:]
    assert header[:2] == ["Group", "Manager"]  # no response id
    assert "q5/x" in header and "q6/clear" in header and "q7/OWN" in header and "q8" in header
    assert len(body) == 26
    by_group = {}
    for row in body:
        by_group.setdefault(row[0], []).append(row)
    assert {k: len(v) for k, v in by_group.items()} == {"Group A": 8, "Group C": 10, "withheld": 8}
    q8 = header.index("q8")
    assert {row[q8] for row in by_group["Group A"]} == {"withheld"}  # 8 responses: under the comment threshold
    assert {row[q8] for row in by_group["Group C"]} == {f"Comment {i} from C" for i in range(10)}
    # manager/staff is withheld where the cross-table withholds it (A's 2 managers, and C's with them)
    assert {row[1] for row in by_group["Group A"]} == {"withheld"}
    assert {row[1] for row in by_group["withheld"]} == {"withheld"}
    q1 = header.index("q1")
    assert sorted(int(row[q1]) for row in by_group["Group A"]) == [1, 2, 3, 4, 4, 5, 5, 5]


def test_the_csv_has_no_id_stable_between_downloads_and_a_new_order_each_time(world, people, client_as):
    """Two downloads, before and after a change, could be matched row by row by an id or by the
    order: the CSV has neither (hr could otherwise follow one response between downloads)."""
    survey, _groups = world
    client = client_as(people["hr"])
    ids = set(db.session.scalars(db.select(Response.id)))
    downloads = [_csv(client, survey) for _ in range(4)]
    cells = {cell for rows in downloads for row in rows for cell in row}
    assert not ids & cells and not any(len(c) == 32 and c.isalnum() and not c.isdigit() for c in cells)
    bodies = [rows[1:] for rows in downloads]
    assert all(sorted(body) == sorted(bodies[0]) for body in bodies)  # the same rows...
    assert len({tuple(map(tuple, body)) for body in bodies}) > 1  # ...in a new order (26! orders)


def test_group_names_in_the_csv_are_made_safe_for_spreadsheets(world, people, client_as):
    survey, groups = world
    groups["C"].names = {"en": "=HYPERLINK(\"http://evil.example\")", "sq": "x", "sr": "x"}
    db.session.commit()
    rows = _csv(client_as(people["hr"]), survey)
    assert "'=HYPERLINK(\"http://evil.example\")" in {row[0] for row in rows[1:]}
    assert not any(cell.startswith("=") for row in rows for cell in row)


def test_the_csv_neutralises_formulas_and_is_for_hr_only(people, units, make_unit, client_as):
    survey = build_survey(people, units, make_unit, comment_threshold=5)
    q8 = next(q for q in survey.questions if q.key == "q8")
    answer = db.session.scalars(db.select(Answer).where(Answer.question_id == q8.id)).first()
    answer.text = "=cmd|' /C calc'!A0"
    response_rows.store_missing(survey, again=True)  # an answer changed directly: stored together again
    db.session.commit()
    rows = _csv(client_as(people["hr"]), survey)
    assert "'=cmd|' /C calc'!A0" in [cell for row in rows for cell in row]
    for role in ("cabinet", "director", "employee"):
        assert client_as(people[role]).get(f"/surveys/{survey.id}/results.csv").status_code == 403


def test_the_csv_has_a_header_even_without_responses(people, units, make_unit, client_as):
    survey = build_survey(people, units, make_unit, data={})
    rows = _csv(client_as(people["hr"]), survey)
    assert len(rows) == 1 and rows[0][0] == "Group"
    assert db.session.scalar(db.select(db.func.count()).select_from(Response)) == 0


def test_the_csv_streams_after_the_requests_session_is_closed(world, people):
    survey, _ = world
    rows = exports.responses_csv(survey)
    db.session.close()  # what the end of the request does before a streamed body is sent
    assert len(list(csv.reader(io.StringIO("".join(rows))))) == 27


def test_sheet_names_excel_refuses_are_made_acceptable():
    from openpyxl import Workbook

    from surveys.services.exports import _sheet

    book = Workbook()
    for title in ("Responses by unit: manager/staff?", "Responses by unit: manager/staff?", "x" * 40):
        _sheet(book, title, ["a"], [[1]])
    assert book.sheetnames[1:] == ["Responses by unit  manager staf", "Responses by unit  manager (2)", "x" * 31]


def test_the_csv_leaves_the_session_usable_for_writes(world):
    # Streaming is asked for on the CSV's own query; the session's connection stays as it was,
    # so a write of many rows after the export in the same transaction works (PostgreSQL
    # refused it when the whole connection had been switched to streaming).
    from intranet.audit.models import AuditEntry

    survey, _groups = world
    assert len(list(exports.responses_csv(survey))) > 1
    db.session.execute(db.insert(AuditEntry), [
        {"action": "test.after_export", "target_type": "survey", "target_id": str(survey.id), "details": {}}
        for _ in range(3)])
    db.session.commit()
    assert db.session.scalar(db.select(db.func.count()).where(AuditEntry.action == "test.after_export")) == 3
