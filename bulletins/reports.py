"""The must-read acknowledgment report as an XLSX workbook (formula injection neutralised)."""

from __future__ import annotations

import io

from flask_babel import gettext as _

from bulletins.models import Bulletin
from bulletins.reading import acknowledgment_report
from intranet.notifications.emails import in_language
from intranet.spreadsheets import empty_workbook, spreadsheet_safe


def acknowledgment_xlsx(bulletin: Bulletin, language: str) -> bytes:
    """Two sheets: totals by unit, and every person of the audience with whether and when they acknowledged."""
    with in_language(language):
        return _workbook(acknowledgment_report(bulletin))


def _workbook(rows) -> bytes:
    book = empty_workbook()
    summary = book.create_sheet(_("By unit")[:31])
    summary.append([_("Unit"), _("Audience"), _("Acknowledged"), _("Not yet")])
    for row in rows:
        summary.append([spreadsheet_safe(row.label), row.audience, row.count, row.audience - row.count])
    people = book.create_sheet(_("People")[:31])
    people.append([_("Name"), _("Unit"), _("Acknowledged"), _("When"), _("Language read")])
    for row in rows:
        for person, ack in row.people_done:
            people.append([spreadsheet_safe(person.name), spreadsheet_safe(row.label), _("yes"),
                           ack.acknowledged_at.strftime("%Y-%m-%d %H:%M"), ack.language])
        for person in row.people_missing:
            people.append([spreadsheet_safe(person.name), spreadsheet_safe(row.label), _("no"), "", ""])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
