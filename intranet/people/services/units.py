"""Reading and changing units: the tree of directorates and offices, and who heads each."""

from __future__ import annotations

import re
from typing import Any, TypedDict, Unpack

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import func

from intranet.audit.services import record
from intranet.database import unique_or
from intranet.domain import DomainError
from intranet.extensions import db
from intranet.i18n import enabled_languages
from intranet.people.models import Person, Unit
from intranet.people.validation import apply_changes, audit_view, changes_of, clean_text
from intranet.permissions import require
from intranet.signals import person_changed, unit_changed

UNIT_KINDS = ("directorate", "cabinet", "office", "unit")
_CODE = re.compile(r"^[A-Za-z0-9._-]{1,32}$")


class UnitFields(TypedDict, total=False):
    code: str
    #: language code -> name; languages not enabled keep what they had
    names: dict[str, str]
    kind: str
    parent_id: int | None
    head_id: int | None
    active: bool
    sort_order: int


def list_units(include_inactive: bool = False) -> list[Unit]:
    """Units in display order (directorates first, then by sort order and code)."""
    query = db.select(Unit).order_by(Unit.sort_order, Unit.code)
    if not include_inactive:
        query = query.where(Unit.active.is_(True))
    return list(db.session.scalars(query))



def find_unit(code_or_name: str | None) -> Unit | None:
    """The active unit whose code or name (in any language) equals the text, ignoring case."""
    if not code_or_name:
        return None
    wanted = code_or_name.strip().casefold()
    for unit in list_units():
        if unit.code.casefold() == wanted:
            return unit
        if any((name or "").casefold() == wanted for name in (unit.names or {}).values()):
            return unit
    return None



def headcount_by_unit() -> dict[int, int]:
    """Active people per unit id."""
    rows = db.session.execute(
        db.select(Person.unit_id, func.count()).where(Person.active.is_(True)).group_by(Person.unit_id)
    )
    return {unit_id: count for unit_id, count in rows if unit_id is not None}



def _unit_values(unit: Unit | None, fields: UnitFields) -> dict[str, Any]:
    values: dict[str, Any] = {}
    if "code" in fields:
        code = (fields["code"] or "").strip()
        if not code:
            raise DomainError(_("This field is required."), "code")
        if not _CODE.match(code):
            raise DomainError(_("Use up to 32 letters, digits, dots, dashes or underscores."), "code")
        same_code = db.select(Unit).where(func.lower(Unit.code) == code.lower())
        if unit is not None and unit.id is not None:
            same_code = same_code.where(Unit.id != unit.id)
        clash = db.session.scalar(same_code)
        if clash is not None:
            raise DomainError(_("The code %(code)s is already used by %(unit)s.", code=code,
                                unit=f"{clash.name} ({clash.code})"), "code")
        values["code"] = code
    if "names" in fields:
        names = dict(unit.names or {}) if unit else {}
        for language in enabled_languages():
            names[language] = clean_text(fields["names"].get(language), f"name_{language}", 200)
        required = current_app.config["BABEL_DEFAULT_LOCALE"]
        required = required if required in enabled_languages() else enabled_languages()[0]
        if not names.get(required):
            raise DomainError(_("The name in this language is required."), f"name_{required}")
        values["names"] = {k: v for k, v in names.items() if v}
    if "kind" in fields:
        if fields["kind"] not in UNIT_KINDS:
            raise DomainError(_("Unknown kind of unit."), "kind")
        values["kind"] = fields["kind"]
    if "parent_id" in fields:
        values["parent_id"] = _check_parent(unit, fields["parent_id"])
    if "head_id" in fields:
        head_id = fields["head_id"]
        # Only a new head must be active: editing a unit whose head has left keeps the record as it is.
        if head_id is not None and head_id != getattr(unit, "head_id", None):
            head = db.session.get(Person, head_id)
            if head is None or not head.active:
                raise DomainError(_("The head must be an active person."), "head_id")
        values["head_id"] = head_id
    if "active" in fields:
        values["active"] = bool(fields["active"])
    if "sort_order" in fields:
        order = fields["sort_order"]
        if not isinstance(order, int) or not 0 <= order <= 100_000:
            raise DomainError(_("Use a whole number from 0 to 100000."), "sort_order")
        values["sort_order"] = order
    return values



def _check_parent(unit: Unit | None, parent_id: int | None) -> int | None:
    """The parent id if it keeps the units a tree. :raises DomainError: for a cycle."""
    if parent_id is None:
        return None
    parent = db.session.get(Unit, parent_id)
    if parent is None:
        raise DomainError(_("This unit does not exist."), "parent_id")
    seen: set[int] = set()
    ancestor: Unit | None = parent
    while ancestor is not None and ancestor.id not in seen:
        if unit is not None and ancestor.id == unit.id:
            raise DomainError(_("A unit cannot sit inside itself or inside one of its own sub-units."),
                              "parent_id")
        seen.add(ancestor.id)
        ancestor = ancestor.parent
    return parent_id



def _save_unit(actor: Person, unit: Unit, values: dict[str, Any], action: str) -> Unit:
    changes = changes_of(unit, values)
    if action == "unit.updated" and not changes:
        return unit
    if "head_id" in changes:
        require(actor, "roles.manage")  # heading a unit makes a director: a role change
    found = (db.session.get(Person, pid) for pid in changes.get("head_id", ()) if pid is not None)
    heads = [head for head in found if head is not None]
    roles_before = {p.id: sorted(p.roles) for p in heads}
    # A double-clicked "create" (or two admins at once) meets the unique code: the same
    # message as the check above, not a 500.
    with unique_or(DomainError(_("The code %(code)s is already used.", code=values.get("code", unit.code)),
                               "code")):
        apply_changes(unit, changes)
        db.session.add(unit)
    record(actor, action, unit, code=unit.code, changes=audit_view(changes))
    unit_changed.send(unit, changes=changes)
    for head in heads:
        db.session.expire(head, ["headed_units"])  # the loaded list predates the new head
        roles_after = sorted(head.roles)
        if roles_after != roles_before[head.id]:
            person_changed.send(head, changes={"roles": (roles_before[head.id], roles_after)})
    db.session.commit()
    return unit



def create_unit(actor: Person, **fields: Unpack[UnitFields]) -> Unit:
    """Create a unit; `code` and the name in the default language are required.

    :raises PermissionDenied: without "units.manage" (and "roles.manage" to set a head).
    :raises DomainError: for a taken code, a missing name, an unknown parent or head.
    """
    require(actor, "units.manage")
    fields = {"code": "", "names": {}, "kind": "directorate", "active": True, "sort_order": 0, **fields}
    return _save_unit(actor, Unit(), _unit_values(None, fields), "unit.created")



def update_unit(actor: Person, unit: Unit, **fields: Unpack[UnitFields]) -> Unit:
    """Change the given fields of a unit; nothing is written when nothing changed.

    :raises PermissionDenied: without "units.manage" (and "roles.manage" to change the head).
    :raises DomainError: for a taken code, a missing name, a parent cycle, an inactive head.
    """
    require(actor, "units.manage", unit)
    return _save_unit(actor, unit, _unit_values(unit, fields), "unit.updated")



def set_unit_head(actor: Person, unit: Unit, head: Person | None) -> Unit:
    """Make `head` the head (director) of `unit`, or leave it without one."""
    return update_unit(actor, unit, head_id=head.id if head is not None else None)
