"""Whom a bulletin is for: all staff, units (with their sub-units) or roles, in Python and in SQL."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import and_, false, func, or_, select

from bulletins.models import Bulletin, BulletinAudience
from intranet.extensions import db
from intranet.people.models import Person, RoleAssignment, Unit
from intranet.permissions import can

#: roles a bulletin can be addressed to
AUDIENCE_ROLES = ("director", "communications", "hr", "cabinet", "admin")


@dataclass(frozen=True)
class Audience:
    """Whom a bulletin would be addressed to (a `Bulletin` answers the same three attributes)."""

    audience_all: bool
    audience_unit_ids: list[int]
    audience_role_names: list[str]


def unit_chain(unit_id: int | None) -> list[int]:
    """The unit and every unit above it: a bulletin for any of them reaches a person in `unit_id`."""
    chain, seen = [], set()
    while unit_id is not None and unit_id not in seen:
        seen.add(unit_id)
        chain.append(unit_id)
        unit_id = db.session.scalar(select(Unit.parent_id).where(Unit.id == unit_id))
    return chain


def unit_subtree(unit_ids: Iterable[int]) -> set[int]:
    """The units and every unit below them."""
    children: dict[int | None, list[int]] = {}
    for uid, parent in db.session.execute(select(Unit.id, Unit.parent_id)).all():
        children.setdefault(parent, []).append(uid)
    found, stack = set(), list(unit_ids)
    while stack:
        uid = stack.pop()
        if uid not in found:
            found.add(uid)
            stack.extend(children.get(uid, []))
    return found


def audience_condition(person: Person):
    """SQL: the bulletin is addressed to `person` (all staff, a unit above theirs, or a role they hold)."""
    # An uncorrelated IN: the database finds the few addressed bulletins once through the
    # unit and role indexes, instead of probing the audience table for every bulletin.
    addressed = select(BulletinAudience.bulletin_id).where(or_(
        BulletinAudience.unit_id.in_(unit_chain(person.unit_id)), BulletinAudience.role.in_(sorted(person.roles))))
    return or_(Bulletin.audience_all, Bulletin.id.in_(addressed))


def in_audience(person: Person, bulletin: Bulletin) -> bool:
    """Whether the bulletin is addressed to `person`."""
    if bulletin.audience_all:
        return True
    chain = set(unit_chain(person.unit_id))
    return any(a.unit_id in chain for a in bulletin.audiences) or bool(
        set(bulletin.audience_role_names) & person.roles)


def audience_filter(bulletin: Bulletin):
    """SQL over `Person`: active and addressed by the bulletin."""
    if bulletin.audience_all:
        return Person.active
    roles = set(bulletin.audience_role_names)
    conditions = []
    if bulletin.audience_unit_ids:
        conditions.append(Person.unit_id.in_(unit_subtree(bulletin.audience_unit_ids)))
    if roles:
        conditions.append(Person.id.in_(select(RoleAssignment.person_id).where(RoleAssignment.role.in_(roles))))
    if "director" in roles:
        # A unit's recorded head is a director without the role assigned (Person.roles).
        conditions.append(Person.id.in_(select(Unit.head_id).where(Unit.head_id.is_not(None))))
    return and_(Person.active, or_(*conditions) if conditions else false())


def audience_people(bulletin: Bulletin) -> list[Person]:
    """Every active person the bulletin is addressed to."""
    return list(db.session.scalars(select(Person).where(audience_filter(bulletin)).order_by(Person.name, Person.id)))


def audience_size(bulletin: Bulletin) -> int:
    """How many active people the bulletin is addressed to."""
    return db.session.scalar(select(func.count()).select_from(Person).where(audience_filter(bulletin))) or 0


def needs_approval(actor: Person, bulletin: Bulletin | Audience) -> bool:
    """Whether communications must approve: all staff, roles, or any unit the author does not act for."""
    return not can(actor, "bulletins.publish_without_approval", bulletin)


def audience_needs_approval(actor: Person, audience_all: bool, unit_ids: Iterable[int], roles: Iterable[str]) -> bool:
    """`needs_approval` for an audience not yet saved on the bulletin (an edit's new audience)."""
    return needs_approval(actor, Audience(audience_all, list(unit_ids), list(roles)))


def communications_officers() -> list[Person]:
    """The active people who approve bulletins."""
    return list(db.session.scalars(
        select(Person).join(RoleAssignment).where(RoleAssignment.role == "communications", Person.active)
        .distinct()))


def audience_units(bulletin: Bulletin) -> list[Unit]:
    """The units the bulletin is addressed to, in the organisation's order."""
    units = [a.unit for a in bulletin.audiences if a.unit is not None]
    return sorted(units, key=lambda u: (u.sort_order, u.id))
