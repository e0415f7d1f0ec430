"""The staff import's files: reading a CSV or XLSX upload into rows, and writing rows back.

The type is decided by the content, never the name. Rows come back as (line
number, cells), the header first, so every message can name the line a person
sees in their spreadsheet. The rejected rows go back in the uploaded format,
with a "reason" column, to correct and upload again.
"""

from __future__ import annotations

import csv
import io
import logging
from typing import Any

from flask import current_app
from flask_babel import format_decimal
from flask_babel import gettext as _

from intranet.domain import DomainError
from intranet.spreadsheets import spreadsheet_safe
from intranet.uploads import NotAZip, UnpacksTooLarge, inspect_zip

log = logging.getLogger("ura.import")

MAX_ROWS = 5000
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # the old binary .xls (and .doc) format


def read_bytes(file: Any) -> bytes:
    limit = current_app.config["UPLOAD_MAX_BYTES"]
    if isinstance(file, (bytes, bytearray)):
        data = bytes(file)
    else:
        data = getattr(file, "stream", file).read(limit + 1)
    if len(data) > limit:
        size = format_decimal(limit / (1024 * 1024), "#,##0.#")
        raise DomainError(_("The file is larger than %(size)s MB.", size=size), "file")
    return data


def _wrong_type() -> DomainError:
    return DomainError(_("This is neither an XLSX workbook nor a CSV file in UTF-8. Save it from your "
                         "spreadsheet as \"Excel Workbook (.xlsx)\" or \"CSV UTF-8\" and try again."), "file")


def read_table(data: bytes) -> list[tuple[int, list[str]]]:
    """The non-empty rows of the file as (line number, cells), header first.

    The type is decided by the content, not the file name: an XLSX is a ZIP.
    :raises DomainError: for an empty, unreadable, too large or wrong kind of file.
    """
    if data.startswith(b"PK\x03\x04"):
        rows = _xlsx_rows(data)
    elif data.startswith(_OLE):
        raise DomainError(_("This is an old Excel file (.xls). Save it as \"Excel Workbook (.xlsx)\" "
                            "or \"CSV UTF-8\" and try again."), "file")
    else:
        rows = _csv_rows(data)
    if not rows:
        raise DomainError(_("The file is empty."), "file")
    if len(rows) - 1 > MAX_ROWS:
        raise DomainError(_("The file has more than %(max)d rows; split it into smaller files.", max=MAX_ROWS),
                          "file")
    return rows


def _csv_rows(data: bytes) -> list[tuple[int, list[str]]]:
    if b"\x00" in data:
        raise _wrong_type()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise _wrong_type() from None
    # Spreadsheets in Albanian and Serbian locales save with ";" because "," is
    # their decimal mark. The header holds neither inside a value, so counting
    # there is more reliable than csv.Sniffer on a short sample.
    header = text.lstrip().split("\n", 1)[0]
    delimiter = ";" if header.count(";") > header.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows: list[tuple[int, list[str]]] = []
    try:
        line = 1
        for cells in reader:
            if any(cell.strip() for cell in cells):
                rows.append((line, [cell.strip() for cell in cells]))
                if len(rows) > MAX_ROWS + 1:
                    break
            line = reader.line_num + 1
    except csv.Error as exc:
        raise DomainError(_("The CSV file cannot be read near line %(line)d: %(error)s",
                            line=reader.line_num, error=str(exc)), "file") from None
    return rows


def _xlsx_rows(data: bytes) -> list[tuple[int, list[str]]]:
    from openpyxl import load_workbook

    # An XLSX is a ZIP: its directory is checked before openpyxl unpacks anything (zip bombs).
    try:
        inspect_zip(data)
    except NotAZip:
        raise _wrong_type() from None
    except UnpacksTooLarge:
        raise DomainError(_("The workbook is too large once unpacked; split it into smaller files."), "file") from None
    try:
        # Read-only mode streams the rows; Python's expat refuses entity expansion attacks.
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # any ZIP that is not a workbook (docx, odt, damaged) fails in its own way
        log.info("upload is a ZIP but not a readable XLSX workbook", exc_info=True)
        raise _wrong_type() from None
    try:
        rows: list[tuple[int, list[str]]] = []
        for line, values in enumerate(workbook.worksheets[0].iter_rows(values_only=True), start=1):
            cells = [_cell_text(value) for value in values]
            if any(cells):
                rows.append((line, cells))
                if len(rows) > MAX_ROWS + 1:
                    break
        return rows
    finally:
        workbook.close()


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # a phone number typed into a number cell
    return str(value).strip()


def is_xlsx(data: bytes) -> bool:
    return data.startswith(b"PK\x03\x04")


def csv_delimiter(data: bytes) -> str:
    """The delimiter of a CSV upload, decided as when it was read (from the header line)."""
    header = data.decode("utf-8-sig", errors="replace").lstrip().split("\n", 1)[0]
    return ";" if header.count(";") > header.count(",") else ","


def rows_file(data: bytes, header: list[str], rows: list[list[str]]) -> bytes:
    """`rows` under `header`, in the format of the upload `data` (XLSX or CSV with its delimiter).

    Every cell is made safe for spreadsheets: a text that would run as a formula
    is written with a leading apostrophe.
    """
    cells = [[spreadsheet_safe(cell) for cell in row] for row in [header, *rows]]
    if is_xlsx(data):
        from openpyxl import Workbook

        workbook = Workbook()
        sheet = workbook.worksheets[0]
        for row in cells:
            sheet.append(row)
        out = io.BytesIO()
        workbook.save(out)
        return out.getvalue()
    text = io.StringIO(newline="")
    csv.writer(text, delimiter=csv_delimiter(data), lineterminator="\r\n").writerows(cells)
    return ("\ufeff" + text.getvalue()).encode("utf-8")  # a BOM, so spreadsheets read it as UTF-8
