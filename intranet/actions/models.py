"""Action items and their comments (each status change is a comment too)."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext
from sqlalchemy import JSON, Date, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from intranet.domain import DomainError
from intranet.extensions import Model
from intranet.people.models import Person, utcnow
from intranet.texts import Translated


class ActionStatus(StrEnum):
    """Where an action item stands; the values are what the `status` column stores."""

    OPEN = "open"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    DROPPED = "dropped"

    @property
    def label(self) -> str:
        return str(STATUS_LABELS[self])

    @property
    def is_open(self) -> bool:
        """Still to do (open or in progress): it can be overdue, and it is listed first."""
        return self in OPEN_STATUSES


#: how statuses are named to people (lazy: each reader's language)
STATUS_LABELS = {
    ActionStatus.OPEN: lazy_pgettext("action item status", "Open"),
    ActionStatus.IN_PROGRESS: lazy_pgettext("action item status", "In progress"),
    ActionStatus.DONE: lazy_pgettext("action item status", "Done"),
    ActionStatus.DROPPED: lazy_pgettext("action item status", "Dropped"),
}

OPEN_STATUSES = frozenset({ActionStatus.OPEN, ActionStatus.IN_PROGRESS})

#: the moves allowed from each status; done and dropped items can only be reopened
TRANSITIONS: dict[ActionStatus, frozenset[ActionStatus]] = {
    ActionStatus.OPEN: frozenset({ActionStatus.IN_PROGRESS, ActionStatus.DONE, ActionStatus.DROPPED}),
    ActionStatus.IN_PROGRESS: frozenset({ActionStatus.OPEN, ActionStatus.DONE, ActionStatus.DROPPED}),
    ActionStatus.DONE: frozenset({ActionStatus.OPEN}),
    ActionStatus.DROPPED: frozenset({ActionStatus.OPEN}),
}


class ActionItem(Model):
    """Something one person has to do by a date, and where it came from."""

    __tablename__ = "action_items"
    __table_args__ = (Index("ix_action_items_owner_status", "owner_id", "status"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(300))
    owner_id: Mapped[int] = mapped_column(ForeignKey("people.id"))
    due_on: Mapped[date | None] = mapped_column(Date, index=True)
    #: an `ActionStatus` value
    status: Mapped[str] = mapped_column(String(16), default=ActionStatus.OPEN.value)
    #: the plugin that raised it ("meetings", "surveys", "plan")
    source_plugin: Mapped[str] = mapped_column(String(32))
    #: what in that plugin it came from, e.g. "minutes:12:item:3", "survey:4:followup"
    source_key: Mapped[str] = mapped_column(String(100), index=True)
    #: a local path to the source ("/meetings/12/minutes#item-3"), "" when it has no page
    source_url: Mapped[str] = mapped_column(String(500), default="")
    #: the title of the source per language
    source_label: Mapped[dict] = mapped_column(JSON, default=dict)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    #: the local day the owner was last reminded that it is overdue (once a day at most)
    reminded_on: Mapped[date | None] = mapped_column(Date)
    #: the local day the owner's director was told it is overdue (once)
    escalated_on: Mapped[date | None] = mapped_column(Date)

    owner: Mapped[Person] = relationship(foreign_keys=[owner_id])
    created_by: Mapped[Person | None] = relationship(foreign_keys=[created_by_id])
    comments: Mapped[list[ActionComment]] = relationship(
        back_populates="item", cascade="all, delete-orphan", order_by="ActionComment.id",
    )

    @property
    def state(self) -> ActionStatus:
        return ActionStatus(self.status)

    @property
    def source_title(self) -> str:
        """Where it came from, in the reader's language."""
        return Translated(self.source_label or {}).in_language()

    def is_overdue(self, today: date) -> bool:
        """Still to do and its due day has passed."""
        return self.state.is_open and self.due_on is not None and self.due_on < today

    def days_overdue(self, today: date) -> int:
        return (today - self.due_on).days if self.due_on is not None and self.is_overdue(today) else 0

    def allowed_moves(self) -> frozenset[ActionStatus]:
        return TRANSITIONS[self.state]

    # --- transitions: each refuses an illegal move -------------------------------------

    def _move(self, to: ActionStatus) -> None:
        if to not in TRANSITIONS[self.state]:
            raise DomainError(_l("An item that is “%(current)s” cannot become “%(wanted)s”.",
                                 current=self.state.label, wanted=to.label), field="status")
        self.status = to.value

    def start(self) -> None:
        """Work has begun: open → in progress."""
        self._move(ActionStatus.IN_PROGRESS)

    def complete(self) -> None:
        """Done: from open or in progress."""
        self._move(ActionStatus.DONE)

    def drop(self) -> None:
        """No longer to be done (the service asks for the reason): from open or in progress."""
        self._move(ActionStatus.DROPPED)

    def reopen(self) -> None:
        """Back to open: from in progress, done or dropped. Reminders start afresh."""
        self._move(ActionStatus.OPEN)
        self.reminded_on = None
        self.escalated_on = None

    def move_to(self, status: ActionStatus) -> None:
        """The transition method for `status`."""
        {
            ActionStatus.OPEN: self.reopen, ActionStatus.IN_PROGRESS: self.start,
            ActionStatus.DONE: self.complete, ActionStatus.DROPPED: self.drop,
        }[status]()

    def __repr__(self) -> str:
        return f"<ActionItem {self.id} {self.status}>"


class ActionComment(Model):
    """A comment on an item; a status change is recorded as one, with the move it made."""

    __tablename__ = "action_comments"

    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("action_items.id", ondelete="CASCADE"), index=True)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    text: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    #: the status before and after, when the comment came with a change of status
    status_from: Mapped[str | None] = mapped_column(String(16))
    status_to: Mapped[str | None] = mapped_column(String(16))

    item: Mapped[ActionItem] = relationship(back_populates="comments")
    author: Mapped[Person | None] = relationship()

    @property
    def moved_to(self) -> ActionStatus | None:
        return ActionStatus(self.status_to) if self.status_to else None
