"""The strategy's action plan: objectives per year and their activities.

An activity has a title per language, responsible parties (as the plan names them, and the
units whose directors update it), a month (or a span of months) or a frequency, a planned
cost in EUR or none ("no additional cost"), a status, an actual cost and links to evidence.
Every change is in the audit log with the values before and after (`plan.services.history`).
"""

from __future__ import annotations

import calendar
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext
from sqlalchemy import JSON, Column, ForeignKey, Integer, Numeric, String, Table, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from intranet.domain import DomainError
from intranet.extensions import Model
from intranet.people.models import Person, Unit, utcnow
from intranet.texts import Translated

#: cents: every amount is kept and compared as a two-decimal EUR Decimal
MONEY = Numeric(12, 2)


class ActivityStatus(StrEnum):
    """Planned → in progress → done; cancelled when the plan drops it. A done or cancelled activity can be
    reopened (back to in progress, or planned)."""

    PLANNED = "planned"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    CANCELLED = "cancelled"


STATUS_LABELS = {
    ActivityStatus.PLANNED: lazy_pgettext("plan activity status", "Planned"),
    ActivityStatus.IN_PROGRESS: lazy_pgettext("plan activity status", "In progress"),
    ActivityStatus.DONE: lazy_pgettext("plan activity status", "Done"),
    ActivityStatus.CANCELLED: lazy_pgettext("plan activity status", "Cancelled"),
}

#: status -> the statuses it may move to
TRANSITIONS = {
    ActivityStatus.PLANNED: {ActivityStatus.IN_PROGRESS, ActivityStatus.DONE, ActivityStatus.CANCELLED},
    ActivityStatus.IN_PROGRESS: {ActivityStatus.PLANNED, ActivityStatus.DONE, ActivityStatus.CANCELLED},
    ActivityStatus.DONE: {ActivityStatus.IN_PROGRESS},
    ActivityStatus.CANCELLED: {ActivityStatus.PLANNED},
}


class Frequency(StrEnum):
    """How often a recurring activity happens (it has no month)."""

    AS_NEEDED = "as_needed"
    CONTINUOUS = "continuous"
    WEEKLY = "weekly"
    MONTHLY = "monthly"
    BEFORE_EACH_SESSION = "before_each_session"


FREQUENCY_LABELS = {
    Frequency.AS_NEEDED: _l("As needed"),
    Frequency.CONTINUOUS: _l("Continuous"),
    Frequency.WEEKLY: _l("Weekly"),
    Frequency.MONTHLY: _l("Monthly"),
    Frequency.BEFORE_EACH_SESSION: _l("Before each assembly session"),
}

activity_units = Table(
    "plan_activity_units", Model.metadata,
    Column("activity_id", Integer, ForeignKey("plan_activities.id", ondelete="CASCADE"), primary_key=True),
    Column("unit_id", Integer, ForeignKey("units.id", ondelete="CASCADE"), primary_key=True),
)


