"""Bulletins: what a director or communications publishes to staff, and what readers do with it.

A `Bulletin` carries its texts per language, its audience (everyone, or chosen
units — with their sub-units — and roles, as `BulletinAudience` rows so the feed
can match them in SQL), its workflow status and dates. Earlier texts of an edited
published bulletin are kept as `BulletinVersion`s; every workflow decision is a
`BulletinEvent`. Openings (`BulletinRead`) and must-read acknowledgments are one
row per person and bulletin, enforced by unique constraints.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from flask_babel import gettext as _
from sqlalchemy import JSON, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from intranet.domain import DomainError
from intranet.extensions import Model
from intranet.people.models import Person, Unit, find_translation, utcnow
from intranet.texts import Translated

CATEGORIES = ("news", "announcement", "event", "achievement", "advice", "vacancy")


class BulletinStatus(StrEnum):
    """Where a bulletin is in its workflow (the values are what the `status` column stores).

    draft → submitted → (returned | scheduled | published); draft → scheduled | published
    when no approval is needed; scheduled → published at its time, or back to submitted
    when changed after approval; published → expired; anything → archived.
    """

    DRAFT = "draft"
    SUBMITTED = "submitted"
    RETURNED = "returned"
    SCHEDULED = "scheduled"
    PUBLISHED = "published"
    EXPIRED = "expired"
    ARCHIVED = "archived"


#: the statuses in which readers see the bulletin (published now, or no longer current)
SEEN_BY_READERS: tuple[str, ...] = (BulletinStatus.PUBLISHED, BulletinStatus.EXPIRED)
#: the statuses in which the author still writes it (nothing is decided yet)
BEING_WRITTEN: tuple[str, ...] = (BulletinStatus.DRAFT, BulletinStatus.RETURNED)


class Bulletin(Model):
    __tablename__ = "bulletins"
    __table_args__ = (
        Index("ix_bulletins_feed", "status", "pinned", "published_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"), index=True)
    #: the unit the bulletin comes from (the author's unit; the feed's unit filter)
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id", ondelete="SET NULL"), index=True)
    category: Mapped[str] = mapped_column(String(20), default="news")
    #: {"sq": ..., "sr": ..., "en": ...}; at least one language
    titles: Mapped[dict] = mapped_column(JSON, default=dict)
    #: Markdown per language, cleaned on save
    bodies: Mapped[dict] = mapped_column(JSON, default=dict)
    #: the language the author wrote first (shown with a note when the reader's is missing)
    original_language: Mapped[str] = mapped_column(String(8), default="sq")
    #: everyone active; otherwise the `audiences` rows decide
    audience_all: Mapped[bool] = mapped_column(default=False)
    status: Mapped[str] = mapped_column(String(20), default=BulletinStatus.DRAFT, index=True)
    #: when it goes (or went) live; None with status published means "at once"
    publish_at: Mapped[datetime | None]
    published_at: Mapped[datetime | None]
    expires_at: Mapped[datetime | None]
    #: set when a published bulletin is edited: readers see "updated"
    updated_at: Mapped[datetime | None]
    pinned: Mapped[bool] = mapped_column(default=False)
    must_read: Mapped[bool] = mapped_column(default=False)
    acknowledge_by: Mapped[datetime | None]
    comments_enabled: Mapped[bool] = mapped_column(default=True)
    #: titles and bodies of every language, lowercased: what the feed's search matches
    search_text: Mapped[str] = mapped_column(Text, default="")
    #: counts the changes communications must see: an approval names the revision it approves
    revision: Mapped[int] = mapped_column(default=0)
    #: an edit of a published bulletin that waits for approval (the `save` values); readers
    #: keep seeing the published text until communications approves it
    pending_changes: Mapped[dict | None] = mapped_column(JSON)
    #: None, "submitted" (changes wait for approval) or "returned" (sent back with a comment)
    pending_status: Mapped[str | None] = mapped_column(String(20))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    author: Mapped[Person | None] = relationship(foreign_keys=[author_id])
    unit: Mapped[Unit | None] = relationship(foreign_keys=[unit_id])
    audiences: Mapped[list[BulletinAudience]] = relationship(
        back_populates="bulletin", cascade="all, delete-orphan", order_by="BulletinAudience.id"
    )
    attachments: Mapped[list[Attachment]] = relationship(
        back_populates="bulletin", cascade="all, delete-orphan", order_by="Attachment.id"
    )

    # --- workflow: each move checks where the bulletin is; the services decide who may make it

    def _move(self, allowed: tuple[str, ...], to: BulletinStatus) -> None:
        if self.status not in allowed:
            raise DomainError(_("This step is not possible for the bulletin as it is now: "
                                "open it again to see where it stands."))
        self.status = to

    def submit(self) -> None:
        """The author sends a draft (or a returned bulletin) to communications."""
        if self.status not in BEING_WRITTEN:
            raise DomainError(_("Only a draft or a returned bulletin can be submitted."))
        self.status = BulletinStatus.SUBMITTED

    def approve(self, now: datetime) -> BulletinStatus:
        """Communications approves: it is scheduled for its publishing time, or is to go live now
        (the caller then publishes it). Returns the next step."""
        if self.status != BulletinStatus.SUBMITTED:
            raise DomainError(_("This bulletin is not waiting for approval."))
        return self.go_live_step(now)

    def go_live_step(self, now: datetime) -> BulletinStatus:
        """Scheduled (status set) when its publishing time is still to come, else PUBLISHED
        (left to `publish`, which also stamps the time)."""
        if self.publish_at and self.publish_at > now:
            self._move((*BEING_WRITTEN, BulletinStatus.SUBMITTED), BulletinStatus.SCHEDULED)
            return BulletinStatus.SCHEDULED
        return BulletinStatus.PUBLISHED

    def return_to_author(self) -> None:
        """Communications sends a submitted bulletin back to its author."""
        if self.status != BulletinStatus.SUBMITTED:
            raise DomainError(_("This bulletin is not waiting for approval."))
        self.status = BulletinStatus.RETURNED

    def reopen_for_approval(self) -> None:
        """A scheduled bulletin changed after approval waits for approval again."""
        self._move((BulletinStatus.SCHEDULED,), BulletinStatus.SUBMITTED)

    def publish(self, now: datetime) -> None:
        """The bulletin goes live now."""
        self._move((*BEING_WRITTEN, BulletinStatus.SUBMITTED, BulletinStatus.SCHEDULED), BulletinStatus.PUBLISHED)
        self.published_at = now

    def expire(self) -> None:
        self._move((BulletinStatus.PUBLISHED,), BulletinStatus.EXPIRED)

    def withdraw(self) -> None:
        """Out of the feed for good (archived; nothing is deleted)."""
        if self.status == BulletinStatus.ARCHIVED:
            raise DomainError(_("This bulletin is already archived."))
        self.status = BulletinStatus.ARCHIVED
        self.pinned = False

    @property
    def subject(self) -> str:
        """What notifications about this bulletin to its readers and author are about."""
        return f"bulletin:{self.id}"

    @property
    def review_subject(self) -> str:
        """What the officers' "waits for your approval" notices are about (cleared on the decision,
        while the author's own notices about the bulletin stay)."""
        return f"bulletin-review:{self.id}"

    @property
    def seen_by_readers(self) -> bool:
        return self.status in SEEN_BY_READERS

    @property
    def translated_titles(self):
        """The titles as a `Translated` (for notifications: each reader gets their language)."""
        return Translated(self.titles or {})

    def text_in(self, language: str) -> tuple[str, str, str]:
        """(title, body, language shown): the reader's language, else the original, else any."""
        if self.titles.get(language):
            return self.titles[language], self.bodies.get(language, ""), language
        if self.titles.get(self.original_language):
            lang = self.original_language
            return self.titles[lang], self.bodies.get(lang, ""), lang
        title, lang = find_translation(self.titles, language)
        return title, self.bodies.get(lang, ""), lang

    @property
    def shown_attachments(self) -> list[Attachment]:
        """The attachments readers get: a file added since approval waits for the next approval."""
        return [a for a in self.attachments if a.pending != "add"]

    @property
    def audience_unit_ids(self) -> list[int]:
        return [a.unit_id for a in self.audiences if a.unit_id is not None]

    @property
    def audience_role_names(self) -> list[str]:
        return [a.role for a in self.audiences if a.role]

    def __repr__(self) -> str:
        return f"<Bulletin {self.id} {self.status}>"


