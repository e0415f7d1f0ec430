"""In-app notifications, each person's delivery choices, and the outbox."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from intranet.extensions import Model
from intranet.notifications.messages import render
from intranet.people.models import Person, utcnow

DELIVERIES = ("inapp", "email", "digest")


class Notification(Model):
    """Something for one person to see in the app (and perhaps by email)."""

    __tablename__ = "notifications"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    #: the kind key, e.g. "bulletins.published"; people route kinds to a delivery
    kind: Mapped[str] = mapped_column(String(64))
    #: what it is about ("bulletin:12"): acting on that thing clears it (`services.clear`)
    subject: Mapped[str] = mapped_column(String(100), default="", index=True)
    #: title and body as message ids and parameters, rendered in the reader's language
    #: when shown (see `notifications.messages`)
    message: Mapped[dict] = mapped_column(JSON, default=dict)
    #: the title and body as first written, in the person's language then: for search
    #: and for notifications written before messages were kept
    title: Mapped[str] = mapped_column(String(300))
    body: Mapped[str] = mapped_column(Text, default="")
    #: a local path to open, e.g. "/bulletins/12"
    url: Mapped[str] = mapped_column(String(500), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    read_at: Mapped[datetime | None]
    #: the delivery chosen when it was made: inapp, email or digest
    delivery: Mapped[str] = mapped_column(String(8), default="inapp")
    #: when a daily digest carried it (digest delivery only)
    digested_at: Mapped[datetime | None]

    person: Mapped[Person] = relationship()

    @property
    def shown_title(self) -> str:
        """The title in the current language."""
        return str(render(self.message["title"]))[:300] if "title" in (self.message or {}) else self.title

    @property
    def shown_body(self) -> str:
        """The body in the current language."""
        return str(render(self.message["body"])) if "body" in (self.message or {}) else self.body


class NotificationPreference(Model):
    """A person's delivery choice for one kind of notification."""

    __tablename__ = "notification_preferences"
    __table_args__ = (UniqueConstraint("person_id", "kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(64))
    delivery: Mapped[str] = mapped_column(String(8), default="inapp")


class OutboxMessage(Model):
    """An email or Teams message waiting to be sent by `flask outbox run`.

    Written in the same transaction as what caused it, so a rollback leaves no
    message. A failed send stays pending with `attempts` counted and
    `next_attempt_at` pushed back, until `OUTBOX_MAX_ATTEMPTS` tries or a permanent
    refusal make it "failed"; it is kept, shown to admins, and can be retried.
    """

    __tablename__ = "outbox_messages"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: "email" or "teams"
    channel: Mapped[str] = mapped_column(String(8))
    #: an email address; empty for Teams (the configured webhook)
    recipient: Mapped[str] = mapped_column(String(254), default="")
    subject: Mapped[str] = mapped_column(String(300), default="")
    body_text: Mapped[str] = mapped_column(Text, default="")
    body_html: Mapped[str] = mapped_column(Text, default="")
    #: channel-specific payload (the Teams card)
    payload: Mapped[dict] = mapped_column(JSON, default=dict)
    #: pending, sending (claimed by a worker), sent, failed (given up; an admin may retry)
    status: Mapped[str] = mapped_column(String(8), default="pending", index=True)
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    last_error: Mapped[str] = mapped_column(Text, default="")
    claimed_by: Mapped[str] = mapped_column(String(64), default="")
    claimed_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    sent_at: Mapped[datetime | None]
