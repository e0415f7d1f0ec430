"""Cells for the spreadsheets and CSV files Ura exports (OWASP: CSV/formula injection).

A name, title or comment typed by someone could start with "=" (or "+", "-", "@",
a tab or a carriage return) and run as a formula when the file is opened in Excel or
LibreOffice. Every exported text goes through `spreadsheet_safe`, which stores such
a text with a leading apostrophe: the reader sees the text, the program never runs it.
"""

from __future__ import annotations

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value):
    """The value as it may go into a cell: a text that would read as a formula gets a leading apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def empty_workbook():
    """An openpyxl workbook with no sheet yet: each export creates and names its own
    (openpyxl starts every workbook with one called "Sheet")."""
    from openpyxl import Workbook

    book = Workbook()
    for sheet in list(book.worksheets):
        book.remove(sheet)
    return book
