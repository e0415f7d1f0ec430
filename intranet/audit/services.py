"""Writing and reading the audit log."""

from __future__ import annotations

from datetime import datetime

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


def search_entries(
    *, action: str = "", actor_id: int | None = None, since: datetime | None = None,
    until: datetime | None = None, page: int = 1, per_page: int = 50,
):
    """Entries newest first, filtered by action prefix, actor and period."""
    query = db.select(AuditEntry).order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
    if action:
        query = query.where(AuditEntry.action.startswith(action))
    if actor_id:
        query = query.where(AuditEntry.actor_id == actor_id)
    if since:
        query = query.where(AuditEntry.at >= since)
    if until:
        query = query.where(AuditEntry.at < until)
    return db.paginate(query, page=page, per_page=per_page, error_out=False)
