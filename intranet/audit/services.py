"""Writing and reading the audit log."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import joinedload

from intranet.audit.models import AuditEntry
from intranet.extensions import db
from intranet.people.models import Person


def record(actor: Person | None, action: str, target=None, **details) -> AuditEntry:
    """Add an audit entry to the current transaction; it commits with the change it records."""
    entry = AuditEntry(
        actor_id=actor.id if actor is not None else None,
        action=action,
        target_type=type(target).__name__.lower() if target is not None else "",
        target_id=str(getattr(target, "id", "") or "") if target is not None else "",
        details=details,
    )
    db.session.add(entry)
    return entry


#: the `actor_id` filter value that means "done by the system" (no person acted)
SYSTEM = 0


def search_entries(
    *, action: str = "", kind: str = "", actor_id: int | None = None, since: datetime | None = None,
    until: datetime | None = None, page: int = 1, per_page: int = 50,
):
    """Entries newest first (actors loaded with them), filtered by action and period and actor.

    `action` keeps the entries whose key starts with it ("role." for every role change),
    `kind` the entries of exactly that action key; `actor_id` SYSTEM keeps what nobody
    did by hand (sign-in provisioning, command-line imports).
    """
    query = (db.select(AuditEntry).options(joinedload(AuditEntry.actor))
             .order_by(AuditEntry.at.desc(), AuditEntry.id.desc()))
    if action:
        query = query.where(AuditEntry.action.startswith(action))
    if kind:
        query = query.where(AuditEntry.action == kind)
    if actor_id == SYSTEM:
        query = query.where(AuditEntry.actor_id.is_(None))
    elif actor_id:
        query = query.where(AuditEntry.actor_id == actor_id)
    if since:
        query = query.where(AuditEntry.at >= since)
    if until:
        query = query.where(AuditEntry.at < until)
    return db.paginate(query, page=page, per_page=per_page, error_out=False)
