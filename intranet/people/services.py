"""Reading and changing people, units and roles. Every privileged write is audited.

Each write service follows one order: check `can(actor, ...)`, validate every
value (before touching the object, so autoflush never writes half a change),
apply, write the audit entry, send `person_changed` / `unit_changed`, commit.
Receivers thus see the change inside the same transaction, and a refused change
leaves nothing behind. Refusals are `DomainError`s with a translated message
and the form field they belong to.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any, TypedDict, Unpack

from email_validator import EmailNotValidError, validate_email
from flask import current_app
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, or_
from sqlalchemy.orm import selectinload

from intranet.audit.services import record
from intranet.auth.session import end_all_sessions
from intranet.database import lock, unique_or
from intranet.domain import DomainError
from intranet.extensions import db
from intranet.i18n import enabled_languages
from intranet.notifications.services import notify
from intranet.people.models import ASSIGNABLE_ROLES, ROLE_LABELS, Person, RoleAssignment, Unit
from intranet.permissions import forget_acted_units, require
from intranet.signals import person_changed, person_provisioned, unit_changed

UNIT_KINDS = ("directorate", "cabinet", "office", "unit")
PERSON_STATUSES = ("active", "inactive", "all")
_CODE = re.compile(r"^[A-Za-z0-9._-]{1,32}$")

Changes = dict[str, tuple[Any, Any]]


class UnitFields(TypedDict, total=False):
    code: str
    #: language code -> name; languages not enabled keep what they had
    names: dict[str, str]
    kind: str
    parent_id: int | None
    head_id: int | None
    active: bool
    sort_order: int


class PersonFields(TypedDict, total=False):
    name: str
    email: str | None
    position: str
    phone: str
    unit_id: int | None
    language: str
    active: bool


# --- reading ---------------------------------------------------------------

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


def list_people(query: str = "", unit_id: int | None = None, status: str = "active",
                page: int = 1, per_page: int = 50):
    """People for administration: text search (name, email, position), unit, active/inactive/all."""
    stmt = db.select(Person).options(
        selectinload(Person.role_assignments), selectinload(Person.headed_units), selectinload(Person.unit)
    )
    stmt = stmt.order_by(Person.name, Person.id)
    text = (query or "").strip().lower()
    if text:
        pattern = f"%{text}%"
        stmt = stmt.where(or_(
            func.lower(Person.name).like(pattern), func.lower(Person.email).like(pattern),
            func.lower(Person.position).like(pattern),
        ))
    if unit_id:
        stmt = stmt.where(Person.unit_id == unit_id)
    if status == "active":
        stmt = stmt.where(Person.active.is_(True))
    elif status == "inactive":
        stmt = stmt.where(Person.active.is_(False))
    return db.paginate(stmt, page=page, per_page=per_page, error_out=False)


def extra_roles(people: Iterable[Person]) -> dict[int, list[str]]:
    """Each person's roles beyond employee (load them with `list_people`, which fetches roles in bulk)."""
    return {p.id: sorted(p.roles - {"employee"}) for p in people}


def head_candidates(unit: Unit | None) -> list[Person]:
    """Who can be chosen as head of `unit`: active people, and the current head even if they left."""
    current = unit.head_id if unit is not None else None
    return list(db.session.scalars(
        db.select(Person).where(or_(Person.active.is_(True), Person.id == current)).order_by(Person.name, Person.id)
    ))


def find_by_email(email: str) -> list[Person]:
    """Everyone whose email equals `email`, ignoring case (normally one person or none)."""
    return list(db.session.scalars(
        db.select(Person).where(func.lower(Person.email) == email.strip().lower()).order_by(Person.id)
    ))


def role_sources(person: Person) -> dict[str, set[str]]:
    """Each assigned role with where it comes from: {"hr": {"admin"}, "admin": {"sso"}}."""
    sources: dict[str, set[str]] = {}
    for assignment in person.role_assignments:
        sources.setdefault(assignment.role, set()).add(assignment.source)
    return sources


# --- validation (each raises DomainError naming the form field) ------------

