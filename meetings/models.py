"""Meetings: series that recur, the meetings of a series, their agendas, attendance and staff questions.

A `MeetingSeries` says who chairs, who takes the minutes, who belongs (all staff, a
unit with or without its sub-units, roles, chosen people) and how it recurs. Its
`Meeting`s are generated from the recurrence (one per `scheduled_for` day, so
generating twice adds nothing). An `AgendaItem` is a proposal until the chair
decides; an item with no meeting is in the series' parking lot.

Staff questions (`StaffQuestion`) keep no link to an anonymous author: a random id, the
day only, and the author of a named question in a separate table
(`StaffQuestionAuthor`), so the question table has no author column at all.
"""

from __future__ import annotations

import enum
import uuid
from datetime import date, datetime, time

from flask_babel import lazy_gettext as _l
from sqlalchemy import JSON, Date, ForeignKey, String, Text, Time, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from intranet.domain import DomainError
from intranet.extensions import Model
from intranet.people.models import Person, Unit, utcnow
from intranet.texts import Translated


class SeriesKind(enum.StrEnum):
    """What kind of meeting a series holds (general meetings take staff questions)."""

    GENERAL = "general"
    DIRECTORS = "directors"
    SECTOR = "sector"
    ENTERPRISES = "enterprises"
    ASSEMBLY = "assembly"
    CONFERENCE = "conference"
    OTHER = "other"


class Recurrence(enum.StrEnum):
    WEEKLY = "weekly"
    MONTHLY = "monthly"
    TWICE_A_YEAR = "twice_a_year"
    YEARLY = "yearly"
    SESSION_DATES = "session_dates"


class MeetingStatus(enum.StrEnum):
    SCHEDULED = "scheduled"
    HELD = "held"
    CANCELLED = "cancelled"


class ItemStatus(enum.StrEnum):
    #: proposed by a member, waiting for the chair
    PROPOSED = "proposed"
    #: on the agenda
    ACCEPTED = "accepted"
    DECLINED = "declined"
    #: in the series' parking lot (no meeting)
    PARKED = "parked"
    #: discussed at a held meeting
    REACHED = "reached"
    #: not reached at a held meeting; a copy went to the next meeting
    CARRIED = "carried"


class Attendance(enum.StrEnum):
    PRESENT = "present"
    EXCUSED = "excused"
    ABSENT = "absent"


class QuestionStatus(enum.StrEnum):
    OPEN = "open"
    HIDDEN = "hidden"
    MERGED = "merged"
    ANSWERED = "answered"


SERIES_KIND_LABELS = {
    SeriesKind.GENERAL: _l("General staff meeting"),
    SeriesKind.DIRECTORS: _l("Mayor and directors"),
    SeriesKind.SECTOR: _l("Sector meeting"),
    SeriesKind.ENTERPRISES: _l("Public enterprises"),
    SeriesKind.ASSEMBLY: _l("Assembly coordination"),
    SeriesKind.CONFERENCE: _l("Conference"),
    SeriesKind.OTHER: _l("Other"),
}
RECURRENCE_LABELS = {
    Recurrence.WEEKLY: _l("Weekly"),
    Recurrence.MONTHLY: _l("Monthly"),
    Recurrence.TWICE_A_YEAR: _l("Twice a year"),
    Recurrence.YEARLY: _l("Once a year"),
    Recurrence.SESSION_DATES: _l("Before each assembly session (dates entered)"),
}
MEETING_STATUS_LABELS = {
    MeetingStatus.SCHEDULED: _l("Scheduled"),
    MeetingStatus.HELD: _l("Held"),
    MeetingStatus.CANCELLED: _l("Cancelled"),
}
ITEM_STATUS_LABELS = {
    ItemStatus.PROPOSED: _l("Proposed"),
    ItemStatus.ACCEPTED: _l("On the agenda"),
    ItemStatus.DECLINED: _l("Declined"),
    ItemStatus.PARKED: _l("In the parking lot"),
    ItemStatus.REACHED: _l("Discussed"),
    ItemStatus.CARRIED: _l("Carried forward"),
}
ATTENDANCE_LABELS = {
    Attendance.PRESENT: _l("Present"),
    Attendance.EXCUSED: _l("Excused"),
    Attendance.ABSENT: _l("Absent"),
}


def random_id() -> str:
    return uuid.uuid4().hex


