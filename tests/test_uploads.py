"""Uploads are inspected with bounded reads: a zip bomb is refused from its directory, quickly
and in little memory, by the one inspector (intranet.uploads) that the staff import and bulletin
attachments share."""

from __future__ import annotations

import io
import tracemalloc
import zipfile

import pytest

from bulletins import attachments, services
from intranet.domain import DomainError
from intranet.people.importing import import_staff
from intranet.uploads import PART_READ_LIMIT, UnpacksTooLarge, inspect_zip

BOMB_PART_MB = 600
WORD_TYPES = ('<Types><Override ContentType="application/'
              'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>')
SHEET_TYPES = ('<Types><Override ContentType="application/'
               'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/></Types>')
#: memory an inspection may take, far below what unpacking a bomb takes
MEMORY_LIMIT = 50 * 1024 * 1024


@pytest.fixture(autouse=True)
def _english(english_outside_requests):
    """Messages raised outside a request read English."""


def bomb(big_part: str, small_parts: dict[str, str]) -> bytes:
    """A ZIP whose `big_part` unpacks to 600 MB of zeros (written in 1 MB chunks, never held whole)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, text in small_parts.items():
            archive.writestr(name, text)
        chunk = b"\0" * (1024 * 1024)
        with archive.open(big_part, "w", force_zip64=True) as part:
            for _ in range(BOMB_PART_MB):
                part.write(chunk)
    return buffer.getvalue()


@pytest.fixture(scope="module")
def docx_bomb() -> bytes:
    """A .docx whose [Content_Types].xml unpacks to 600 MB (the part Ura reads to tell a docx)."""
    data = bomb("[Content_Types].xml", {"word/document.xml": "<w:document/>"})
    assert len(data) < 1024 * 1024  # about 600 KB on disk: well under the upload limit
    return data


@pytest.fixture(scope="module")
def xlsx_bomb() -> bytes:
    return bomb("xl/worksheets/sheet1.xml", {"[Content_Types].xml": SHEET_TYPES, "xl/workbook.xml": "<workbook/>"})


def peak_memory(action) -> int:
    """The most memory Python allocated while `action` ran (it may raise)."""
    tracemalloc.start()
    try:
        action()
    except DomainError:
        pass
    finally:
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    return peak


def test_a_docx_bomb_attached_to_a_bulletin_is_refused_from_its_directory(app, docx_bomb):
    with pytest.raises(DomainError) as refused:
        attachments.check_file("letter.docx", docx_bomb)
    assert refused.value.field == "file"
    assert "would unpack to more than 200 MB" in refused.value.message
    assert peak_memory(lambda: attachments.check_file("letter.docx", docx_bomb)) < MEMORY_LIMIT


def test_the_bulletin_page_shows_the_refusal_next_to_the_file(people, client_as):
    bulletin = services.save(people["director"], titles={"en": "Plan"}, bodies={"en": "Text"},
                             unit_ids=[people["director"].unit_id], category="news")
    client = client_as(people["director"])
    response = client.post(f"/bulletins/{bulletin.id}/attachments",
                           data={"file": (io.BytesIO(bomb_docx_small_limit()), "letter.docx")}, follow_redirects=True)
    assert "would unpack to more than" in response.get_data(as_text=True)
    assert not bulletin.attachments


def bomb_docx_small_limit() -> bytes:
    """A docx declaring 300 MB unpacked (a 3 MB part of zeros would not do; the limit is 200 MB)."""
    return bomb("word/document.xml", {"[Content_Types].xml": WORD_TYPES})


def test_an_xlsx_bomb_in_the_staff_import_is_refused_in_little_memory(app, make_person, xlsx_bomb):
    admin = make_person("Ari Admin", roles=["admin"])
    with pytest.raises(DomainError) as refused:
        import_staff(admin, xlsx_bomb, "staff.xlsx")
    assert "too large once unpacked" in refused.value.message
    assert peak_memory(lambda: import_staff(admin, xlsx_bomb, "staff.xlsx")) < MEMORY_LIMIT


def test_a_part_is_read_only_as_far_as_the_limit(docx_bomb):
    # Allowed past the bomb's size, the inspector still reads only the start of a part.
    contents = inspect_zip(docx_bomb, max_unpacked=10 * BOMB_PART_MB * 1024 * 1024)
    assert contents.unpacked_bytes > BOMB_PART_MB * 1024 * 1024
    read = []
    assert peak_memory(lambda: read.append(contents.read_start("[Content_Types].xml"))) < MEMORY_LIMIT
    assert read[0] == b"\0" * PART_READ_LIMIT
    assert contents.read_start("missing.xml") is None
    with pytest.raises(UnpacksTooLarge):
        inspect_zip(docx_bomb)
