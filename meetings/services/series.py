"""Series: setting them up, and generating their meetings from the recurrence.

The recurrence gives days in local time; a meeting starts at the series' local start
time on that day, stored as UTC. Weekend days of a monthly or yearly recurrence move
to the following Monday (public holidays are not known here: the secretary moves
such a meeting by hand).
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from intranet.audit.services import record
from intranet.domain import DomainError, PermissionDenied
from intranet.extensions import db
from intranet.localtime import local_today, to_utc
from intranet.people.models import Person
from intranet.permissions import can
from intranet.texts import Translated
from meetings.models import (
    AgendaItem,
    ItemStatus,
    Meeting,
    MeetingSeries,
    Recurrence,
    SeriesMember,
    random_id,
)

#: the months of the general staff meeting when a twice-a-year series names none (the strategy's March and October)
DEFAULT_TWICE = [3, 10]
DEFAULT_YEARLY = [11]


def _monday_if_weekend(day: date) -> date:
    return day + timedelta(days=(7 - day.weekday()) % 7) if day.weekday() >= 5 else day


def _day_in_month(year: int, month: int, day_of_month: int) -> date:
    last = calendar.monthrange(year, month)[1]
    return _monday_if_weekend(date(year, month, min(max(day_of_month, 1), last)))


def _months_between(start: date, end: date):
    year, month = start.year, start.month
    while (year, month) <= (end.year, end.month):
        yield year, month
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)


def recurrence_days(series: MeetingSeries, start: date, end: date) -> list[date]:
    """The days the series meets from `start` to `end` (both included), in order."""
    kind = Recurrence(series.recurrence)
    if kind == Recurrence.WEEKLY:
        first = start + timedelta(days=(series.weekday - start.weekday()) % 7)
        return [first + timedelta(weeks=n) for n in range(((end - first).days // 7) + 1) if first <= end]
    if kind == Recurrence.SESSION_DATES:
        days = sorted({date.fromisoformat(d) for d in series.session_dates or []})
        return [d for d in days if start <= d <= end]
    if kind == Recurrence.MONTHLY:
        months = list(range(1, 13))
    else:
        months = series.months or (DEFAULT_TWICE if kind == Recurrence.TWICE_A_YEAR else DEFAULT_YEARLY)
    days = [_day_in_month(year, month, series.day_of_month)
            for year, month in _months_between(start, end) if month in months]
    return [d for d in days if start <= d <= end]


def meeting_start(series: MeetingSeries, day: date) -> datetime:
    """The series' local start time on `day`, as naive UTC."""
    start = to_utc(datetime.combine(day, series.start_time or time(9, 0)))
    assert start is not None
    return start


def generate_meetings(series: MeetingSeries, until: date, *, actor: Person | None = None,
                      today: date | None = None) -> list[Meeting]:
    """Create the series' meetings from today to `until` that do not exist yet (run it twice: nothing new).

    Each new meeting gets the series' place, Teams link and agenda template. Nothing is committed.
    """
    start = today or local_today()
    taken = set(db.session.scalars(select(Meeting.scheduled_for).where(Meeting.series_id == series.id)))
    created = []
    for day in recurrence_days(series, start, until):
        if day in taken:
            continue
        meeting = Meeting(series=series, scheduled_for=day, starts_at=meeting_start(series, day),
                          duration_minutes=series.duration_minutes, place=series.default_place,
                          online_url=series.default_online_url)
        db.session.add(meeting)
        for position, line in enumerate(filter(None, (ln.strip() for ln in (series.agenda_template or "")
                                                       .splitlines())), start=1):
            db.session.add(AgendaItem(series=series, meeting=meeting, title=line[:300], position=position,
                                      status=ItemStatus.ACCEPTED))
        created.append(meeting)
    if created:
        db.session.flush()
        record(actor, "meetings.generated", series, count=len(created))
    return created


@dataclass
class SeriesFields:
    """What a series' form gives the service."""

    titles: Translated
    kind: str
    chair_id: int | None
    secretary_id: int | None
    members_all: bool = False
    member_unit_id: int | None = None
    include_sub_units: bool = True
    member_roles: list[str] = field(default_factory=list)
    member_ids: list[int] = field(default_factory=list)
    default_place: str = ""
    default_online_url: str = ""
    recurrence: str = Recurrence.WEEKLY
    weekday: int = 0
    day_of_month: int = 1
    months: list[int] = field(default_factory=list)
    session_dates: list[date] = field(default_factory=list)
    start_time: time = time(9, 0)
    duration_minutes: int = 60
    agenda_template: str = ""
    proposal_days: int = 2
    #: members comment on draft minutes this many days (0: no comment round)
    comment_days: int = 0


