"""One place decides who may do what: `can(person, action, target)`.

Views declare the action they need (`Page.permission`); services call `can`
before writes; templates call `can` to show or hide actions. The host defines its
own actions here and plugins add theirs in their `permissions.py`, named in `Plugin(permissions=...)`.
An unknown action is a programming error and is refused loudly, never allowed.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol

from flask import current_app, g, has_request_context
from flask_babel import gettext as _
from sqlalchemy import literal, or_, select
from sqlalchemy.orm import aliased

from intranet.domain import PermissionDenied
from intranet.extensions import db
from intranet.people.models import Person, RoleAssignment, Unit
from intranet.signals import person_changed, unit_changed


class Rule(Protocol):
    """A permission rule: may `person` do the action (on `target`, when the action takes one)?"""

    def __call__(self, person: Person, target: Any = None, /) -> bool: ...


class UnknownPermission(LookupError):
    """`can` was asked about an action nobody defined."""


# --- the units a person acts for -------------------------------------------------------


@dataclass(frozen=True)
class ActedUnits:
    """The units a person directs (`units`) and those with every unit below them (`with_sub_units`)."""

    units: frozenset[int]
    with_sub_units: frozenset[int]

    def __bool__(self) -> bool:
        return bool(self.units)


def acted_units(person: Person | None) -> ActedUnits:
    """Which units `person` may act for as their director, and their sub-units.

    A person directs a unit in either of two ways, and both count the same
    everywhere (bulletins, the monthly report, survey results, the roster):

    - they are recorded as the unit's head (`Unit.head_id`), with or without the
      `director` role assigned: heading a unit makes its head a director;
    - they hold the `director` role (from an admin or the Entra `roles` claim):
      they direct the unit they belong to (`Person.unit_id`), even when nobody,
      or somebody else, is recorded as its head.

    A director acts for the units below the ones they direct too (`with_sub_units`),
    e.g. to address a sector bulletin to an office of their directorate; rules
    that belong to one unit only (filing its monthly report, its roster, a
    survey group's figures) use `units`. One recursive query answers both, once
    per request (cached on `flask.g`); outside a request it asks every time.
    """
    if person is None or person.id is None:
        return ActedUnits(frozenset(), frozenset())
    cache = g.setdefault("ura_acted_units", {}) if has_request_context() else {}
    if person.id not in cache:
        cache[person.id] = _query_acted_units(person)
    return cache[person.id]


def _query_acted_units(person: Person) -> ActedUnits:
    by_role = "director" in {a.role for a in person.role_assignments} and person.unit_id is not None
    directed = [Unit.head_id == person.id] + ([Unit.id == person.unit_id] if by_role else [])
    tree = (select(Unit.id.label("id"), literal(True).label("direct")).where(or_(*directed))
            .cte("acted_units", recursive=True))
    child = aliased(Unit)
    # UNION (not UNION ALL) stops at a unit already seen, so a loop in the tree ends.
    tree = tree.union(select(child.id, literal(False)).where(child.parent_id == tree.c.id))
    rows = db.session.execute(select(tree.c.id, tree.c.direct)).all()
    return ActedUnits(frozenset(uid for uid, direct in rows if direct), frozenset(uid for uid, _d in rows))


def forget_acted_units() -> None:
    """Drop the request's cached answers (after a change of heads or roles in the same request)."""
    if has_request_context():
        g.pop("ura_acted_units", None)


def connect_cache_resets() -> None:
    """Forget the request's acted units whenever a person or unit changes, whichever service
    changed them (the admin's pages, the staff import, sign-in from Entra ID)."""
    person_changed.connect(_forget_on_change)
    unit_changed.connect(_forget_on_change)


def _forget_on_change(sender, **kwargs) -> None:
    forget_acted_units()


def acts_for(person: Person | None, unit_id: int | None, *, sub_units: bool = False) -> bool:
    """Whether `person` directs that unit (or, with `sub_units`, a unit above it)."""
    if unit_id is None:
        return False
    acted = acted_units(person)
    return unit_id in (acted.with_sub_units if sub_units else acted.units)


def directors_of(unit_id: int | None) -> list[Person]:
    """The active people who direct that unit, by either way `acted_units` counts:
    its recorded head, and holders of the `director` role who belong to it. The
    inverse of `acted_units` for one unit (its own directors, not those of units above).
    """
    if unit_id is None:
        return []
    head_id = db.session.scalar(select(Unit.head_id).where(Unit.id == unit_id))
    by_role = select(RoleAssignment.person_id).where(RoleAssignment.role == "director")
    found = db.session.scalars(
        select(Person).where(Person.active.is_(True),
                             or_(Person.id == head_id, (Person.unit_id == unit_id) & Person.id.in_(by_role)))
        .order_by(Person.name, Person.id)
    ).all()
    return list(found)


def any_role(*roles: str) -> Rule:
    """A rule granting the action to holders of any of these roles."""
    wanted = set(roles)

    def rule(person: Person, target: Any = None) -> bool:
        return bool(wanted & person.roles)

    rule.__doc__ = "held by: " + ", ".join(sorted(wanted))
    return rule


def everyone(person: Person, target: Any = None) -> bool:
    return True


def own_record(person: Person, target: Any = None) -> bool:
    return target is None or getattr(target, "person_id", None) == person.id


# --- action items (intranet.actions): the target is an `ActionItem` ------------------------

_manages_all_items = any_role("hr", "cabinet", "admin")


def may_update_item(person: Person, item: Any = None) -> bool:
    """Its owner, whoever created it, or hr, cabinet and admin ("actions.manage_all")."""
    if item is None:
        return True
    return person.id in (item.owner_id, item.created_by_id) or _manages_all_items(person)


def may_read_item(person: Person, item: Any = None) -> bool:
    """Whoever may update it, and the directors of the owner's unit (or a unit above it):
    they are told when it is overdue, and may open it and comment."""
    if item is None or may_update_item(person, item):
        return True
    return acts_for(person, item.owner.unit_id, sub_units=True)


HOST_RULES: dict[str, Rule] = {
    "intranet.view": everyone,
    "notifications.own": own_record,
    "admin.access": any_role("admin"),
    "units.manage": any_role("admin"),
    "people.manage": any_role("admin"),
    "roles.manage": any_role("admin"),
    "people.import": any_role("admin"),
    "audit.read": any_role("admin"),
    "settings.manage": any_role("admin"),
    "outbox.manage": any_role("admin"),
    "actions.view": everyone,
    "actions.read": may_read_item,
    "actions.comment": may_read_item,
    "actions.update": may_update_item,
    "actions.manage_all": _manages_all_items,
}


def build_rules(app) -> dict[str, Rule]:
    """Host rules plus every enabled plugin's, checked for clashes."""
    rules = dict(HOST_RULES)
    for plugin in app.extensions["ura.plugins"].values():
        for action, rule in (plugin.part("permissions") or {}).items():
            if action in rules:
                raise ValueError(f"permission {action!r} is defined twice")
            rules[action] = rule
    return rules


def can(person: Person | None, action: str, target: Any = None) -> bool:
    """Whether `person` may perform `action` (on `target`). Signed out or inactive: never.

    :raises UnknownPermission: when `action` is not defined by the host or a plugin.
    """
    rules = current_app.extensions["ura.permissions"]
    rule = rules.get(action)
    if rule is None:
        raise UnknownPermission(action)
    if person is None or not person.active:
        return False
    return bool(rule(person, target))


def require(actor: Person | None, action: str, target: Any = None, message: str | None = None) -> None:
    """:raises PermissionDenied: unless `can(actor, action, target)` (with `message`, or a general one)."""
    if not can(actor, action, target):
        raise PermissionDenied(message or _("You are not allowed to do this."))
