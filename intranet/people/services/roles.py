"""Who holds which role: "employee" always, the rest from Entra ID or given by an admin."""

from __future__ import annotations

from collections.abc import Iterable

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from intranet.audit.services import record
from intranet.database import lock
from intranet.domain import DomainError
from intranet.extensions import db
from intranet.people.models import ROLE_LABELS, Person, RoleAssignment
from intranet.people.services.people import other_active_admins, tell_about_account
from intranet.people.validation import clean_role
from intranet.permissions import require
from intranet.signals import person_changed


def role_sources(person: Person) -> dict[str, set[str]]:
    """Each assigned role with where it comes from: {"hr": {"admin"}, "admin": {"sso"}}."""
    sources: dict[str, set[str]] = {}
    for assignment in person.role_assignments:
        sources.setdefault(assignment.role, set()).add(assignment.source)
    return sources



def extra_roles(people: Iterable[Person]) -> dict[int, list[str]]:
    """Each person's roles beyond employee (load them with `list_people`, which fetches roles in bulk)."""
    return {p.id: sorted(p.roles - {"employee"}) for p in people}



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
    after = sorted(person.roles)
    if after != before:
        person_changed.send(person, changes={"roles": (before, after)})
        tell_about_account(person, _l("Your roles in Ura have changed"), _l(
            "You now hold these roles: %(roles)s.", roles=[ROLE_LABELS.get(role, role) for role in after]))
    db.session.commit()
    return granted, revoked



def grant_role(actor: Person, person: Person, role: str) -> bool:
    """Give `person` the role (source "admin"); False if an admin had already given it."""
    current = {a.role for a in person.role_assignments if a.source == "admin"}
    return bool(set_roles(actor, person, current | {clean_role(role)})[0])



def revoke_role(actor: Person, person: Person, role: str) -> bool:
    """Take back the admin-given role; False if it was not given. A role from Entra ID stays."""
    current = {a.role for a in person.role_assignments if a.source == "admin"}
    return bool(set_roles(actor, person, current - {clean_role(role)})[1])
