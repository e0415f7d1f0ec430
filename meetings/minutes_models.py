"""The minutes of a meeting: the draft, the chair's approval, amendments, members' comments, the stash.

Kept apart from `meetings.models` (which re-exports every name) so each module stays short.
"""

from __future__ import annotations

import enum
from datetime import datetime
from typing import TYPE_CHECKING

from flask_babel import lazy_gettext as _l
from sqlalchemy import JSON, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from intranet.domain import DomainError
from intranet.extensions import Model
from intranet.people.models import Person, utcnow

if TYPE_CHECKING:
    from meetings.models import Meeting


# --- minutes (the secretary's record of a meeting, approved by the chair) ---------------------


class MinutesStatus(enum.StrEnum):
    DRAFT = "draft"
    #: sent to the chair; the secretary waits (the chair approves or returns it)
    SUBMITTED = "submitted"
    #: read-only; later corrections are amendments
    APPROVED = "approved"


MINUTES_STATUS_LABELS = {
    MinutesStatus.DRAFT: _l("Draft"),
    MinutesStatus.SUBMITTED: _l("Waiting for the chair's approval"),
    MinutesStatus.APPROVED: _l("Approved"),
}


class Minutes(Model):
    """The minutes of one meeting: general notes and, per agenda item, discussion and decisions.

    `texts` maps an agenda item's id (as a string) to {"discussion": ..., "decisions": ...},
    Markdown both. Action items agreed at the meeting live in the host's register
    (`intranet.actions`), with source keys "series:<sid>:meeting:<mid>:item:<iid>".
    """

    __tablename__ = "meeting_minutes"

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id", ondelete="CASCADE"), unique=True)
    status: Mapped[str] = mapped_column(String(20), default=MinutesStatus.DRAFT, index=True)
    notes: Mapped[str] = mapped_column(Text, default="")
    texts: Mapped[dict] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    submitted_at: Mapped[datetime | None]
    approved_at: Mapped[datetime | None]
    approved_by_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    #: the chair's comment when they last returned the draft
    return_comment: Mapped[str] = mapped_column(Text, default="")
    #: lower-cased plain text of approved minutes, for the intranet's search
    search_text: Mapped[str] = mapped_column(Text, default="")
    #: where the approved minutes were announced to all staff (a general meeting's bulletin)
    published_url: Mapped[str] = mapped_column(String(300), default="")
    #: the members' comment round (series asking for one): when the draft went out, until when members
    #: comment (naive UTC, the end of a local day), and when `flask meetings tick` closed it
    comments_sent_at: Mapped[datetime | None]
    comments_until: Mapped[datetime | None]
    comments_closed_at: Mapped[datetime | None]

    meeting: Mapped[Meeting] = relationship()
    updated_by: Mapped[Person | None] = relationship(foreign_keys=[updated_by_id])
    approved_by: Mapped[Person | None] = relationship(foreign_keys=[approved_by_id])
    amendments: Mapped[list[MinutesAmendment]] = relationship(
        back_populates="minutes", order_by="MinutesAmendment.id", cascade="all, delete-orphan")
    comments: Mapped[list[MinutesComment]] = relationship(
        back_populates="minutes", order_by="MinutesComment.id", cascade="all, delete-orphan")

    @property
    def state(self) -> MinutesStatus:
        return MinutesStatus(self.status)

    def _move(self, allowed_from: MinutesStatus, to: MinutesStatus) -> None:
        if self.state is not allowed_from:
            raise DomainError(_l("These minutes are %(status)s; they cannot become %(new)s.",
                                 status=MINUTES_STATUS_LABELS[self.state], new=MINUTES_STATUS_LABELS[to]))
        self.status = to

    def submit(self) -> None:
        self._move(MinutesStatus.DRAFT, MinutesStatus.SUBMITTED)

    def approve(self) -> None:
        self._move(MinutesStatus.SUBMITTED, MinutesStatus.APPROVED)

    def return_to_draft(self, comment: str) -> None:
        self._move(MinutesStatus.SUBMITTED, MinutesStatus.DRAFT)
        self.return_comment = comment

    def require_draft(self) -> None:
        """Only a draft is written in; submitted minutes wait for the chair, approved ones are amended."""
        if self.state is not MinutesStatus.DRAFT:
            raise DomainError(_l("These minutes are %(status)s and can no longer be edited as a draft.",
                                 status=MINUTES_STATUS_LABELS[self.state]))

    def comments_open(self, now: datetime) -> bool:
        """Members may comment: the draft went out for comments, the deadline has not passed (nor has
        `flask meetings tick` closed the round)."""
        return self.comments_until is not None and self.comments_closed_at is None \
            and self.state is not MinutesStatus.APPROVED and now < self.comments_until

    def text_of(self, item_id: int, part: str) -> str:
        return (self.texts or {}).get(str(item_id), {}).get(part, "")


class MinutesAmendment(Model):
    """A correction to approved minutes: who, when, why, and each changed text before and after."""

    __tablename__ = "meeting_minutes_amendments"

    id: Mapped[int] = mapped_column(primary_key=True)
    minutes_id: Mapped[int] = mapped_column(ForeignKey("meeting_minutes.id", ondelete="CASCADE"), index=True)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    at: Mapped[datetime] = mapped_column(default=utcnow)
    reason: Mapped[str] = mapped_column(Text)
    #: [{"item": <agenda item title, "" for the general notes>, "part": "notes"|"discussion"|"decisions",
    #:   "before": ..., "after": ...}]
    changes: Mapped[list] = mapped_column(JSON, default=list)

    minutes: Mapped[Minutes] = relationship(back_populates="amendments")
    author: Mapped[Person | None] = relationship()


class MinutesStash(Model):
    """What a person typed into the minutes editor when their session had ended (see README, Minutes).

    One per person and meeting; shown in the editor after they sign in again, deleted once they save.
    """

    __tablename__ = "meeting_minutes_stashes"
    __table_args__ = (UniqueConstraint("meeting_id", "person_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id", ondelete="CASCADE"), index=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    #: the editor's fields by name, as posted
    values: Mapped[dict] = mapped_column(JSON, default=dict)
    stashed_at: Mapped[datetime] = mapped_column(default=utcnow)


class MinutesComment(Model):
    """A member's comment on draft minutes during the comment round: on one agenda item or overall.

    Read by the secretary and the chair (who sees them when approving) and by its author.
    """

    __tablename__ = "meeting_minutes_comments"

    id: Mapped[int] = mapped_column(primary_key=True)
    minutes_id: Mapped[int] = mapped_column(ForeignKey("meeting_minutes.id", ondelete="CASCADE"), index=True)
    person_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"), index=True)
    #: the agenda item commented on; None: the minutes as a whole
    item_id: Mapped[int | None] = mapped_column(ForeignKey("meeting_agenda_items.id", ondelete="SET NULL"))
    body: Mapped[str] = mapped_column(Text)
    at: Mapped[datetime] = mapped_column(default=utcnow)

    minutes: Mapped[Minutes] = relationship(back_populates="comments")
    person: Mapped[Person | None] = relationship()
