"""Reading and changing people: their details, and whether they may sign in."""

from __future__ import annotations

from typing import Any, TypedDict, Unpack

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, or_
from sqlalchemy.orm import selectinload

from intranet.audit.services import record
from intranet.auth.session import end_all_sessions
from intranet.domain import DomainError
from intranet.extensions import db
from intranet.notifications.services import notify
from intranet.people.models import Person, RoleAssignment, Unit
from intranet.people.validation import (
    apply_changes,
    audit_view,
    changes_of,
    clean_language,
    clean_phone,
    clean_text,
    clean_unit_id,
    normalise_email,
)
from intranet.permissions import require
from intranet.signals import person_changed, person_provisioned

PERSON_STATUSES = ("active", "inactive", "all")


class PersonFields(TypedDict, total=False):
    name: str
    email: str | None
    position: str
    phone: str
    unit_id: int | None
    language: str
    active: bool


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



def update_own_profile(person: Person, *, phone: str | None, language: str | None) -> Person:
    """What everyone may change about themselves: work phone and language.

    Name, email, position and unit come from Entra ID or an admin, so they are not here.

    :raises DomainError: for a malformed phone number or a language not enabled.
    """
    values = {"phone": clean_phone(phone), "language": clean_language(language)}
    changes = changes_of(person, values)
    if changes:
        apply_changes(person, changes)
        person_changed.send(person, changes=changes)
        db.session.commit()
    return person



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
    changes = changes_of(person, values)
    apply_changes(person, changes)
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
    changes = changes_of(person, person_values(person, fields))
    details = audit_view(changes)
    if active is not None and bool(active) != person.active:
        if not active:
            check_can_deactivate(actor, person)
        changes["active"] = (person.active, bool(active))
    if not changes:
        return person
    apply_changes(person, changes)
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



def tell_about_account(person: Person, title, body) -> None:
    """Notify the person of a change to their account (by email unless they chose otherwise)."""
    notify(person, "intranet.account", title, body, url="/")
