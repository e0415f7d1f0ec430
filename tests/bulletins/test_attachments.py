"""Attachments are checked by content, stored with random names and served only to readers."""

from __future__ import annotations

import io
import os
import zipfile

import pytest

from bulletins import attachments
from intranet import files
from intranet.domain import DomainError

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
       b"\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82")
ELF = b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 100
PE = b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 100


def docx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", '<Types><Override ContentType="application/'
                         'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>')
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def plain_zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("payload.exe", "MZ")
    return buffer.getvalue()


@pytest.mark.parametrize("name, data", [("malware.pdf", ELF), ("setup.pdf", PE), ("photo.png", PE),
                                        ("report.docx", plain_zip()), ("photo.jpg", PNG), ("notes.pdf", b"hello")])
def test_a_file_whose_content_is_not_what_its_name_says_is_refused(app, name, data):
    with pytest.raises(DomainError) as refused:
        attachments.check_file(name, data)
    assert refused.value.field == "file"
    assert "refused" in refused.value.message


@pytest.mark.parametrize("name", ["tool.exe", "page.html", "noextension"])
def test_other_types_are_refused(app, name):
    with pytest.raises(DomainError):
        attachments.check_file(name, PDF)


@pytest.mark.parametrize("name, data, content_type", [
    ("Plan 2026.pdf", PDF, "application/pdf"), ("logo.png", PNG, "image/png"),
    ("letter.docx", docx(), attachments.TYPES["docx"][1]),
])
def test_real_files_are_accepted(app, name, data, content_type):
    assert attachments.check_file(name, data) == (name, content_type)


def test_the_size_limit_is_a_setting(app):
    app.config["UPLOAD_MAX_BYTES"] = 20
    with pytest.raises(DomainError) as refused:
        attachments.check_file("big.pdf", PDF)
    assert "too large" in refused.value.message


def test_stored_under_the_upload_path_with_a_random_name_and_served_to_readers_only(
        app, people, units, make_person, client_as, write):
    bulletin = write(people["director"])
    attachment = attachments.add_attachment(people["director"], bulletin, "../../Plan.pdf", PDF)
    in_folder = os.path.join(app.config["URA_UPLOAD_PATH"], "bulletins", attachment.stored_name)
    # The file store: a folder on SQLite, the database on PostgreSQL.
    assert os.path.exists(in_folder) == (files.store_kind() == "folder")
    assert attachments.file_data(attachment) == PDF
    assert "Plan" not in attachment.stored_name and attachment.filename == "Plan.pdf"
    url = f"/bulletins/{bulletin.id}/attachments/{attachment.id}"
    response = client_as(people["employee"]).get(url)
    assert response.status_code == 200 and response.data == PDF
    assert response.headers["Content-Disposition"].startswith("attachment")
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    outsider = make_person(unit=units["other"])
    assert client_as(outsider).get(url).status_code == 403


def test_upload_through_the_page_shows_the_refusal(people, client_as, write):
    bulletin = write(people["director"])
    client = client_as(people["director"])
    response = client.post(f"/bulletins/{bulletin.id}/attachments",
                           data={"file": (io.BytesIO(ELF), "invoice.pdf")}, follow_redirects=True)
    assert "not a PDF file" in response.get_data(as_text=True)
    assert not bulletin.attachments