class BulletinAudience(Model):
    """One unit (with its sub-units) or one role the bulletin is for."""

    __tablename__ = "bulletin_audiences"

    id: Mapped[int] = mapped_column(primary_key=True)
    bulletin_id: Mapped[int] = mapped_column(ForeignKey("bulletins.id", ondelete="CASCADE"), index=True)
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id", ondelete="CASCADE"), index=True)
    role: Mapped[str | None] = mapped_column(String(32), index=True)

    bulletin: Mapped[Bulletin] = relationship(back_populates="audiences")
    unit: Mapped[Unit | None] = relationship()


class BulletinVersion(Model):
    """The texts of a published bulletin as they were before an edit."""

    __tablename__ = "bulletin_versions"
    __table_args__ = (UniqueConstraint("bulletin_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    bulletin_id: Mapped[int] = mapped_column(ForeignKey("bulletins.id", ondelete="CASCADE"), index=True)
    number: Mapped[int]
    titles: Mapped[dict] = mapped_column(JSON, default=dict)
    bodies: Mapped[dict] = mapped_column(JSON, default=dict)
    saved_at: Mapped[datetime] = mapped_column(default=utcnow)
    saved_by_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))

    saved_by: Mapped[Person | None] = relationship()


class BulletinEvent(Model):
    """A step in the bulletin's history: submitted, approved, returned (with the comment), published, ..."""

    __tablename__ = "bulletin_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    bulletin_id: Mapped[int] = mapped_column(ForeignKey("bulletins.id", ondelete="CASCADE"), index=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    action: Mapped[str] = mapped_column(String(32))
    comment: Mapped[str] = mapped_column(Text, default="")
    at: Mapped[datetime] = mapped_column(default=utcnow)

    actor: Mapped[Person | None] = relationship()


