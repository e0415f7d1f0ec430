"""Acknowledgment by unit: the report, its XLSX export, and reminders to those who have not."""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from handbook.models import Handbook, Version
from handbook.services import (
    Status,
    acknowledgment_records,
    current_version,
    evaluate,
    handbook_path,
    latest_material,
    list_handbooks,
    notification_subject,
)
from intranet.audit.services import record
from intranet.extensions import db
from intranet.i18n import LANGUAGE_NAMES
from intranet.localtime import to_local
from intranet.notifications.services import notify_many
from intranet.people.models import Person, Unit, utcnow
from intranet.people.services import list_units
from intranet.permissions import require
from intranet.spreadsheets import empty_workbook, spreadsheet_safe
from intranet.texts import Translated

REMINDER_KIND = "handbook.reminder"


@dataclass(frozen=True)
class UnitRow:
    unit: Unit | None
    label: str
    headcount: int
    acknowledged: int

    @property
    def share(self) -> float | None:
        return self.acknowledged / self.headcount if self.headcount else None


@dataclass
class Report:
    current: Version | None
    rows: list[UnitRow]
    #: every active person with their status, in unit order then by name
    people: list[tuple[Person, Status]]

    @property
    def missing(self) -> list[tuple[Person, Status]]:
        """Those who must still acknowledge."""
        return [(p, s) for p, s in self.people if s.must_acknowledge]

    @property
    def total(self) -> UnitRow:
        return UnitRow(None, _("Total"), sum(r.headcount for r in self.rows),
                       sum(r.acknowledged for r in self.rows))


def report(handbook: Handbook, now: datetime | None = None) -> Report:
    """Acknowledgment per unit (list_units order): active headcount, how many meet the requirement, share.

    People without a unit are one more row at the end (only when there are any).
    """
    now = now or utcnow()
    current, material = current_version(handbook), latest_material(handbook)
    acks = acknowledgment_records(handbook)
    units = list_units()
    order = {unit.id: index for index, unit in enumerate(units)}
    staff = db.session.scalars(db.select(Person).where(Person.active.is_(True)).order_by(Person.name, Person.id))
    people = sorted(
        ((p, evaluate(handbook, current, material, p.created_at, acks.get(p.id, []), now)) for p in staff),
        key=lambda item: (order.get(item[0].unit_id, len(order)), item[0].name.casefold()),
    )
    counts: dict[int | None, list[int]] = {}
    for person, person_status in people:
        cell = counts.setdefault(person.unit_id if person.unit_id in order else None, [0, 0])
        cell[0] += 1
        cell[1] += 0 if person_status.must_acknowledge or current is None else 1
    rows = [UnitRow(unit, unit.name, *counts.get(unit.id, [0, 0])) for unit in units]
    if None in counts:
        rows.append(UnitRow(None, _("No unit"), *counts[None]))
    return Report(current, rows, people)


def _cell(sheet, row: int, column: int, value) -> None:
    sheet.cell(row=row, column=column, value=spreadsheet_safe(value))  # a name is never a formula


def export_xlsx(handbook: Handbook) -> bytes:
    """The report as an Excel workbook: one row per person, and a sheet of totals by unit."""
    from openpyxl.styles import Font

    data = report(handbook)
    book = empty_workbook()
    sheet = book.create_sheet(_("Acknowledgments")[:31])
    headers = [_("Unit"), _("Name"), _("Email"), _("Acknowledged version"), _("Language"), _("Date")]
    for column, header in enumerate(headers, start=1):
        _cell(sheet, 1, column, header)
        sheet.cell(row=1, column=column).font = Font(bold=True)
    for row, (person, person_status) in enumerate(data.people, start=2):
        counted = not person_status.must_acknowledge and person_status.acknowledged_number is not None
        values: list[object] = [
            person.unit.name if person.unit else "", person.name, person.email or "",
            person_status.acknowledged_number if counted else None,
            LANGUAGE_NAMES.get(person_status.language or "", "") if counted else "",
            person_status.acknowledged_at if counted else None,
        ]
        for column, value in enumerate(values, start=1):
            _cell(sheet, row, column, value)
        if counted:
            sheet.cell(row=row, column=6).number_format = "yyyy-mm-dd hh:mm"
    for letter, width in zip("ABCDEF", (32, 28, 32, 12, 12, 18), strict=True):
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = "A2"

    totals = book.create_sheet(_("By unit")[:31])
    for column, header in enumerate([_("Unit"), _("Staff"), _("Acknowledged"), _("Share")], start=1):
        _cell(totals, 1, column, header)
        totals.cell(row=1, column=column).font = Font(bold=True)
    for row, unit_row in enumerate([*data.rows, data.total], start=2):
        for column, value in enumerate([unit_row.label, unit_row.headcount, unit_row.acknowledged,
                                        unit_row.share], start=1):
            _cell(totals, row, column, value)
        totals.cell(row=row, column=4).number_format = "0%"
    totals.column_dimensions["A"].width = 40
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def ask(handbook: Handbook, due_by_person: dict[Person, datetime | None]) -> int:
    """Ask each person to acknowledge the handbook by their due date; returns how many were asked.

    The handbook's title and the date are parameters, shown in each reader's language.
    """
    title = _l("Please read and acknowledge: %(title)s", title=Translated(handbook.titles or {}))

    def body(person: Person):
        due = due_by_person[person]
        if due is None:
            return _l("Read the handbook and confirm with one click that you have read and understood it.")
        return _l("Read the handbook and confirm with one click that you have read and understood it, "
                  "by %(date)s.", date=to_local(due).date())

    return notify_many(list(due_by_person), REMINDER_KIND, title, body, url=handbook_path(handbook),
                       subject=notification_subject(handbook))


def remind(actor: Person, handbook: Handbook) -> int:
    """Notify everyone who must still acknowledge (nobody else); returns how many were reminded.

    :raises PermissionDenied: unless the actor may send handbook reminders.
    """
    require(actor, "handbook.remind", handbook)
    count = ask(handbook, {person: person_status.due for person, person_status in report(handbook).missing})
    record(actor, "handbook.reminded", handbook, count=count)
    db.session.commit()
    return count


def ask_new_person(person: Person) -> None:
    """Ask a new colleague to read and acknowledge every published handbook by its due date.

    Adds the notifications to the caller's transaction (receiver of `person_provisioned`).
    """
    joined = person.created_at or utcnow()
    for handbook in list_handbooks():
        if current_version(handbook) is None:
            continue
        ask(handbook, {person: joined + timedelta(days=handbook.due_days)})