def clean_text(value: str | None, field: str, max_length: int, required: bool = False) -> str:
    text = (value or "").strip()
    if required and not text:
        raise DomainError(_("This field is required."), field)
    if len(text) > max_length:
        raise DomainError(_("At most %(num)d characters.", num=max_length), field)
    return text


def normalise_email(value: str, field: str = "email") -> str:
    """The address in normal form. :raises DomainError: when it is malformed."""
    text = (value or "").strip()
    try:
        # No DNS lookups (intranets are often offline); tests may use the reserved ".test" domain.
        email = validate_email(text, check_deliverability=False, test_environment=current_app.testing).normalized
    except EmailNotValidError:
        raise DomainError(_("%(value)s is not a valid email address.", value=text), field) from None
    if len(email) > 254:
        raise DomainError(_("At most %(num)d characters.", num=254), field)
    return email


def clean_email(value: str | None, exclude: Person | None = None, field: str = "email") -> str | None:
    """A normalised email address, or None for an empty one.

    :raises DomainError: when it is malformed or another person already has it
        (email is the key of the staff import, so it must stay unique).
    """
    if not (value or "").strip():
        return None
    email = normalise_email(value or "", field)
    if any(p.id != getattr(exclude, "id", None) for p in find_by_email(email)):
        raise DomainError(_("Another person already has the email %(email)s.", email=email), field)
    return email


_PHONE = re.compile(r"^\+?[0-9 ()./-]{3,40}$")


def clean_phone(value: str | None, field: str = "phone") -> str:
    """A work phone number as typed (digits, spaces, + ( ) . / -), or empty."""
    text = clean_text(value, field, 50)
    if text and not _PHONE.match(text):
        raise DomainError(_("Write the phone number with digits, spaces and + ( ) - only."), field)
    return text


def update_own_profile(person: Person, *, phone: str | None, language: str | None) -> Person:
    """What everyone may change about themselves: work phone and language.

    Name, email, position and unit come from Entra ID or an admin, so they are not here.

    :raises DomainError: for a malformed phone number or a language not enabled.
    """
    values = {"phone": clean_phone(phone), "language": clean_language(language)}
    changes = _changes(person, values)
    if changes:
        _apply(person, changes)
        person_changed.send(person, changes=changes)
        db.session.commit()
    return person


def clean_language(value: str | None, field: str = "language") -> str:
    code = (value or "").strip().lower() or current_app.config["BABEL_DEFAULT_LOCALE"]
    if code not in enabled_languages():
        raise DomainError(_("Unknown language %(value)s; use one of: %(known)s.",
                            value=value, known=", ".join(enabled_languages())), field)
    return code


def clean_unit_id(unit_id: int | None, field: str = "unit_id") -> int | None:
    if unit_id is None:
        return None
    if db.session.get(Unit, unit_id) is None:
        raise DomainError(_("This unit does not exist."), field)
    return unit_id


def clean_role(role: str, field: str = "roles") -> str:
    role = (role or "").strip().lower()
    if role not in ASSIGNABLE_ROLES:
        raise DomainError(_("Unknown role %(value)s; use one of: %(known)s.",
                            value=role, known=", ".join(ASSIGNABLE_ROLES)), field)
    return role


def _changes(obj: Any, values: dict[str, Any]) -> Changes:
    return {key: (getattr(obj, key), new) for key, new in values.items() if getattr(obj, key) != new}


def _apply(obj: Any, changes: Changes) -> None:
    for key, (_old, new) in changes.items():
        setattr(obj, key, new)


def audit_view(changes: Changes) -> dict[str, list]:
    """Changes as the audit log keeps them: ids of units and people shown as codes and names."""
    def show(key: str, value: Any) -> Any:
        if value is None:
            return None
        if key in ("unit_id", "parent_id"):
            unit = db.session.get(Unit, value)
            return unit.code if unit else value
        if key == "head_id":
            person = db.session.get(Person, value)
            return person.name if person else value
        return value

    return {key.removesuffix("_id"): [show(key, old), show(key, new)] for key, (old, new) in changes.items()}


