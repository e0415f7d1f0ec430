"""Runtime settings an admin changes on the settings page (not deployment configuration)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from intranet.extensions import Model
from intranet.people.models import utcnow


class Setting(Model):
    """One runtime setting. Environment configuration stays the default when a key is absent."""

    __tablename__ = "settings"

    #: a key from `intranet.admin.services.SETTING_KEYS`, e.g. "org_name"
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    #: the value as JSON: a string, or a dict per language for texts people read
    value: Mapped[Any] = mapped_column(JSON)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    #: who changed it last (the audit log keeps the whole history)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))

    def __repr__(self) -> str:
        return f"<Setting {self.key}>"