class PlanObjective(Model):
    """One of the strategy's objectives in one year's plan."""

    __tablename__ = "plan_objectives"
    __table_args__ = (UniqueConstraint("year", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int] = mapped_column(index=True)
    number: Mapped[int]
    #: language code -> title
    titles: Mapped[dict] = mapped_column(JSON, default=dict)

    activities: Mapped[list[PlanActivity]] = relationship(
        back_populates="objective", order_by="PlanActivity.position", cascade="all, delete-orphan")

    @property
    def title(self) -> str:
        return Translated(self.titles or {}).in_language()

    @property
    def planned_eur(self) -> Decimal:
        return sum((a.planned_cost or Decimal("0") for a in self.activities), Decimal("0.00"))

    @property
    def actual_eur(self) -> Decimal:
        return sum((a.actual_cost or Decimal("0") for a in self.activities), Decimal("0.00"))


class PlanActivity(Model):
    """An activity of the plan: dated (a month, or months `month`..`end_month`) or recurring (`frequency`)."""

    __tablename__ = "plan_activities"

    id: Mapped[int] = mapped_column(primary_key=True)
    objective_id: Mapped[int] = mapped_column(ForeignKey("plan_objectives.id", ondelete="CASCADE"), index=True)
    #: order within the objective, as the annex lists them
    position: Mapped[int] = mapped_column(default=0)
    titles: Mapped[dict] = mapped_column(JSON, default=dict)
    #: the responsible parties as the plan names them, one per line (people and bodies as well as units)
    responsible: Mapped[list] = mapped_column(JSON, default=list)
    month: Mapped[int | None]
    end_month: Mapped[int | None]
    frequency: Mapped[str | None] = mapped_column(String(24))
    #: None: "no additional cost"
    planned_cost: Mapped[Decimal | None] = mapped_column(MONEY)
    actual_cost: Mapped[Decimal | None] = mapped_column(MONEY)
    status: Mapped[str] = mapped_column(String(16), default=ActivityStatus.PLANNED)
    #: links to evidence (minutes, photos, publications): a list of URLs
    evidence: Mapped[list] = mapped_column(JSON, default=list)
    #: the indicator Ura measures for it, "<plugin>" or "<plugin>.<what>" (a prefix of `Indicator.key`s);
    #: None, or a plugin that is not enabled: its indicator is entered by hand (`PlanIndicatorEntry`)
    indicator_key: Mapped[str | None] = mapped_column(String(80))
    #: the cabinet's verdict in the year's evaluation (a `Verdict`), and why
    verdict: Mapped[str | None] = mapped_column(String(16))
    verdict_comment: Mapped[str] = mapped_column(Text, default="", server_default="")
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"))

    objective: Mapped[PlanObjective] = relationship(back_populates="activities")
    units: Mapped[list[Unit]] = relationship(secondary=activity_units, order_by=Unit.sort_order)
    updated_by: Mapped[Person | None] = relationship()

    @property
    def title(self) -> str:
        return Translated(self.titles or {}).in_language()

    @property
    def year(self) -> int:
        return self.objective.year

    @property
    def recurring(self) -> bool:
        return self.month is None

    @property
    def last_month(self) -> int | None:
        return self.end_month or self.month

    @property
    def closed(self) -> bool:
        return self.status in (ActivityStatus.DONE, ActivityStatus.CANCELLED)

    def due_by(self) -> date | None:
        """The last day of its (last) month; None for a recurring activity."""
        if self.last_month is None:
            return None
        year = self.objective.year
        return date(year, self.last_month, calendar.monthrange(year, self.last_month)[1])

    def overdue_on(self, today: date) -> bool:
        """Its month is over and it is neither done nor cancelled. A recurring activity is never overdue."""
        due = self.due_by()
        return due is not None and today > due and not self.closed

    def move_to(self, status: str) -> None:
        """Change the status along `TRANSITIONS` (staying put is allowed).

        :raises DomainError: on an unknown status or a move the plan does not allow.
        """
        try:
            new = ActivityStatus(status)
        except ValueError:
            raise DomainError(_("Choose one of the statuses."), "status") from None
        current = ActivityStatus(self.status)
        if new != current and new not in TRANSITIONS[current]:
            raise DomainError(_("An activity cannot go from “%(old)s” to “%(new)s”.",
                                old=STATUS_LABELS[current], new=STATUS_LABELS[new]), "status")
        self.status = new

    def snapshot(self) -> dict:
        """What the history records before and after a change (amounts as decimal strings)."""
        return {
            "titles": dict(self.titles or {}), "objective": self.objective.number if self.objective else None,
            "responsible": list(self.responsible or []), "units": sorted(u.id for u in self.units),
            "month": self.month, "end_month": self.end_month, "frequency": self.frequency,
            "planned_cost": None if self.planned_cost is None else f"{self.planned_cost:.2f}",
            "actual_cost": None if self.actual_cost is None else f"{self.actual_cost:.2f}",
            "status": str(self.status), "evidence": list(self.evidence or []),
            "indicator_key": self.indicator_key,
            "verdict": self.verdict, "verdict_comment": self.verdict_comment or "",
        }


class PlanIndicatorEntry(Model):
    """A value of an activity's indicator entered by hand, with a note and evidence links. Entries are
    only added, never changed: the newest is the indicator's value, the others its history."""

    __tablename__ = "plan_indicator_entries"

    id: Mapped[int] = mapped_column(primary_key=True)
    activity_id: Mapped[int] = mapped_column(ForeignKey("plan_activities.id", ondelete="CASCADE"), index=True)
    #: as people write it: "87 %", "2 of 2 meetings", "14 press releases"
    value: Mapped[str] = mapped_column(String(200))
    note: Mapped[str] = mapped_column(Text, default="")
    evidence: Mapped[list] = mapped_column(JSON, default=list)
    entered_by_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    entered_at: Mapped[datetime] = mapped_column(default=utcnow)

    entered_by: Mapped[Person | None] = relationship()


class Verdict(StrEnum):
    """What the cabinet's evaluation says of an activity at the end of its year."""

    DONE = "done"
    PARTLY = "partly"
    NOT_DONE = "not_done"


VERDICT_LABELS = {
    Verdict.DONE: lazy_pgettext("plan evaluation verdict", "Done"),
    Verdict.PARTLY: lazy_pgettext("plan evaluation verdict", "Partly done"),
    Verdict.NOT_DONE: lazy_pgettext("plan evaluation verdict", "Not done"),
}


class EvaluationStatus(StrEnum):
    """Open (the cabinet marks the activities and edits the report) → published (fixed, announced)."""

    OPEN = "open"
    PUBLISHED = "published"


class PlanEvaluation(Model):
    """The cabinet's evaluation of a year's plan: opened in December, published once, with its report
    (Markdown per language: drafted by Ura from the plan and the indicators, edited by the cabinet)."""

    __tablename__ = "plan_evaluations"

    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int] = mapped_column(unique=True)
    status: Mapped[str] = mapped_column(String(16), default=EvaluationStatus.OPEN)
    #: language code -> the report in Markdown
    reports: Mapped[dict] = mapped_column(JSON, default=dict)
    opened_at: Mapped[datetime] = mapped_column(default=utcnow)
    opened_by_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    published_at: Mapped[datetime | None]
    published_by_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    #: the all-staff announcement of the published report ("" when nothing publishes announcements)
    announcement_url: Mapped[str] = mapped_column(String(300), default="")

    opened_by: Mapped[Person | None] = relationship(foreign_keys=[opened_by_id])
    published_by: Mapped[Person | None] = relationship(foreign_keys=[published_by_id])

    @property
    def published(self) -> bool:
        return self.status == EvaluationStatus.PUBLISHED

    def require_open(self) -> None:
        """:raises DomainError: once the evaluation is published (then it no longer changes)."""
        if self.status != EvaluationStatus.OPEN:
            raise DomainError(_("The evaluation of %(year)d is published: it no longer changes.", year=self.year))

    def publish(self, actor: Person, now: datetime) -> None:
        """Open → published; refuses a second publication."""
        self.require_open()
        self.status = EvaluationStatus.PUBLISHED
        self.published_at, self.published_by_id = now, actor.id