# --- units -----------------------------------------------------------------

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
    changes = _changes(unit, values)
    if action == "unit.updated" and not changes:
        return unit
    if "head_id" in changes:
        require(actor, "roles.manage")  # heading a unit makes a director: a role change
    heads = [db.session.get(Person, pid) for pid in changes.get("head_id", ()) if pid is not None]
    roles_before = {p.id: sorted(p.roles) for p in heads}
    # A double-clicked "create" (or two admins at once) meets the unique code: the same
    # message as the check above, not a 500.
    with unique_or(DomainError(_("The code %(code)s is already used.", code=values.get("code", unit.code)),
                               "code")):
        _apply(unit, changes)
        db.session.add(unit)
    record(actor, action, unit, code=unit.code, changes=audit_view(changes))
    unit_changed.send(unit, changes=changes)
    forget_acted_units()
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


# --- people ----------------------------------------------------------------

def person_values(person: Person | None, fields: PersonFields) -> dict[str, Any]:
    """Validated values for the given fields. :raises DomainError: at the first bad one."""
    values: dict[str, Any] = {}
    if "name" in fields:
        values["name"] = clean_text(fields["name"], "name", 200, required=True)
    if "email" in fields:
        values["email"] = clean_email(fields["email"], exclude=person)
    if "position" in fields:
        values["position"] = clean_text(fields["position"], "position", 200)
    if "phone" in fields:
        values["phone"] = clean_phone(fields["phone"])
    if "unit_id" in fields:
        values["unit_id"] = clean_unit_id(fields["unit_id"])
    if "language" in fields:
        values["language"] = clean_language(fields["language"])
    return values


def create_person(actor: Person, **fields: Unpack[PersonFields]) -> Person:
    """Create a person (they are linked to their Entra account at first sign-in).

    :raises PermissionDenied: without "people.manage".
    :raises DomainError: for a missing name, a malformed or taken email, an unknown unit or language.
    """
    require(actor, "people.manage")
    values = person_values(None, {"name": "", "language": "", **fields})
    values["active"] = bool(fields.get("active", True))
    person = Person()
    changes = _changes(person, values)
    _apply(person, changes)
    db.session.add(person)
    db.session.flush()
    record(actor, "person.created", person, name=person.name, changes=audit_view(changes))
    person_provisioned.send(person, source="admin")
    db.session.commit()
    return person


def update_person(actor: Person, person: Person, **fields: Unpack[PersonFields]) -> Person:
    """Change the given fields; a change of `active` is audited as deactivation or reactivation.

    :raises PermissionDenied: without "people.manage".
    :raises DomainError: as `create_person`, and as `check_can_deactivate` for `active=False`.
    """
    require(actor, "people.manage", person)
    active = fields.pop("active", None)
    changes = _changes(person, person_values(person, fields))
    details = audit_view(changes)
    if active is not None and bool(active) != person.active:
        if not active:
            check_can_deactivate(actor, person)
        changes["active"] = (person.active, bool(active))
    if not changes:
        return person
    _apply(person, changes)
    if details:
        record(actor, "person.updated", person, name=person.name, changes=details)
    if "active" in changes:
        if not person.active:
            end_all_sessions(person, "deactivated")
        record(actor, "person.reactivated" if person.active else "person.deactivated", person, name=person.name)
    person_changed.send(person, changes=changes)
    db.session.commit()
    return person


def check_can_deactivate(actor: Person | None, person: Person) -> None:
    """:raises DomainError: for oneself, or for the last active administrator."""
    if actor is not None and actor.id == person.id:
        raise DomainError(_("You cannot deactivate yourself."), "active")
    if "admin" in person.roles and not other_active_admins(person):
        raise DomainError(_("%(name)s is the last active administrator; give the admin role to someone "
                            "else first.", name=person.name), "active")


def other_active_admins(person: Person) -> list[int]:
    """Ids of the active admins other than `person`.

    Every admin's rows are locked (FOR UPDATE on PostgreSQL), `person`'s too, so
    two admins removing each other at the same moment queue up: the second sees
    the first one's change and is refused instead of leaving nobody in charge.
    """
    ids = db.session.scalars(
        db.select(RoleAssignment.person_id).join(Person, RoleAssignment.person_id == Person.id)
        .where(RoleAssignment.role == "admin", Person.active.is_(True))
        .with_for_update()
    )
    return sorted(set(ids) - {person.id})