class MeetingSeries(Model):
    __tablename__ = "meeting_series"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: a stable key for demo data and links ("general-staff")
    key: Mapped[str] = mapped_column(String(60), unique=True)
    titles: Mapped[dict] = mapped_column(JSON, default=dict)
    kind: Mapped[str] = mapped_column(String(20), default=SeriesKind.OTHER)
    chair_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"), index=True)
    secretary_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"), index=True)
    #: every active member of staff belongs
    members_all: Mapped[bool] = mapped_column(default=False)
    member_unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id", ondelete="SET NULL"))
    include_sub_units: Mapped[bool] = mapped_column(default=True)
    #: role names whose holders belong
    member_roles: Mapped[list] = mapped_column(JSON, default=list)
    default_place: Mapped[str] = mapped_column(String(200), default="")
    default_online_url: Mapped[str] = mapped_column(String(500), default="")
    recurrence: Mapped[str] = mapped_column(String(20), default=Recurrence.WEEKLY)
    #: weekly: 0 Monday … 4 Friday
    weekday: Mapped[int] = mapped_column(default=0)
    #: monthly, twice a year, yearly: the day of the month (a weekend moves to Monday)
    day_of_month: Mapped[int] = mapped_column(default=1)
    #: twice a year / yearly: the months (e.g. [3, 10])
    months: Mapped[list] = mapped_column(JSON, default=list)
    #: session dates: the meeting days, as ISO dates
    session_dates: Mapped[list] = mapped_column(JSON, default=list)
    #: local start time
    start_time: Mapped[time] = mapped_column(Time, default=time(9, 0))
    duration_minutes: Mapped[int] = mapped_column(default=60)
    #: one agenda item per line, put on every new meeting
    agenda_template: Mapped[str] = mapped_column(Text, default="")
    #: proposals close this many working days before the meeting
    proposal_days: Mapped[int] = mapped_column(default=2)
    #: members comment on draft minutes for this many days before the chair approves (0: no comment round)
    comment_days: Mapped[int] = mapped_column(default=0)
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    chair: Mapped[Person | None] = relationship(foreign_keys=[chair_id])
    secretary: Mapped[Person | None] = relationship(foreign_keys=[secretary_id])
    member_unit: Mapped[Unit | None] = relationship()
    chosen_members: Mapped[list[SeriesMember]] = relationship(cascade="all, delete-orphan")

    @property
    def title(self) -> str:
        return Translated(self.titles or {}).in_language()

    @property
    def takes_questions(self) -> bool:
        return self.kind == SeriesKind.GENERAL


