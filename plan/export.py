"""The year's plan as an XLSX file in the annex's layout: per objective its dated activities
(activity, responsibility, time, cost) with the status and actual cost beside them, then its recurring
activities (activity, responsibility, frequency), then the objective's cost; the total at the end.
Every text cell goes through `spreadsheet_safe`; amounts are numbers with two decimals."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal

from flask_babel import format_date
from flask_babel import gettext as _
from openpyxl.styles import Alignment, Font

from intranet.spreadsheets import empty_workbook, spreadsheet_safe
from plan.models import FREQUENCY_LABELS, STATUS_LABELS, ActivityStatus, Frequency, PlanActivity
from plan.services import YearPlan

EUR = "#,##0.00"


def when(activity: PlanActivity) -> str:
    """"April 2024", "June – July 2024", or the frequency, in the reader's language."""
    if activity.frequency:
        return str(FREQUENCY_LABELS[Frequency(activity.frequency)])
    first = format_date(date(activity.year, activity.month or 1, 1), "LLLL y")
    if activity.end_month and activity.end_month != activity.month:
        return f"{format_date(date(activity.year, activity.month or 1, 1), 'LLLL')} – " \
               f"{format_date(date(activity.year, activity.end_month, 1), 'LLLL y')}"
    return first


def plan_xlsx(plan: YearPlan) -> bytes:
    """One sheet, the annex's layout, in the reader's language."""
    book = empty_workbook()
    sheet = book.create_sheet(str(plan.year))
    bold = Font(bold=True)

    def row(values, *, font=None):
        sheet.append([spreadsheet_safe(str(v)) if isinstance(v, str) or hasattr(v, "__html__") else v
                      for v in values])
        if font:
            for cell in sheet[sheet.max_row]:
                cell.font = font
        for cell in sheet[sheet.max_row]:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            if isinstance(cell.value, int | float | Decimal):
                cell.number_format = EUR

    row([_("Action plan %(year)d", year=plan.year)], font=Font(bold=True, size=14))
    for objective in plan.objectives:
        row([])
        row([_("OBJECTIVE %(number)d: %(title)s", number=objective.number, title=objective.title.upper())],
            font=bold)
        row([_("Activity"), _("Responsibility"), _("Time"), _("Cost (€)"), _("Status"), _("Actual cost (€)")],
            font=bold)
        for activity in (a for a in objective.activities if not a.recurring):
            row([activity.title, "\n".join(activity.responsible), when(activity),
                 activity.planned_cost if activity.planned_cost is not None else _("No additional cost"),
                 str(STATUS_LABELS[ActivityStatus(activity.status)]), activity.actual_cost])
        recurring = [a for a in objective.activities if a.recurring]
        if recurring:
            row([_("RECURRING ACTIVITIES")], font=bold)
            row([_("Activity"), _("Responsibility"), _("Frequency"), "", _("Status"), _("Actual cost (€)")],
                font=bold)
            for activity in recurring:
                row([activity.title, "\n".join(activity.responsible), when(activity), "",
                     str(STATUS_LABELS[ActivityStatus(activity.status)]), activity.actual_cost])
        row([_("Planned cost"), "", "", objective.planned_eur, "", objective.actual_eur], font=bold)
    row([])
    row([_("TOTAL"), "", "", plan.planned_eur, "", plan.actual_eur], font=bold)
    for column, width in zip("ABCDEF", (60, 34, 22, 16, 16, 16), strict=True):
        sheet.column_dimensions[column].width = width
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
