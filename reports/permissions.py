"""Who may do what with the monthly report: the `reports.*` actions and their rules.

A unit's report is filed by the unit's director (`intranet.permissions.acts_for`:
its head, or the director role in it); the month is opened, followed, assembled and
published by the cabinet and communications; the published consolidated report is
for all staff.
"""

from __future__ import annotations

from intranet.people.models import Person, Unit
from intranet.permissions import acts_for, any_role
from reports.models import MonthStatus, ReportingMonth, UnitReport

managers = any_role("cabinet", "communications")
unit_readers = any_role("director", "cabinet", "communications")


def _unit_id(target) -> int | None:
    if isinstance(target, Unit):
        return target.id
    return getattr(target, "unit_id", None)


def may_file(person: Person, target: Unit | UnitReport | None = None) -> bool:
    """A director, for the units they direct (target: a Unit or a UnitReport)."""
    if target is None:
        return "director" in person.roles
    return acts_for(person, _unit_id(target))


def may_read_month(person: Person, target: ReportingMonth | None = None) -> bool:
    """Everyone reads a published consolidated report; cabinet and communications every month."""
    if isinstance(target, ReportingMonth) and target.status != MonthStatus.PUBLISHED:
        return managers(person)
    return True


def may_read_units(person: Person, target: Unit | UnitReport | None = None) -> bool:
    """Unit reports: directors, cabinet and communications; a draft only for its own director."""
    if isinstance(target, UnitReport) and not target.filed:
        return acts_for(person, target.unit_id)
    return unit_readers(person) or acts_for(person, _unit_id(target))


RULES = {
    "reports.file": may_file,
    "reports.manage": managers,
    "reports.read": may_read_month,
    "reports.units": may_read_units,
}
