"""Handbooks: the editable draft (chapters and sections), published versions, acknowledgments.

The draft is what communications edits; readers only ever see a published
`Version`, a frozen snapshot of the draft with its numbering ("4.2"). People
acknowledge a version, in the language they read it in.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import JSON, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from intranet.extensions import Model
from intranet.people.models import Person, pick_translation, utcnow
from intranet.texts import Translated


class ChangeKind(StrEnum):
    """What a new version asks of readers."""

    #: everyone acknowledges again
    MATERIAL = "material"
    #: acknowledgments of earlier versions carry over
    EDITORIAL = "editorial"


class Handbook(Model):
    """A handbook staff must read and acknowledge (the email guidelines, later others)."""

    __tablename__ = "handbooks"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: stable name in URLs, e.g. "email-guidelines"
    slug: Mapped[str] = mapped_column(String(64), unique=True)
    #: the title per language: {"sq": ..., "sr": ..., "en": ...}
    titles: Mapped[dict] = mapped_column(JSON, default=dict)
    #: whether everyone acknowledges again a year after their last acknowledgment
    yearly_reacknowledgment: Mapped[bool] = mapped_column(default=False)
    #: days a person has to acknowledge, from joining or from a material version
    due_days: Mapped[int] = mapped_column(default=14)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    chapters: Mapped[list[Chapter]] = relationship(
        back_populates="handbook", order_by="Chapter.position", cascade="all, delete-orphan"
    )
    versions: Mapped[list[Version]] = relationship(
        back_populates="handbook", order_by="Version.number", cascade="all, delete-orphan"
    )

    @property
    def title(self) -> str:
        return pick_translation(self.titles, fallback=self.slug)

    def __repr__(self) -> str:
        return f"<Handbook {self.slug}>"


class Chapter(Model):
    """A chapter of a handbook's draft."""

    __tablename__ = "handbook_chapters"
    __table_args__ = (UniqueConstraint("handbook_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    handbook_id: Mapped[int] = mapped_column(ForeignKey("handbooks.id", ondelete="CASCADE"), index=True)
    #: stable key, e.g. "recipients"
    key: Mapped[str] = mapped_column(String(64))
    #: order in the handbook (1, 2, ...); the chapter's number follows it
    position: Mapped[int] = mapped_column(default=0)
    #: the title per language
    titles: Mapped[dict] = mapped_column(JSON, default=dict)
    #: the introduction per language (Markdown)
    intros: Mapped[dict] = mapped_column(JSON, default=dict)

    handbook: Mapped[Handbook] = relationship(back_populates="chapters")
    sections: Mapped[list[Section]] = relationship(
        back_populates="chapter", order_by="Section.position", cascade="all, delete-orphan"
    )

    @property
    def title(self) -> str:
        return pick_translation(self.titles, fallback=self.key)


class Section(Model):
    """A section of a chapter in the draft; its key is the anchor of stable links."""

    __tablename__ = "handbook_sections"
    __table_args__ = (UniqueConstraint("handbook_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    #: repeated from the chapter so the key is unique within the whole handbook
    handbook_id: Mapped[int] = mapped_column(ForeignKey("handbooks.id", ondelete="CASCADE"), index=True)
    chapter_id: Mapped[int] = mapped_column(ForeignKey("handbook_chapters.id", ondelete="CASCADE"), index=True)
    #: stable key, e.g. "bcc-many-recipients"; never changes once published
    key: Mapped[str] = mapped_column(String(64))
    #: order within the chapter
    position: Mapped[int] = mapped_column(default=0)
    #: the title per language
    titles: Mapped[dict] = mapped_column(JSON, default=dict)
    #: the body per language (Markdown, rendered and sanitised for display)
    bodies: Mapped[dict] = mapped_column(JSON, default=dict)

    chapter: Mapped[Chapter] = relationship(back_populates="sections")

    @property
    def title(self) -> str:
        return pick_translation(self.titles, fallback=self.key)


class Version(Model):
    """A published, frozen snapshot of a handbook's draft."""

    __tablename__ = "handbook_versions"
    __table_args__ = (UniqueConstraint("handbook_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    handbook_id: Mapped[int] = mapped_column(ForeignKey("handbooks.id", ondelete="CASCADE"), index=True)
    #: 1, 2, ... per handbook
    number: Mapped[int]
    #: {"chapters": [{"key", "number", "titles", "intros",
    #:   "sections": [{"key", "number", "titles", "bodies"}]}]}
    content: Mapped[dict] = mapped_column(JSON, default=dict)
    #: SHA-256 of the content: the same hash means nothing changed
    content_hash: Mapped[str] = mapped_column(String(64))
    #: material: everyone acknowledges again; editorial: acknowledgments carry over
    material: Mapped[bool] = mapped_column(default=True)
    #: what changed, per language ({"sq": ..., "sr": ...}): readers see their own language's
    change_notes: Mapped[dict] = mapped_column(JSON, default=dict)
    published_at: Mapped[datetime] = mapped_column(default=utcnow)
    published_by_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))

    handbook: Mapped[Handbook] = relationship(back_populates="versions")
    published_by: Mapped[Person | None] = relationship()

    @property
    def kind(self) -> ChangeKind:
        return ChangeKind.MATERIAL if self.material else ChangeKind.EDITORIAL

    @property
    def notes(self) -> Translated:
        """The change note per language."""
        return Translated(self.change_notes or {})

    @property
    def change_note(self) -> str:
        """The change note in the reader's language (another one when it has none)."""
        return self.notes.in_language()


class Acknowledgment(Model):
    """A person's "I have read and understood version N", with the language they read."""

    __tablename__ = "handbook_acknowledgments"
    __table_args__ = (UniqueConstraint("person_id", "version_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    handbook_id: Mapped[int] = mapped_column(ForeignKey("handbooks.id", ondelete="CASCADE"), index=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("handbook_versions.id", ondelete="CASCADE"), index=True)
    #: the language the person read (sq, sr, en)
    language: Mapped[str] = mapped_column(String(8))
    acknowledged_at: Mapped[datetime] = mapped_column(default=utcnow)

    person: Mapped[Person] = relationship()
    version: Mapped[Version] = relationship()


class SignatureProfile(Model):
    """A person's position as their email signature states it, in one language.

    The profile's `Person.position` is one text in one language; a signature in
    Serbian needs the position in Serbian. Kept by the handbook, which builds the
    signatures; a language without a row falls back to `Person.position`.
    """

    __tablename__ = "handbook_signature_profiles"
    __table_args__ = (UniqueConstraint("person_id", "language"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    #: the language code of the signature
    language: Mapped[str] = mapped_column(String(8))
    position: Mapped[str] = mapped_column(String(200), default="")
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
