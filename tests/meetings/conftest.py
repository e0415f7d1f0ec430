"""Fixtures for meetings: a weekly series of the "own" unit chaired by the cabinet member, and its meetings."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import pytest

from intranet.extensions import db
from intranet.people.models import utcnow
from meetings.models import Meeting, MeetingSeries, Recurrence, SeriesKind
from meetings.services.series import meeting_start


@pytest.fixture(autouse=True)
def _english(english_outside_requests):
    """Messages rendered outside a request read English (see tests/conftest.py)."""


@pytest.fixture
def make_series(people, units):
    def factory(**values) -> MeetingSeries:
        values.setdefault("key", f"series-{len(values)}-{utcnow().timestamp()}")
        values.setdefault("titles", {"en": "Weekly meeting", "sq": "Mbledhja javore"})
        values.setdefault("kind", SeriesKind.SECTOR)
        values.setdefault("chair_id", people["cabinet"].id)
        values.setdefault("secretary_id", people["hr"].id)
        values.setdefault("member_unit_id", units["own"].id)
        values.setdefault("recurrence", Recurrence.WEEKLY)
        values.setdefault("start_time", time(9, 0))
        series = MeetingSeries(**values)
        db.session.add(series)
        db.session.commit()
        return series

    return factory


@pytest.fixture
def series(make_series):
    return make_series()


@pytest.fixture
def make_meeting():
    def factory(series: MeetingSeries, day: date, at: time = time(9, 0)) -> Meeting:
        meeting = Meeting(series=series, scheduled_for=day, starts_at=meeting_start(series, day)
                          if at == series.start_time else datetime.combine(day, at))
        db.session.add(meeting)
        db.session.commit()
        return meeting

    return factory


@pytest.fixture
def meeting(series, make_meeting):
    """A meeting ten days ahead: proposals are open."""
    return make_meeting(series, (utcnow() + timedelta(days=10)).date())
