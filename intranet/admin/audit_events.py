"""The audit log's titles and links of the host's own targets: people and units.

Plugins answer the same `audit_targets` signal for theirs; the audit page knows
nobody's pages by name. (The labels of actions are in `intranet.audit.actions`.)
"""

from __future__ import annotations

from flask import g, has_request_context, url_for

from intranet.actions.models import ActionItem
from intranet.extensions import db
from intranet.people.models import Person, Unit
from intranet.permissions import can
from intranet.signals import audit_targets


def _reader():
    return g.get("person") if has_request_context() else None


def host_targets(kind: str, ids: set[str]) -> dict[str, tuple[str, str]] | None:
    """Names of people and codes of units, linked to their admin page when the reader may open it;
    titles of action items, linked to the item when the reader may open it."""
    if kind not in ("person", "unit", "actionitem"):
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
    elif kind == "actionitem":
        reader = _reader()
        for item in db.session.scalars(db.select(ActionItem).where(ActionItem.id.in_(numbers))):
            url = url_for("actions.item", item_id=item.id) if can(reader, "actions.read", item) else ""
            found[str(item.id)] = (item.title, url)
    else:
        may_open = can(_reader(), "units.manage")
        for unit in db.session.scalars(db.select(Unit).where(Unit.id.in_(numbers))):
            url = url_for("admin.unit_edit", unit_id=unit.id) if may_open else ""
            found[str(unit.id)] = (f"{unit.name} ({unit.code})", url)
    return found


def connect() -> None:
    """Connect the host's receiver (plain `connect`: the host's own receivers always run)."""
    audit_targets.connect(host_targets)
