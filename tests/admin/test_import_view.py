"""The import page: upload, then the per-row report on the same page."""

from __future__ import annotations

import io
import re

from tests.admin.conftest import field_error


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


def test_report_shows_each_row(admin_client, units):
    response = upload(admin_client, b"name,email,unit\nNora New,nora@example.test,OTH\n"
                                    b"No Unit,nounit@example.test,XYZ\n")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "2 rows: 1 created, 0 updated, 0 unchanged, 1 rejected." in page
    rows = re.findall(r"<tr[^>]*>\s*<th scope=\"row\">(\d+)</th>(.*?)</tr>", page, re.S)
    assert [line for line, _ in rows] == ["2", "3"]
    assert "Created" in rows[0][1] and "/admin/people/" in rows[0][1]
    assert "Rejected" in rows[1][1] and "unit: No active unit has the code or name XYZ." in rows[1][1]


def test_a_wrong_file_is_refused_next_to_the_file_field(admin_client):
    page = upload(admin_client, b"%PDF-1.4\x00\x01binary", "staff.xlsx").get_data(as_text=True)
    assert "neither an XLSX workbook nor a CSV file" in field_error(page, "file")
    assert "rows:" not in page


def test_no_file_chosen(admin_client):
    page = admin_client.post("/admin/import", data={}, content_type="multipart/form-data").get_data(as_text=True)
    assert field_error(page, "file") == "Choose a file to import."
