"""One row per privileged action, written by host and plugin services alike."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from intranet.extensions import Model
from intranet.people.models import Person, utcnow


class AuditEntry(Model):
    __tablename__ = "audit_entries"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    #: who acted; empty for the system (imports from the command line, the outbox worker)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"), index=True)
    #: dotted name: "person.deactivated", "role.granted", "bulletins.approved"
    action: Mapped[str] = mapped_column(String(64), index=True)
    target_type: Mapped[str] = mapped_column(String(32), default="")
    target_id: Mapped[str] = mapped_column(String(64), default="")
    #: structured detail (old and new values, counts); never secrets or survey answers
    details: Mapped[dict] = mapped_column(JSON, default=dict)

    actor: Mapped[Person | None] = relationship()