def deactivate_person(actor: Person, person: Person) -> bool:
    """Deactivate `person` and end their sessions at their next request; False if already inactive.

    :raises PermissionDenied: without "people.manage".
    :raises DomainError: for oneself, or for the last active administrator.
    """
    require(actor, "people.manage", person)
    if not person.active:
        return False
    check_can_deactivate(actor, person)
    # Told while still active, so the notice goes by email: they can no longer sign in to read it.
    tell_about_account(person, _l("Your Ura account has been deactivated"), _l(
        "You can no longer sign in to Ura. If you think this is a mistake, contact the IT office."))
    try:
        update_person(actor, person, active=False)
    except Exception:
        db.session.rollback()  # no notice about a deactivation that did not happen
        raise
    return True


def reactivate_person(actor: Person, person: Person) -> bool:
    """Let `person` sign in again; False if they were active already.

    :raises PermissionDenied: without "people.manage".
    """
    require(actor, "people.manage", person)
    if person.active:
        return False
    update_person(actor, person, active=True)
    return True


# --- roles -----------------------------------------------------------------

def set_roles(actor: Person, person: Person, roles: Iterable[str]) -> tuple[list[str], list[str]]:
    """Make the admin-assigned roles of `person` exactly `roles`; returns (granted, revoked).

    Roles from Entra ID (source "sso") are left alone: the next sign-in refreshes them.
    "employee" is always held and cannot be given or taken: it is ignored in `roles`.

    :raises PermissionDenied: without "roles.manage".
    :raises DomainError: for an unknown role, or when it would leave no active administrator.
    """
    require(actor, "roles.manage", person)
    # Everyone is an employee: the role is never stored, so sending it (or leaving it out) changes nothing.
    wanted = {clean_role(role) for role in roles if (role or "").strip().lower() != "employee"}
    # Two saves at once (a double click) take turns on the person's row; the second then
    # reads the roles the first gave instead of inserting them again.
    lock(person)
    db.session.expire(person, ["role_assignments"])
    current = {a.role: a for a in person.role_assignments if a.source == "admin"}
    granted, revoked = sorted(wanted - set(current)), sorted(set(current) - wanted)
    if not granted and not revoked:
        return [], []
    sso_roles = {a.role for a in person.role_assignments if a.source != "admin"}
    if "admin" in revoked and "admin" not in sso_roles and person.active and not other_active_admins(person):
        raise DomainError(_("You are the last active administrator; give the admin role to someone else "
                            "before giving up yours.") if person.id == actor.id else
                          _("%(name)s is the last active administrator.", name=person.name), "roles")
    before = sorted(person.roles)
    for role in granted:
        person.role_assignments.append(RoleAssignment(role=role, source="admin"))
        record(actor, "role.granted", person, role=role, name=person.name)
    for role in revoked:
        person.role_assignments.remove(current[role])
        record(actor, "role.revoked", person, role=role, name=person.name)
    db.session.flush()
    forget_acted_units()
    after = sorted(person.roles)
    if after != before:
        person_changed.send(person, changes={"roles": (before, after)})
        tell_about_account(person, _l("Your roles in Ura have changed"), _l(
            "You now hold these roles: %(roles)s.", roles=[ROLE_LABELS.get(role, role) for role in after]))
    db.session.commit()
    return granted, revoked


def tell_about_account(person: Person, title, body) -> None:
    """Notify the person of a change to their account (by email unless they chose otherwise)."""
    notify(person, "intranet.account", title, body, url="/")


def grant_role(actor: Person, person: Person, role: str) -> bool:
    """Give `person` the role (source "admin"); False if an admin had already given it."""
    current = {a.role for a in person.role_assignments if a.source == "admin"}
    return bool(set_roles(actor, person, current | {clean_role(role)})[0])


def revoke_role(actor: Person, person: Person, role: str) -> bool:
    """Take back the admin-given role; False if it was not given. A role from Entra ID stays."""
    current = {a.role for a in person.role_assignments if a.source == "admin"}
    return bool(set_roles(actor, person, current - {clean_role(role)})[1])
