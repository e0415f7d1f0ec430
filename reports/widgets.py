"""What the monthly report adds to the host's pages: the menu entry, next actions on the home page,
its notification kinds, how the audit log names its events and targets."""

from __future__ import annotations

from datetime import datetime

from flask import url_for
from flask_babel import format_date, ngettext
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import event

from intranet.extensions import db
from intranet.localtime import local_today, to_local
from intranet.people.models import Person
from intranet.permissions import can
from intranet.process_cache import forget, kept
from intranet.signals import AuditAction, Indicator, NavEntry, NextAction, NotificationKind
from reports import services
from reports.models import MonthStatus, ReportingMonth, UnitReport

NOTIFICATION_KINDS = [
    NotificationKind(services.REMINDER_KIND, _l("Monthly report: requests and reminders to file"),
                     default_delivery="email"),
]

AUDIT_ACTIONS = [
    AuditAction("reports.opened", _l("opened a month of reports")),
    AuditAction("reports.deadline_changed", _l("moved the monthly report's deadline")),
    AuditAction("reports.report_saved", _l("saved a unit's monthly report")),
    AuditAction("reports.report_filed", _l("filed a unit's monthly report")),
    AuditAction("reports.reminded", _l("reminded directors to file the monthly report")),
    AuditAction("reports.assembled", _l("assembled the consolidated report")),
    AuditAction("reports.reopened", _l("reopened a month of reports")),
    AuditAction("reports.edited", _l("edited the consolidated report")),
    AuditAction("reports.published", _l("published the consolidated report")),
]


#: how long a process keeps whether any report is published (every page's menu asks; a month is
#: published once a month, and a save forgets it at once in its own process)
PUBLISHED_KEPT_SECONDS = 60.0
_ANY_PUBLISHED = "reports.any_published"


def _any_published() -> bool:
    return db.session.scalar(db.select(ReportingMonth.id)
                             .where(ReportingMonth.status == MonthStatus.PUBLISHED).limit(1)) is not None


def nav_entry(person: Person) -> NavEntry | None:
    """For those who file or manage reports, and for everyone once a report is published."""
    if not (can(person, "reports.manage") or can(person, "reports.file")):
        if not kept(_ANY_PUBLISHED, PUBLISHED_KEPT_SECONDS, _any_published):
            return None
    return NavEntry(label=_l("Monthly reports"), endpoint="reports.index", order=40)


# Any write of a month (publishing among them) forgets the process's answer.
for _event in ("after_insert", "after_update", "after_delete"):
    event.listen(ReportingMonth, _event, lambda *_args: forget(_ANY_PUBLISHED))


def next_actions(person: Person, now: datetime | None = None) -> list[NextAction]:
    """A director: "File <month>'s report for <unit>" while the month is open, not long past, and the unit
    has not filed (urgent once overdue). Cabinet and communications: "N units have not filed <month>" for
    each open month, or "Assemble <month>'s report" once all have. Nothing for closed months."""
    actions = []
    for item in services.pending_for(person, now):
        month = format_date(item.month.first_day, "LLLL y")
        actions.append(NextAction(
            # gettext, not a lazy string: Jinja takes a LazyString for safe HTML, and the unit's name is typed
            label=_("File %(month)s's report for %(unit)s", month=month, unit=item.unit.name),
            url=url_for("reports.file", year=item.month.year, month=item.month.month, unit_id=item.unit.id),
            priority=12 if item.overdue else 18, urgent=item.overdue,
            note=(_("overdue since %(date)s", date=format_date(item.month.deadline)) if item.overdue
                  else _("by %(date)s", date=format_date(item.month.deadline))),
        ))
    if can(person, "reports.manage"):
        today = local_today(now)
        for reporting in services.open_months():
            month = format_date(reporting.first_day, "LLLL y")
            missing = services.unfiled_count(reporting)
            url = url_for("reports.month", year=reporting.year, month=reporting.month)
            if missing:
                label = ngettext("%(num)d unit has not filed %(month)s", "%(num)d units have not filed %(month)s",
                                 missing, month=month)
                note = _("due %(date)s", date=format_date(reporting.deadline))
            else:
                label = _("Assemble %(month)s's report: every unit has filed", month=month)
                note = ""
            actions.append(NextAction(label=label, url=url, priority=20, note=note,
                                      urgent=bool(missing) and reporting.overdue_on(today)))
    return actions


def audit_targets(target_type: str, ids: set[str]) -> dict[str, tuple[str, str]]:
    """Names and links of the months and unit reports the audit log mentions."""
    numbers = {int(i) for i in ids if str(i).isdigit()}
    if not numbers:
        return {}
    found: dict[str, tuple[str, str]] = {}
    if target_type == "reportingmonth":
        for month in db.session.scalars(db.select(ReportingMonth).where(ReportingMonth.id.in_(numbers))):
            found[str(month.id)] = (format_date(month.first_day, "LLLL y"),
                                    url_for("reports.month", year=month.year, month=month.month))
    elif target_type == "unitreport":
        for report in db.session.scalars(db.select(UnitReport).where(UnitReport.id.in_(numbers))):
            month = report.reporting_month
            found[str(report.id)] = (f"{report.unit.name}: {format_date(month.first_day, 'LLLL y')}",
                                     url_for("reports.unit", year=month.year, month=month.month,
                                             unit_id=report.unit_id))
    return found


def indicators(year: int, now: datetime | None = None) -> list[Indicator]:
    """For the action plan ("monthly consolidated reports"): the share of unit reports of the year's months
    filed by their deadline, counting every filing unit for each month whose deadline has passed."""
    today = local_today(now)
    months = list(db.session.scalars(db.select(ReportingMonth).where(ReportingMonth.year == year)))
    due = [m for m in months if m.deadline < today]
    expected = len(due) * len(services.filing_units())
    on_time = sum(1 for m in due for r in m.reports
                  if r.filed and r.filed_at is not None and (to_local(r.filed_at) or r.filed_at).date() <= m.deadline)
    return [Indicator(
        key="reports.filed_on_time", label=_l("Monthly unit reports filed on time"),
        value=on_time / expected if expected else None,
        detail=_("%(done)d of %(total)d unit reports", done=on_time, total=expected),
        url=url_for("reports.index"),
    )]
