"""How the audit log reads the host's own actions and targets (people and units).

Plugins describe theirs the same way, through the `audit_actions` and
`audit_targets` signals; the audit page knows nobody's words by name.
"""

from __future__ import annotations

from flask import g, has_request_context, url_for
from flask_babel import lazy_gettext as _l

from intranet.extensions import db
from intranet.people.models import Person, Unit
from intranet.permissions import can
from intranet.signals import AuditAction, audit_actions, audit_targets

#: every action the host records (grep `record(` under intranet/), as a verb phrase before the target
HOST_ACTIONS = (
    AuditAction("person.created", _l("added the person")),
    AuditAction("person.updated", _l("changed the details of")),
    AuditAction("person.deactivated", _l("deactivated the account of")),
    AuditAction("person.reactivated", _l("reactivated the account of")),
    AuditAction("person.provisioned", _l("created at first sign-in the account of")),
    AuditAction("person.linked", _l("linked to their Entra ID account the record of")),
    AuditAction("role.granted", _l("gave a role to")),
    AuditAction("role.revoked", _l("took a role from")),
    AuditAction("unit.created", _l("added the unit")),
    AuditAction("unit.updated", _l("changed the unit")),
    AuditAction("people.imported", _l("imported staff from a file")),
    AuditAction("settings.changed", _l("changed the settings")),
    AuditAction("outbox.retried", _l("sent again a failed message")),
)


def host_actions(_app) -> list[AuditAction]:
    return list(HOST_ACTIONS)


def _reader():
    return g.get("person") if has_request_context() else None


def host_targets(kind: str, ids: set[str]) -> dict[str, tuple[str, str]] | None:
    """Names of people and codes of units, linked to their admin page when the reader may open it."""
    if kind not in ("person", "unit"):
        return None
    numbers = {int(i) for i in ids if i.isdigit()}
    if not numbers:
        return {}
    found: dict[str, tuple[str, str]] = {}
    if kind == "person":
        may_open = can(_reader(), "people.manage")
        for person in db.session.scalars(db.select(Person).where(Person.id.in_(numbers))):
            url = url_for("admin.person_edit", person_id=person.id) if may_open else ""
            found[str(person.id)] = (person.name, url)
    else:
        may_open = can(_reader(), "units.manage")
        for unit in db.session.scalars(db.select(Unit).where(Unit.id.in_(numbers))):
            url = url_for("admin.unit_edit", unit_id=unit.id) if may_open else ""
            found[str(unit.id)] = (f"{unit.name} ({unit.code})", url)
    return found


def connect() -> None:
    """Connect the host's receivers (plain `connect`: the host's own always run)."""
    audit_actions.connect(host_actions)
    audit_targets.connect(host_targets)
