"""Who may do what with bulletins and the monthly report: the `bulletins.*` actions and their rules.

Directors write for the units they act for (`intranet.permissions.acted_units`:
the units they head, or their own unit with the director role, and the units
below) and publish such a bulletin without approval; communications writes for
anyone, approves the rest, pins and moderates. The monthly report is filed by a
unit's director, managed by the cabinet and communications.
"""

from __future__ import annotations

from bulletins.models import Bulletin
from bulletins.monthly_models import ReportingMonth, UnitReport
from bulletins.services import Audience, in_audience
from intranet.people.models import Person, Unit
from intranet.permissions import acted_units, acts_for, any_role, everyone

communications = any_role("communications")
monthly_managers = any_role("cabinet", "communications")
LIVE = ("published", "expired", "archived")


def may_read(person: Person, bulletin: Bulletin | None = None) -> bool:
    """Readers: the audience once it is out; its author and communications at every stage."""
    if bulletin is None:
        return True
    if bulletin.author_id == person.id or communications(person):
        return True
    return bulletin.status in LIVE and in_audience(person, bulletin)


def may_write(person: Person, target=None) -> bool:
    """Communications, and every director of a unit (by heading it or by the director role)."""
    return communications(person) or bool(acted_units(person))


def may_manage(person: Person, bulletin: Bulletin | None = None) -> bool:
    """Edit, follow (reports) and moderate: the author and communications."""
    if bulletin is None:
        return may_write(person)
    return communications(person) or bulletin.author_id == person.id


def may_publish_without_approval(person: Person, audience: Bulletin | Audience | None = None) -> bool:
    """Communications always; a director when the audience is only units they act for (or below them)."""
    if communications(person):
        return True
    if audience is None or audience.audience_all or audience.audience_role_names or not audience.audience_unit_ids:
        return False
    return set(audience.audience_unit_ids) <= acted_units(person).with_sub_units


def may_comment(person: Person, bulletin: Bulletin | None = None) -> bool:
    if bulletin is None:
        return True
    return bulletin.comments_enabled and bulletin.status == "published" and may_read(person, bulletin)


# --- the monthly report --------------------------------------------------------------


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
    if isinstance(target, ReportingMonth) and target.status != "published":
        return monthly_managers(person)
    return True


def may_read_units(person: Person, target: Unit | UnitReport | None = None) -> bool:
    """Unit reports: directors, cabinet and communications; a draft only for its own director."""
    if isinstance(target, UnitReport) and not target.filed:
        return acts_for(person, target.unit_id)
    return bool({"director", "cabinet", "communications"} & person.roles) or acts_for(person, _unit_id(target))


RULES = {
    "bulletins.read": may_read,
    "bulletins.write": may_write,
    "bulletins.manage": may_manage,
    # communications: edit, archive and read any bulletin at every stage, see what waits to go live
    "bulletins.moderate": communications,
    "bulletins.review": communications,
    "bulletins.pin": communications,
    # the editor offers every unit (others see the units they act for)
    "bulletins.address_any_unit": communications,
    "bulletins.publish_without_approval": may_publish_without_approval,
    "bulletins.comment": may_comment,
    "bulletins.feed": everyone,
    "bulletins.monthly.file": may_file,
    "bulletins.monthly.manage": monthly_managers,
    "bulletins.monthly.read": may_read_month,
    "bulletins.monthly.units": may_read_units,
}
