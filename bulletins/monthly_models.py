"""The monthly consolidated report: the reporting month, each directorate's report, reminders sent.

The cabinet opens a month with a deadline; each directorate's director writes the
unit's report (four sections, in the language the director writes in) and files it;
communications or the cabinet assemble the consolidated text per language, edit
it and publish it as a bulletin to all staff. A reminder is recorded once per unit
and stage, so a daily tick never sends the same reminder twice.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from intranet.extensions import Model
from intranet.people.models import Person, Unit, pick_translation, utcnow

#: a month collects unit reports, then is assembled (consolidated text editable), then published (closed)
MONTH_STATUSES = ("collecting", "assembled", "published")
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
    status: Mapped[str] = mapped_column(String(16), default="collecting")
    #: the consolidated report per language: {"sq": ..., "sr": ..., "en": ...} (Markdown bodies)
    titles: Mapped[dict] = mapped_column(JSON, default=dict)
    bodies: Mapped[dict] = mapped_column(JSON, default=dict)
    #: the bulletin it was published as (bulletins are archived, never deleted)
    bulletin_id: Mapped[int | None] = mapped_column(ForeignKey("bulletins.id", ondelete="SET NULL"), index=True)
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
    def title(self) -> str:
        return pick_translation(self.titles, fallback=f"{self.month:02d}/{self.year}")

    def __repr__(self) -> str:
        return f"<ReportingMonth {self.year}-{self.month:02d} {self.status}>"


class UnitReport(Model):
    """A directorate's report for one month, written in one language (Markdown sections)."""

    __tablename__ = "bulletin_unit_reports"
    __table_args__ = (UniqueConstraint("month_id", "unit_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    month_id: Mapped[int] = mapped_column(ForeignKey("bulletin_report_months.id", ondelete="CASCADE"), index=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)
    #: the language the director wrote in (sq, sr, en)
    language: Mapped[str] = mapped_column(String(8), default="sq")
    done: Mapped[str] = mapped_column(Text, default="")
    in_progress: Mapped[str] = mapped_column(Text, default="")
    problems: Mapped[str] = mapped_column(Text, default="")
    next_month: Mapped[str] = mapped_column(Text, default="")
    #: draft (only its director sees it) or filed
    status: Mapped[str] = mapped_column(String(8), default="draft")
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
        return self.status == "filed"

    def section(self, key: str) -> str:
        return getattr(self, key) or ""


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
