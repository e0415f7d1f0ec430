"""The monthly consolidated report: the reporting month, each directorate's report, reminders sent.

The cabinet opens a month with a deadline; each directorate's director writes the
unit's report (four sections, in the language the director writes in) and files it;
communications or the cabinet assemble the consolidated text per language, edit
it and publish it to all staff as an announcement (`intranet.announcements`). A
reminder is recorded once per unit and stage, so a daily tick never sends the same
reminder twice.

The tables keep the names they had when the report lived inside bulletins.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from flask_babel import gettext as _
from sqlalchemy import JSON, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from intranet.domain import DomainError
from intranet.extensions import Model
from intranet.localtime import local_today
from intranet.people.models import Person, Unit, utcnow
from intranet.texts import Translated


class MonthStatus(StrEnum):
    """A month collects unit reports, is assembled (the consolidated text is editable), then published."""

    COLLECTING = "collecting"
    ASSEMBLED = "assembled"
    PUBLISHED = "published"


class ReportStatus(StrEnum):
    """A unit's report is a draft (only its director sees it) until filed."""

    DRAFT = "draft"
    FILED = "filed"


#: the four sections of a unit report, in the order they are written and printed
SECTIONS = ("done", "in_progress", "problems", "next_month")


class ReportingMonth(Model):
    """One month's round of unit reports and its consolidated report."""

    __tablename__ = "bulletin_report_months"
    __table_args__ = (UniqueConstraint("year", "month"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int]
    month: Mapped[int]
    #: the last day (local date) on which a unit files in time
    deadline: Mapped[date]
    status: Mapped[str] = mapped_column(String(16), default=MonthStatus.COLLECTING)
    #: the consolidated report per language code (Markdown bodies)
    titles: Mapped[dict] = mapped_column(JSON, default=dict)
    bodies: Mapped[dict] = mapped_column(JSON, default=dict)
    #: the local path of what it was published as (the all-staff bulletin), "" before publishing
    published_url: Mapped[str] = mapped_column(String(300), default="")
    opened_by_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"))
    opened_at: Mapped[datetime] = mapped_column(default=utcnow)
    assembled_at: Mapped[datetime | None]
    published_at: Mapped[datetime | None]
    published_by_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"))

    reports: Mapped[list[UnitReport]] = relationship(back_populates="reporting_month", cascade="all, delete-orphan")

    @property
    def first_day(self) -> date:
        return date(self.year, self.month, 1)

    @property
    def key(self) -> str:
        """"2026-11": how subjects and audit details name the month."""
        return f"{self.year}-{self.month:02d}"

    @property
    def title(self) -> str:
        return Translated(self.titles or {}).in_language() or f"{self.month:02d}/{self.year}"

    @property
    def collecting(self) -> bool:
        return self.status == MonthStatus.COLLECTING

    def overdue_on(self, today: date) -> bool:
        """Still collecting and `today` (a local day) is after the deadline."""
        return self.collecting and today > self.deadline

    @property
    def is_overdue(self) -> bool:
        """Still collecting, and the deadline (a local day) has passed."""
        return self.overdue_on(local_today())

    def require_collecting(self, field: str | None = None) -> None:
        """:raises DomainError: unless the month still takes unit reports."""
        if not self.collecting:
            raise DomainError(_("This month's reports are closed: it is already assembled or published."), field)

    def assemble(self, titles: dict[str, str], bodies: dict[str, str], now: datetime) -> None:
        """Collecting (or assembled again) → assembled, with the built text.

        :raises DomainError: once published.
        """
        if self.status == MonthStatus.PUBLISHED:
            raise DomainError(_("This month's report is already published."))
        self.titles, self.bodies = titles, bodies
        self.status = MonthStatus.ASSEMBLED
        self.assembled_at = now

    def reopen(self) -> None:
        """Assembled → collecting: a late report can still come in.

        :raises DomainError: unless assembled.
        """
        if self.status != MonthStatus.ASSEMBLED:
            raise DomainError(_("Only an assembled month can be reopened."))
        self.status = MonthStatus.COLLECTING

    def require_assembled(self, message: str) -> None:
        """:raises DomainError: with `message` unless the month is assembled (editing, publishing)."""
        if self.status != MonthStatus.ASSEMBLED:
            raise DomainError(message)

    def close(self, actor: Person, url: str, now: datetime) -> None:
        """Assembled → published (closed for good), published at `url`.

        :raises DomainError: unless assembled.
        """
        self.require_assembled(_("Assemble the month's report before publishing it."))
        self.status = MonthStatus.PUBLISHED
        self.published_at = now
        self.published_by_id = actor.id
        self.published_url = url

    def __repr__(self) -> str:
        return f"<ReportingMonth {self.key} {self.status}>"


class UnitReport(Model):
    """A directorate's report for one month, written in one language (Markdown sections)."""

    __tablename__ = "bulletin_unit_reports"
    __table_args__ = (UniqueConstraint("month_id", "unit_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    month_id: Mapped[int] = mapped_column(ForeignKey("bulletin_report_months.id", ondelete="CASCADE"), index=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)
    #: the language code the director wrote in
    language: Mapped[str] = mapped_column(String(8), default="sq")
    done: Mapped[str] = mapped_column(Text, default="")
    in_progress: Mapped[str] = mapped_column(Text, default="")
    problems: Mapped[str] = mapped_column(Text, default="")
    next_month: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(8), default=ReportStatus.DRAFT)
    filed_by_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"))
    filed_at: Mapped[datetime | None]
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)

    reporting_month: Mapped[ReportingMonth] = relationship(back_populates="reports")
    unit: Mapped[Unit] = relationship()
    filed_by: Mapped[Person | None] = relationship(foreign_keys=[filed_by_id])

    @property
    def filed(self) -> bool:
        return self.status == ReportStatus.FILED

    @property
    def is_overdue(self) -> bool:
        """Not filed, and its month is overdue."""
        return not self.filed and self.reporting_month.is_overdue

    def section(self, key: str) -> str:
        return getattr(self, key) or ""

    def file(self, actor: Person, now: datetime) -> None:
        """Draft → filed.

        :raises DomainError: when it is filed already or its month no longer takes reports.
        """
        self.reporting_month.require_collecting()
        if self.filed:
            raise DomainError(_("This report is already filed."))
        self.status = ReportStatus.FILED
        self.filed_by_id = actor.id
        self.filed_at = now


class ReportReminder(Model):
    """A reminder sent to a unit's directors for a month at one stage ("before", "deadline", "overdue-1", ...)."""

    __tablename__ = "bulletin_report_reminders"
    __table_args__ = (UniqueConstraint("month_id", "unit_id", "stage"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    month_id: Mapped[int] = mapped_column(ForeignKey("bulletin_report_months.id", ondelete="CASCADE"), index=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)
    stage: Mapped[str] = mapped_column(String(16))
    #: the ids of the people reminded
    recipients: Mapped[list] = mapped_column(JSON, default=list)
    sent_at: Mapped[datetime] = mapped_column(default=utcnow)
