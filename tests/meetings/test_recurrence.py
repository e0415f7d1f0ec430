"""Generating a series' meetings from its recurrence, and the proposal deadline."""

from __future__ import annotations

from datetime import date, datetime, time

from sqlalchemy import select

from intranet.extensions import db
from intranet.localtime import to_local
from meetings.models import Meeting, Recurrence
from meetings.services.agenda import proposal_deadline, working_days_before
from meetings.services.series import generate_meetings, recurrence_days


def test_weekly_on_a_weekday(series):
    series.weekday = 1  # Tuesday
    days = recurrence_days(series, date(2026, 12, 1), date(2026, 12, 31))
    assert days == [date(2026, 12, 1), date(2026, 12, 8), date(2026, 12, 15), date(2026, 12, 22), date(2026, 12, 29)]
    assert recurrence_days(series, date(2026, 12, 2), date(2026, 12, 7)) == []


def test_monthly_moves_a_weekend_to_monday(series):
    series.recurrence, series.day_of_month = Recurrence.MONTHLY, 5
    days = recurrence_days(series, date(2026, 12, 1), date(2027, 3, 31))
    # 5 December 2026 is a Saturday; 5 March 2027 a Friday
    assert days == [date(2026, 12, 7), date(2027, 1, 5), date(2027, 2, 5), date(2027, 3, 5)]


def test_monthly_day_31_is_the_last_day_of_short_months(series):
    series.recurrence, series.day_of_month = Recurrence.MONTHLY, 31
    # 28 February 2027 is a Sunday: the meeting moves to Monday 1 March
    assert recurrence_days(series, date(2027, 2, 1), date(2027, 3, 1)) == [date(2027, 3, 1)]
    assert recurrence_days(series, date(2027, 4, 1), date(2027, 4, 30)) == [date(2027, 4, 30)]


def test_twice_a_year_in_march_and_october(series):
    series.recurrence, series.day_of_month, series.months = Recurrence.TWICE_A_YEAR, 15, []
    assert recurrence_days(series, date(2027, 1, 1), date(2027, 12, 31)) == [date(2027, 3, 15), date(2027, 10, 15)]
    series.months = [4, 11]
    assert recurrence_days(series, date(2027, 1, 1), date(2027, 12, 31)) == [date(2027, 4, 15), date(2027, 11, 15)]


def test_session_dates_as_entered(series):
    series.recurrence = Recurrence.SESSION_DATES
    series.session_dates = ["2027-01-28", "2026-12-18", "2027-03-01"]
    assert recurrence_days(series, date(2026, 12, 6), date(2027, 2, 28)) == [date(2026, 12, 18), date(2027, 1, 28)]


def test_generating_twice_adds_nothing_and_uses_local_time(series):
    series.weekday, series.start_time = 0, time(9, 0)
    series.agenda_template = "Last week\n\nReports"
    first = generate_meetings(series, date(2027, 1, 31), today=date(2027, 1, 1))
    assert [m.scheduled_for for m in first] == [date(2027, 1, 4), date(2027, 1, 11), date(2027, 1, 18),
                                                date(2027, 1, 25)]
    assert generate_meetings(series, date(2027, 1, 31), today=date(2027, 1, 1)) == []
    meeting = first[0]
    assert to_local(meeting.starts_at) == datetime(2027, 1, 4, 9, 0)
    assert meeting.starts_at == datetime(2027, 1, 4, 8, 0)  # Belgrade is UTC+1 in winter
    assert [i.title for i in meeting.items] == ["Last week", "Reports"]
    assert db.session.scalar(select(db.func.count()).select_from(Meeting)) == 4


def test_working_days_skip_the_weekend():
    assert working_days_before(date(2026, 12, 9), 2) == date(2026, 12, 7)   # Wednesday -> Monday
    assert working_days_before(date(2026, 12, 7), 2) == date(2026, 12, 3)   # Monday -> Thursday
    assert working_days_before(date(2026, 12, 7), 0) == date(2026, 12, 7)


def test_the_deadline_is_two_working_days_before_at_the_same_local_time(series, make_meeting):
    meeting = make_meeting(series, date(2026, 12, 14))  # a Monday, 09:00 local
    assert to_local(proposal_deadline(meeting)) == datetime(2026, 12, 10, 9, 0)
    series.proposal_days = 0
    assert to_local(proposal_deadline(meeting)) == datetime(2026, 12, 14, 9, 0)
