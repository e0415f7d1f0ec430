"""Documents on agenda items: checked by content, kept in the host's file store, read by the meeting's readers."""

from __future__ import annotations

import io
import zipfile

import pytest

from intranet.domain import DomainError, PermissionDenied
from intranet.extensions import db
from meetings.models import AgendaDocument, AgendaItem
from meetings.services import agenda, documents
from tests.conftest import PageForm

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _pptx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", '<Types><Override ContentType="application/vnd.openxmlformats-'
                                                'officedocument.presentationml.presentation.main+xml"/></Types>')
        archive.writestr("ppt/presentation.xml", "<p:presentation/>")
    return buffer.getvalue()


@pytest.fixture
def item(meeting):
    found = AgendaItem(series=meeting.series, meeting=meeting, title="Budget 2027")
    db.session.add(found)
    db.session.commit()
    return found


def test_the_secretary_attaches_and_a_member_downloads(people, units, make_person, item, client_as):
    document = documents.attach(people["hr"], item, "Buxheti 2027.pdf", PDF)
    assert document.filename == "Buxheti 2027.pdf" and document.content_type == "application/pdf"
    assert documents.document_bytes(document) == PDF
    assert documents.attach(people["hr"], item, "Buxheti 2027.pdf", PDF).id == document.id, "a double click"
    slides = documents.attach(people["cabinet"], item, "../../slides.pptx", _pptx())
    assert slides.filename == "slides.pptx", "a path in the name is dropped"

    response = client_as(people["employee"]).get(f"/meetings/documents/{document.id}")
    assert response.status_code == 200 and response.data == PDF
    assert "attachment" in response.headers["Content-Disposition"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    outsider = make_person("Olta Outside", unit=units["other"])
    assert client_as(outsider).get(f"/meetings/documents/{document.id}").status_code == 403


@pytest.mark.parametrize(("name", "data", "message"), [
    ("plan.exe", b"MZ\x90\x00", "Attach a PDF, DOCX, XLSX, PPTX, ODT, PNG or JPEG file."),
    ("plan.pdf", b"MZ\x90\x00", "The file's content is not a PDF file"),
    ("plan.docx", _pptx(), "The file's content is not a DOCX file"),
    ("plan.pdf", b"", "The file is empty."),
])
def test_a_file_that_is_not_what_it_says_is_refused(people, item, name, data, message):
    with pytest.raises(DomainError) as refused:
        documents.attach(people["hr"], item, name, data)
    assert message in str(refused.value.message) and refused.value.field == "file"
    db.session.rollback()
    assert db.session.query(AgendaDocument).count() == 0


def test_a_file_over_the_limit_is_refused(app, people, item):
    app.config["UPLOAD_MAX_BYTES"] = 1024
    with pytest.raises(DomainError, match="too large"):
        documents.attach(people["hr"], item, "big.pdf", PDF + b"0" * 2000)


def test_a_member_attaches_to_their_own_proposal_only_until_it_is_decided(people, meeting, item):
    proposal = agenda.propose(people["employee"], meeting, title="Parking")
    documents.attach(people["employee"], proposal, "parking.pdf", PDF)
    with pytest.raises(PermissionDenied):
        documents.attach(people["employee"], item, "budget.pdf", PDF)
    with pytest.raises(PermissionDenied):
        documents.attach(people["director"], proposal, "parking.pdf", PDF)
    agenda.decide(people["cabinet"], proposal, "accept")
    with pytest.raises(PermissionDenied):
        documents.attach(people["employee"], proposal, "parking-2.pdf", PDF)


def test_the_page_takes_a_file_and_puts_a_refusal_next_to_the_field(people, item, client_as):
    secretary = client_as(people["hr"])
    action = f"/meetings/items/{item.id}/documents#item-{item.id}"  # a refusal comes back in view
    form = PageForm(secretary.get(f"/meetings/{item.meeting_id}").data, action=action)
    assert form.enctype == "multipart/form-data"
    response = form.submit(secretary, files={f"doc-{item.id}-file": (io.BytesIO(b"MZ\x90\x00"), "agenda.pdf")},
                           content_type="multipart/form-data")
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert f'id="doc-{item.id}-file-error"' in html and "is not a PDF file" in html

    form = PageForm(secretary.get(f"/meetings/{item.meeting_id}").data, action=action)
    response = form.submit(secretary, files={f"doc-{item.id}-file": (io.BytesIO(PDF), "agenda.pdf")},
                           content_type="multipart/form-data")
    assert response.status_code == 302
    [document] = item.documents
    page = secretary.get(f"/meetings/{item.meeting_id}").get_data(as_text=True)
    assert f"/meetings/documents/{document.id}" in page

    remove = PageForm(page, action=f"/meetings/documents/{document.id}/remove")
    assert remove.submit(secretary).status_code == 302
    db.session.expire_all()
    assert item.documents == []


def test_a_member_sees_the_documents_but_no_file_field(people, item, client_as):
    documents.attach(people["hr"], item, "agenda.pdf", PDF)
    html = client_as(people["employee"]).get(f"/meetings/{item.meeting_id}").get_data(as_text=True)
    assert "agenda.pdf" in html and f"/meetings/items/{item.id}/documents" not in html
