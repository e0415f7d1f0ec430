"""The staff import in two steps, without HTTP: the preview writes nothing, confirming applies exactly
the previewed file once, and the rejected rows come back as a file to correct."""

from __future__ import annotations

import csv
import io

import pytest
from openpyxl import Workbook, load_workbook

from intranet.audit.models import AuditEntry
from intranet.domain import DomainError
from intranet.extensions import db
from intranet.files import folder, store_kind
from intranet.files.models import StoredFile
from intranet.people import import_preview
from intranet.people.import_preview import UPLOAD_AREA, confirm_upload, preview_upload, rejected_rows
from intranet.people.models import Person

FILE = (b"name,email,unit,roles\n"
        b"Nora New,nora@example.test,OTH,\n"
        b"Era Employee,era@example.test,OTH,hr\n"
        b"Lost Unit,lost@example.test,NOPE,\n"
        b"=HYPERLINK(\"http://x\"),bad-email,,\n"
        b"Same Sara,sara@example.test,,\n")


@pytest.fixture
def staff(make_person, units):
    make_person("Era Employee", email="era@example.test", unit=units["own"])
    make_person("Same Sara", email="sara@example.test")


def counts() -> tuple[int, int]:
    return db.session.scalar(db.select(db.func.count()).select_from(Person)), \
        db.session.scalar(db.select(db.func.count()).select_from(AuditEntry))


def test_the_preview_tells_what_would_happen_and_writes_nothing(admin, staff):
    before = counts()
    preview = preview_upload(admin, FILE, "staff.csv")
    assert counts() == before
    rows = {row.line: row for row in preview.report.rows}
    assert [rows[n].status for n in (2, 3, 4, 5, 6)] == ["created", "updated", "rejected", "rejected", "unchanged"]
    assert rows[3].changed == ["roles", "unit"]
    assert rows[4].reasons == ["unit: No active unit has the code or name NOPE."]
    assert preview.report.totals == {"created": 1, "updated": 1, "unchanged": 1, "rejected": 2, "rows": 5}


def test_confirming_imports_exactly_the_previewed_file_once(admin, staff):
    preview = preview_upload(admin, FILE, "staff.csv")
    report = confirm_upload(admin, preview.token)
    assert [row.status for row in report.rows] == ["created", "updated", "rejected", "rejected", "unchanged"]
    assert db.session.scalar(db.select(Person).where(Person.email == "nora@example.test")) is not None
    with pytest.raises(DomainError) as again:
        confirm_upload(admin, preview.token)  # the double click
    assert "imported already" in again.value.message
    summaries = db.session.scalars(db.select(AuditEntry).where(AuditEntry.action == "people.imported")).all()
    assert len(summaries) == 1 and summaries[0].details["created"] == 1


def test_a_file_changed_after_the_preview_is_refused(admin, staff):
    preview = preview_upload(admin, FILE, "staff.csv")
    name = import_preview._serializer().loads(preview.token)["name"]
    changed = FILE + b"Mallory,mallory@example.test,,admin\n"
    if store_kind() == "database":
        db.session.execute(db.update(StoredFile).where(StoredFile.name == name).values(data=changed))
        db.session.commit()
    else:
        with open(f"{folder(UPLOAD_AREA)}/{name}", "wb") as stored:
            stored.write(changed)
    before = counts()
    with pytest.raises(DomainError) as refused:
        confirm_upload(admin, preview.token)
    assert "changed since the preview" in refused.value.message and refused.value.field == "file"
    assert counts() == before


@pytest.mark.parametrize("token", ["", "not-a-token", "x" * 300])
def test_a_token_that_is_not_ours_is_refused(admin, token):
    with pytest.raises(DomainError) as refused:
        confirm_upload(admin, token)
    assert "expired or is not valid" in refused.value.message


def test_another_admins_preview_cannot_be_confirmed(admin, make_person, staff):
    preview = preview_upload(admin, FILE, "staff.csv")
    other = make_person("Olsa Other", roles=["admin"])
    with pytest.raises(DomainError):
        confirm_upload(other, preview.token)


def test_rejected_rows_come_back_as_csv_with_reasons_and_no_formulas(admin, staff):
    preview = preview_upload(admin, FILE, "staff.csv")
    data, mimetype, filename = rejected_rows(admin, preview.token)
    assert (mimetype, filename) == ("text/csv", "staff-rejected.csv")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[0] == ["name", "email", "unit", "roles", "reason"]
    assert rows[1] == ["Lost Unit", "lost@example.test", "NOPE", "", "unit: No active unit has the code or name NOPE."]
    assert rows[2][0] == "'=HYPERLINK(\"http://x\")" and rows[2][4].startswith("email: ")
    assert len(rows) == 3


def test_rejected_rows_of_a_workbook_come_back_as_a_workbook(admin, staff):
    workbook = Workbook()
    for row in [["name", "email", "unit"], ["Lost Unit", "lost@example.test", "NOPE"], ["Nora", "n@example.test", ""]]:
        workbook.worksheets[0].append(row)
    upload = io.BytesIO()
    workbook.save(upload)
    preview = preview_upload(admin, upload.getvalue(), "staff.xlsx")
    data, mimetype, filename = rejected_rows(admin, preview.token)
    assert filename == "staff-rejected.xlsx" and mimetype.endswith("spreadsheetml.sheet")
    sheet = load_workbook(io.BytesIO(data)).worksheets[0]
    assert [list(r) for r in sheet.iter_rows(values_only=True)] == [
        ["name", "email", "unit", "reason"],
        ["Lost Unit", "lost@example.test", "NOPE", "unit: No active unit has the code or name NOPE."],
    ]


def test_a_file_that_cannot_be_read_is_refused_at_the_preview(admin):
    with pytest.raises(DomainError) as refused:
        preview_upload(admin, b"%PDF-1.4\x00", "staff.pdf")
    assert refused.value.field == "file"