class BulletinRead(Model):
    """A person opened the bulletin (once; the first time counts)."""

    __tablename__ = "bulletin_reads"
    __table_args__ = (
        UniqueConstraint("bulletin_id", "person_id"),
        Index("ix_bulletin_reads_person", "person_id", "bulletin_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    bulletin_id: Mapped[int] = mapped_column(ForeignKey("bulletins.id", ondelete="CASCADE"))
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    opened_at: Mapped[datetime] = mapped_column(default=utcnow)


class Acknowledgment(Model):
    """A person confirmed a must-read, with the language version they read."""

    __tablename__ = "bulletin_acknowledgments"
    __table_args__ = (UniqueConstraint("bulletin_id", "person_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    bulletin_id: Mapped[int] = mapped_column(ForeignKey("bulletins.id", ondelete="CASCADE"), index=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    language: Mapped[str] = mapped_column(String(8))
    acknowledged_at: Mapped[datetime] = mapped_column(default=utcnow)

    person: Mapped[Person] = relationship()


class ReminderSent(Model):
    """A must-read reminder step already sent (so `flask bulletins tick` sends each step once)."""

    __tablename__ = "bulletin_reminders"
    __table_args__ = (UniqueConstraint("bulletin_id", "step"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    bulletin_id: Mapped[int] = mapped_column(ForeignKey("bulletins.id", ondelete="CASCADE"), index=True)
    #: "published", "before-due", "due", "overdue-1", "overdue-2", ...
    step: Mapped[str] = mapped_column(String(32))
    sent_at: Mapped[datetime] = mapped_column(default=utcnow)
    recipients: Mapped[int] = mapped_column(default=0)


class Attachment(Model):
    """A checked file stored under the upload path with a random name."""

    __tablename__ = "bulletin_attachments"

    id: Mapped[int] = mapped_column(primary_key=True)
    bulletin_id: Mapped[int] = mapped_column(ForeignKey("bulletins.id", ondelete="CASCADE"), index=True)
    filename: Mapped[str] = mapped_column(String(255))
    stored_name: Mapped[str] = mapped_column(String(64), unique=True)
    content_type: Mapped[str] = mapped_column(String(120))
    size: Mapped[int] = mapped_column(default=0)
    uploaded_at: Mapped[datetime] = mapped_column(default=utcnow)
    #: "" (approved), "add" or "remove": a change to a published bulletin waiting for approval
    pending: Mapped[str] = mapped_column(String(8), default="")

    bulletin: Mapped[Bulletin] = relationship(back_populates="attachments")


class Comment(Model):
    """A comment or question under a bulletin; hidden (never deleted) by its author or communications."""

    __tablename__ = "bulletin_comments"

    id: Mapped[int] = mapped_column(primary_key=True)
    bulletin_id: Mapped[int] = mapped_column(ForeignKey("bulletins.id", ondelete="CASCADE"), index=True)
    person_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    hidden_at: Mapped[datetime | None]
    hidden_by_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    hidden_reason: Mapped[str] = mapped_column(Text, default="")

    person: Mapped[Person | None] = relationship(foreign_keys=[person_id])


class FeedToken(Model):
    """A person's personal Atom feed token (only its SHA-256 is stored); revoking deletes it."""

    __tablename__ = "bulletin_feed_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), unique=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    person: Mapped[Person] = relationship()


class DigestSent(Model):
    """A weekly digest sent to a person (so a second `flask bulletins digest` in the same week sends nothing)."""

    __tablename__ = "bulletin_digests_sent"
    __table_args__ = (UniqueConstraint("person_id", "week"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    #: the ISO week, e.g. "2026-W10"
    week: Mapped[str] = mapped_column(String(8))
    sent_at: Mapped[datetime] = mapped_column(default=utcnow)