class SeriesMember(Model):
    """A person chosen by name as a member of a series."""

    __tablename__ = "meeting_series_members"
    __table_args__ = (UniqueConstraint("series_id", "person_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    series_id: Mapped[int] = mapped_column(ForeignKey("meeting_series.id", ondelete="CASCADE"), index=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)

    person: Mapped[Person] = relationship()


class Meeting(Model):
    __tablename__ = "meetings"
    __table_args__ = (UniqueConstraint("series_id", "scheduled_for"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    series_id: Mapped[int] = mapped_column(ForeignKey("meeting_series.id", ondelete="CASCADE"), index=True)
    #: the recurrence day it was generated for (None when added by hand); generating twice adds nothing
    scheduled_for: Mapped[date | None] = mapped_column(Date)
    #: naive UTC
    starts_at: Mapped[datetime] = mapped_column(index=True)
    duration_minutes: Mapped[int] = mapped_column(default=60)
    place: Mapped[str] = mapped_column(String(200), default="")
    online_url: Mapped[str] = mapped_column(String(500), default="")
    status: Mapped[str] = mapped_column(String(20), default=MeetingStatus.SCHEDULED, index=True)
    cancel_reason: Mapped[str] = mapped_column(Text, default="")
    #: the calendar's SEQUENCE: raised by every change a calendar must show
    sequence: Mapped[int] = mapped_column(default=0)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    #: set by `flask meetings tick` once the proposal deadline has passed (the chair is told once)
    proposals_closed_at: Mapped[datetime | None]
    #: set by `flask meetings tick` once members were reminded of the meeting
    reminded_at: Mapped[datetime | None]

    series: Mapped[MeetingSeries] = relationship()
    items: Mapped[list[AgendaItem]] = relationship(
        back_populates="meeting", order_by="AgendaItem.position, AgendaItem.id")

    def _move(self, allowed_from: set[MeetingStatus], to: MeetingStatus) -> None:
        if self.status not in allowed_from:
            raise DomainError(_l("This meeting is %(status)s; it cannot become %(new)s.",
                                 status=MEETING_STATUS_LABELS[MeetingStatus(self.status)],
                                 new=MEETING_STATUS_LABELS[to]))
        self.status = to
        self.touch()

    def mark_held(self) -> None:
        self._move({MeetingStatus.SCHEDULED}, MeetingStatus.HELD)

    def cancel(self, reason: str) -> None:
        self._move({MeetingStatus.SCHEDULED}, MeetingStatus.CANCELLED)
        self.cancel_reason = reason

    def reschedule(self) -> None:
        """A cancelled meeting back on the calendar."""
        self._move({MeetingStatus.CANCELLED}, MeetingStatus.SCHEDULED)
        self.cancel_reason = ""

    def touch(self) -> None:
        """A change calendars must pick up: the same UID, a higher SEQUENCE."""
        self.sequence = (self.sequence or 0) + 1
        self.updated_at = utcnow()

    @property
    def is_scheduled(self) -> bool:
        return self.status == MeetingStatus.SCHEDULED

    @property
    def agenda(self) -> list[AgendaItem]:
        return [i for i in self.items if i.status in (ItemStatus.ACCEPTED, ItemStatus.REACHED, ItemStatus.CARRIED)]

    @property
    def proposals(self) -> list[AgendaItem]:
        return [i for i in self.items if i.status == ItemStatus.PROPOSED]


class AgendaItem(Model):
    """An item of a meeting's agenda, a member's proposal, or (no meeting) one in the parking lot."""

    __tablename__ = "meeting_agenda_items"

    id: Mapped[int] = mapped_column(primary_key=True)
    series_id: Mapped[int] = mapped_column(ForeignKey("meeting_series.id", ondelete="CASCADE"), index=True)
    meeting_id: Mapped[int | None] = mapped_column(ForeignKey("meetings.id", ondelete="SET NULL"), index=True)
    position: Mapped[int] = mapped_column(default=0)
    title: Mapped[str] = mapped_column(String(300))
    note: Mapped[str] = mapped_column(Text, default="")
    presenter_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    minutes_allotted: Mapped[int] = mapped_column(default=10)
    status: Mapped[str] = mapped_column(String(20), default=ItemStatus.ACCEPTED, index=True)
    proposed_by_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"), index=True)
    proposed_at: Mapped[datetime | None]
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    decided_at: Mapped[datetime | None]
    decline_reason: Mapped[str] = mapped_column(Text, default="")
    #: the item this one carries forward from an earlier meeting
    carried_from_id: Mapped[int | None] = mapped_column(ForeignKey("meeting_agenda_items.id", ondelete="SET NULL"))

    meeting: Mapped[Meeting | None] = relationship(back_populates="items")
    series: Mapped[MeetingSeries] = relationship()
    presenter: Mapped[Person | None] = relationship(foreign_keys=[presenter_id])
    proposed_by: Mapped[Person | None] = relationship(foreign_keys=[proposed_by_id])
    documents: Mapped[list[AgendaDocument]] = relationship(
        back_populates="item", order_by="AgendaDocument.id", cascade="all, delete-orphan")

    def _decide(self, to: ItemStatus) -> None:
        if self.status != ItemStatus.PROPOSED:
            raise DomainError(_l("This proposal has already been decided."))
        self.status = to

    def accept(self) -> None:
        self._decide(ItemStatus.ACCEPTED)

    def decline(self, reason: str) -> None:
        self._decide(ItemStatus.DECLINED)
        self.decline_reason = reason

    def park(self) -> None:
        if self.status not in (ItemStatus.PROPOSED, ItemStatus.ACCEPTED):
            raise DomainError(_l("Only a proposal or an item on the agenda can go to the parking lot."))
        self.status = ItemStatus.PARKED
        self.meeting_id = None

    def schedule(self) -> None:
        """From the parking lot (or a decided proposal moved to a later meeting) onto an agenda."""
        if self.status not in (ItemStatus.PARKED, ItemStatus.PROPOSED, ItemStatus.ACCEPTED):
            raise DomainError(_l("This item cannot be put on an agenda."))
        self.status = ItemStatus.ACCEPTED


class AgendaDocument(Model):
    """A document attached to an agenda item: checked by its content, its bytes in the host's file store."""

    __tablename__ = "meeting_agenda_documents"

    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("meeting_agenda_items.id", ondelete="CASCADE"), index=True)
    filename: Mapped[str] = mapped_column(String(255))
    #: the random name in the file store (area "meetings")
    stored_name: Mapped[str] = mapped_column(String(64), unique=True)
    content_type: Mapped[str] = mapped_column(String(120))
    size: Mapped[int] = mapped_column(default=0)
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    uploaded_at: Mapped[datetime] = mapped_column(default=utcnow)

    item: Mapped[AgendaItem] = relationship(back_populates="documents")
    uploaded_by: Mapped[Person | None] = relationship()


class AttendanceRecord(Model):
    __tablename__ = "meeting_attendance"
    __table_args__ = (UniqueConstraint("meeting_id", "person_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id", ondelete="CASCADE"), index=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    status: Mapped[str] = mapped_column(String(20), default=Attendance.PRESENT)

    person: Mapped[Person] = relationship()


class CalendarToken(Model):
    """A person's calendar feed token (only its SHA-256 is stored); revoking deletes it."""

    __tablename__ = "meeting_calendar_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), unique=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    person: Mapped[Person] = relationship()


class StaffQuestion(Model):
    """A staff question for a general meeting. No author column, no time, a random id.

    On SQLite a `WITHOUT ROWID` table: stored in the order of its random ids, not of asking.
    """

    __tablename__ = "meeting_questions"
    __table_args__ = {"sqlite_with_rowid": False}

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=random_id)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id", ondelete="CASCADE"), index=True)
    text: Mapped[str] = mapped_column(Text)
    #: the day only: no time that could be matched to a sign-in or a request
    asked_on: Mapped[date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(20), default=QuestionStatus.OPEN)
    hidden_reason: Mapped[str] = mapped_column(Text, default="")
    merged_into_id: Mapped[str | None] = mapped_column(ForeignKey("meeting_questions.id", ondelete="SET NULL"))
    answer: Mapped[str] = mapped_column(Text, default="")

    meeting: Mapped[Meeting] = relationship()
    author_link: Mapped[StaffQuestionAuthor | None] = relationship(cascade="all, delete-orphan", uselist=False)

    @property
    def author(self) -> Person | None:
        return self.author_link.person if self.author_link else None

    def _require_open(self) -> None:
        if self.status != QuestionStatus.OPEN:
            raise DomainError(_l("This question is no longer open."))

    def hide(self, reason: str) -> None:
        self._require_open()
        self.status = QuestionStatus.HIDDEN
        self.hidden_reason = reason

    def merge_into(self, other: StaffQuestion) -> None:
        self._require_open()
        if other.id == self.id or other.meeting_id != self.meeting_id or other.status != QuestionStatus.OPEN:
            raise DomainError(_l("Choose another open question of the same meeting."), field="into")
        self.status = QuestionStatus.MERGED
        self.merged_into_id = other.id

    def mark_answered(self, answer: str) -> None:
        if self.status not in (QuestionStatus.OPEN, QuestionStatus.ANSWERED):
            raise DomainError(_l("This question is no longer open."))
        self.status = QuestionStatus.ANSWERED
        self.answer = answer


class StaffQuestionAuthor(Model):
    """Who asked a named question. An anonymous question has no row here, and no column anywhere."""

    __tablename__ = "meeting_question_authors"

    question_id: Mapped[str] = mapped_column(ForeignKey("meeting_questions.id", ondelete="CASCADE"),
                                             primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)

    person: Mapped[Person] = relationship()


class StaffQuestionVote(Model):
    """One upvote per person and question (the primary key), with no time and no ordered id.

    `WITHOUT ROWID` on SQLite, so the first vote of a question (perhaps its author's) is not
    the first row stored.
    """

    __tablename__ = "meeting_question_votes"
    __table_args__ = {"sqlite_with_rowid": False}

    question_id: Mapped[str] = mapped_column(ForeignKey("meeting_questions.id", ondelete="CASCADE"),
                                             primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), primary_key=True,
                                           index=True)


# The minutes' tables live in meetings/minutes_models.py (this module stays readable); they are
# imported here so that `meetings.models` names every table of the plugin.
from meetings.minutes_models import (  # noqa: E402
    MINUTES_STATUS_LABELS,
    Minutes,
    MinutesAmendment,
    MinutesComment,
    MinutesStash,
    MinutesStatus,
)

__all__ = ["MINUTES_STATUS_LABELS", "Minutes", "MinutesAmendment", "MinutesComment", "MinutesStash",
           "MinutesStatus"]
