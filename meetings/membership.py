"""Who belongs to a series: all staff, a unit (with its sub-units), holders of roles, chosen people."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from intranet.extensions import db
from intranet.people.models import Person, Unit
from meetings.models import AgendaDocument, AgendaItem, Meeting, MeetingSeries, Minutes, StaffQuestion


def series_of(target: Any) -> MeetingSeries | None:
    """The series a permission target belongs to (a series, meeting, agenda item, document, minutes or question)."""
    if isinstance(target, MeetingSeries):
        return target
    if isinstance(target, (Meeting, AgendaItem)):
        return target.series
    if isinstance(target, AgendaDocument):
        return target.item.series
    if isinstance(target, Minutes):
        return target.meeting.series
    if isinstance(target, StaffQuestion):
        return target.meeting.series
    return None


def _unit_chain(unit: Unit | None) -> list[int]:
    """The unit's id and its parents' ids, nearest first (a loop in the tree ends the walk)."""
    chain: list[int] = []
    while unit is not None and unit.id not in chain:
        chain.append(unit.id)
        unit = unit.parent
    return chain


def is_member(person: Person, series: MeetingSeries) -> bool:
    """Whether `person` belongs to the series by any of its membership rules."""
    if not person.active:
        return False
    if series.members_all:
        return True
    if any(m.person_id == person.id for m in series.chosen_members):
        return True
    if set(series.member_roles or ()) & person.roles:
        return True
    if series.member_unit_id is not None and person.unit is not None:
        chain = _unit_chain(person.unit)
        return series.member_unit_id in (chain if series.include_sub_units else chain[:1])
    return False


def members_of(series: MeetingSeries) -> list[Person]:
    """Every active member, with the chair and the secretary, by name."""
    people = db.session.scalars(select(Person).where(Person.active.is_(True)).order_by(Person.name, Person.id))
    return [p for p in people if p.id in (series.chair_id, series.secretary_id) or is_member(p, series)]


def series_for(person: Person) -> list[MeetingSeries]:
    """The active series `person` belongs to, chairs or keeps the records of."""
    every = db.session.scalars(select(MeetingSeries).where(MeetingSeries.active.is_(True))
                               .order_by(MeetingSeries.id))
    return [s for s in every if person.id in (s.chair_id, s.secretary_id) or is_member(person, s)]
