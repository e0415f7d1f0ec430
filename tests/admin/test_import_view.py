"""The import page: upload, preview (nothing written), confirm, then the per-row report."""

from __future__ import annotations

import html
import io
import re

from intranet.extensions import db
from intranet.people.models import Person
from tests.admin.conftest import field_error
from tests.forms import PageForm


def upload(client, data: bytes, name: str = "staff.csv"):
    return client.post("/admin/import", data={"file": (io.BytesIO(data), name)},
                       content_type="multipart/form-data")


def test_the_page_documents_the_columns(admin_client):
    page = admin_client.get("/admin/import").get_data(as_text=True)
    for column in ("name", "email", "unit", "position", "phone", "language", "roles", "active", "entra_object_id"):
        assert f"<code>{column}</code>" in page
    assert 'href="/admin/import/template.csv"' in page and 'enctype="multipart/form-data"' in page


def test_template_download(admin_client):
    response = admin_client.get("/admin/import/template.csv")
    assert response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    assert response.get_data(as_text=True).lstrip("\ufeff").startswith("name,email,unit,")


def upload_through_page(client, data: bytes, name: str = "staff.csv"):
    form = PageForm(client.get("/admin/import").get_data(as_text=True), action="/admin/import")
    return form.submit(client, files={"file": (io.BytesIO(data), name)}, content_type="multipart/form-data")


def test_upload_previews_and_writes_nothing_then_confirm_imports(admin_client, units):
    page = upload_through_page(admin_client, b"name,email,unit\nNora New,nora@example.test,OTH\n"
                                             b"No Unit,nounit@example.test,XYZ\n").get_data(as_text=True)
    assert "Nothing is imported yet. 2 rows: 1 would be created, 0 updated, 0 unchanged, 1 rejected." in page
    assert "People who would be created (1)" in page and "Rejected rows (1)" in page
    assert "unit: No active unit has the code or name XYZ." in page
    assert db.session.scalar(db.select(Person).where(Person.email == "nora@example.test")) is None
    link = re.search(r'href="(/admin/import/rejected\?token=[^"]+)"', page).group(1)
    download = admin_client.get(html.unescape(link))
    assert download.mimetype == "text/csv" and "XYZ,unit: No active unit" in download.get_data(as_text=True)

    confirm = PageForm(page, action="/admin/import/confirm")
    result = confirm.submit(admin_client).get_data(as_text=True)
    assert "2 rows: 1 created, 0 updated, 0 unchanged, 1 rejected." in result
    rows = re.findall(r"<tr[^>]*>\s*<th scope=\"row\">(\d+)</th>(.*?)</tr>", result, re.S)
    assert [line for line, _ in rows] == ["2", "3"]
    assert "Created" in rows[0][1] and "/admin/people/" in rows[0][1]
    assert db.session.scalar(db.select(Person).where(Person.email == "nora@example.test")) is not None

    again = confirm.submit(admin_client).get_data(as_text=True)  # the double click
    assert field_error(again, "file") == "This file has been imported already; nothing was imported again."
    assert db.session.scalar(db.select(db.func.count()).select_from(Person).where(
        Person.email == "nora@example.test")) == 1


def test_a_preview_lists_the_first_rows_and_counts_the_rest(admin_client, units):
    lines = "".join(f"Person {n},p{n}@example.test,OTH\n" for n in range(30))
    page = upload_through_page(admin_client, ("name,email,unit\n" + lines).encode()).get_data(as_text=True)
    assert "People who would be created (30)" in page and "and 5 more" in page
    assert "p24@example.test" in page and "p25@example.test" not in page


def test_a_file_that_changes_nothing_offers_no_confirmation(admin_client):
    page = upload_through_page(admin_client, b"name,email\n,nobody@example.test\n").get_data(as_text=True)
    assert "Importing this file would change nothing." in page
    assert 'action="/admin/import/confirm"' not in page


def test_a_forged_confirmation_is_refused_next_to_the_file_field(admin_client, units):
    page = upload_through_page(admin_client, b"name,email,unit\nNora New,nora@example.test,OTH\n")
    form = PageForm(page.get_data(as_text=True), action="/admin/import/confirm")
    form.values = [(n, "forged" if n == "token" else v) for n, v in form.values]
    refused = form.submit(admin_client).get_data(as_text=True)
    assert field_error(refused, "file") == "This preview has expired or is not valid; upload the file again."
    assert db.session.scalar(db.select(Person).where(Person.email == "nora@example.test")) is None


def test_a_wrong_file_is_refused_next_to_the_file_field(admin_client):
    page = upload(admin_client, b"%PDF-1.4\x00\x01binary", "staff.xlsx").get_data(as_text=True)
    assert "neither an XLSX workbook nor a CSV file" in field_error(page, "file")
    assert "rows:" not in page


def test_no_file_chosen(admin_client):
    page = admin_client.post("/admin/import", data={}, content_type="multipart/form-data").get_data(as_text=True)
    assert field_error(page, "file") == "Choose a file to import."