def _check(fields: SeriesFields) -> None:
    if not fields.titles:
        raise DomainError(_l("Give the series a title."), field="titles")
    if fields.chair_id is None:
        raise DomainError(_l("Choose who chairs the meetings."), field="chair_id")
    if fields.recurrence == Recurrence.SESSION_DATES and not fields.session_dates:
        raise DomainError(_l("Enter the dates of the meetings, one per line."), field="session_dates")
    if fields.recurrence == Recurrence.TWICE_A_YEAR and fields.months and len(fields.months) != 2:
        raise DomainError(_l("Choose two months."), field="months")


def save_series(actor: Person, fields: SeriesFields, series: MeetingSeries | None = None,
                key: str | None = None) -> MeetingSeries:
    """Create a series (or change `series`) from the form's fields; committed, and audited.

    :raises PermissionDenied: unless `actor` may set up series.
    :raises DomainError: naming the field that is missing.
    """
    if not can(actor, "meetings.setup"):
        raise PermissionDenied(_l("Only the cabinet and administrators set up meeting series."))
    _check(fields)
    creating = series is None
    if series is None:
        series = MeetingSeries(key=key or f"series-{random_id()[:12]}")
        db.session.add(series)
    for name in ("titles", "kind", "chair_id", "secretary_id", "members_all", "member_unit_id",
                 "include_sub_units", "default_place", "default_online_url", "recurrence", "weekday",
                 "day_of_month", "start_time", "duration_minutes", "agenda_template", "proposal_days",
                 "comment_days"):
        setattr(series, name, getattr(fields, name))
    series.titles = dict(fields.titles)
    series.member_roles = list(fields.member_roles)
    series.months = list(fields.months)
    series.session_dates = [d.isoformat() for d in sorted(set(fields.session_dates))]
    wanted = set(fields.member_ids)
    series.chosen_members = [m for m in series.chosen_members if m.person_id in wanted] + [
        SeriesMember(person_id=pid) for pid in sorted(wanted - {m.person_id for m in series.chosen_members})]
    db.session.flush()
    record(actor, "meetings.series_created" if creating else "meetings.series_changed", series)
    db.session.commit()
    return series


def generate_for(actor: Person, series: MeetingSeries, weeks: int = 8) -> list[Meeting]:
    """The chair's or the cabinet's "plan the next meetings": the coming `weeks` (a year for rare series)."""
    if not (can(actor, "meetings.setup") or can(actor, "meetings.chair", series)):
        raise PermissionDenied(_l("Only the chair or the cabinet plan the meetings of this series."))
    horizon = weeks if series.recurrence == Recurrence.WEEKLY else 52
    created = generate_meetings(series, local_today() + timedelta(weeks=horizon), actor=actor)
    db.session.commit()
    return created


def all_series() -> list[MeetingSeries]:
    return list(db.session.scalars(select(MeetingSeries).order_by(MeetingSeries.kind, MeetingSeries.id)))


def upcoming(series: MeetingSeries, limit: int = 10) -> list[Meeting]:
    """The series' meetings from today on, soonest first."""
    return list(db.session.scalars(
        select(Meeting).where(Meeting.series_id == series.id, Meeting.starts_at >= to_utc(
            datetime.combine(local_today(), time.min))).order_by(Meeting.starts_at).limit(limit)))


def past(series: MeetingSeries, limit: int = 10) -> list[Meeting]:
    return list(db.session.scalars(
        select(Meeting).where(Meeting.series_id == series.id, Meeting.starts_at < to_utc(
            datetime.combine(local_today(), time.min))).order_by(Meeting.starts_at.desc()).limit(limit)))


def parking_lot(series: MeetingSeries) -> list[AgendaItem]:
    return list(db.session.scalars(select(AgendaItem).where(
        AgendaItem.series_id == series.id, AgendaItem.status == ItemStatus.PARKED).order_by(AgendaItem.id)))
