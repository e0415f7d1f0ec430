"""A stored file's bytes, in the database (the file store on PostgreSQL)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import LargeBinary, String, UniqueConstraint
from sqlalchemy.orm import Mapped, deferred, mapped_column

from intranet.extensions import db
from intranet.people.models import utcnow


class StoredFile(db.Model):
    """One uploaded file: its area (the plugin, e.g. "bulletins"), its random name and its bytes."""

    __tablename__ = "stored_files"
    __table_args__ = (UniqueConstraint("area", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    area: Mapped[str] = mapped_column(String(32))
    name: Mapped[str] = mapped_column(String(64))
    size: Mapped[int] = mapped_column(default=0)
    #: loaded only when asked for: listing files never reads their bytes
    data: Mapped[bytes] = deferred(mapped_column(LargeBinary))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
