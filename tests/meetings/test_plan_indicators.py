"""General staff meetings' figures for the action plan (host signal `plan_indicators`): meetings held,
attendance, staff questions asked and answered — counted from seeded meetings of one year."""

from __future__ import annotations

from datetime import date, datetime, time

import pytest

from intranet.extensions import db
from meetings.models import Attendance, AttendanceRecord, MeetingStatus, QuestionStatus, SeriesKind, StaffQuestion
from meetings.widgets import indicators


def _question(meeting, status, day):
    db.session.add(StaffQuestion(meeting_id=meeting.id, text="Pse?", asked_on=day, status=status))


def test_held_attendance_questions(app, people, make_series, make_meeting):
    general = make_series(kind=SeriesKind.GENERAL, titles={"en": "General staff meeting"})
    weekly = make_series()
    spring = make_meeting(general, date(2025, 4, 10))
    autumn = make_meeting(general, date(2025, 10, 9))
    make_meeting(general, date(2025, 12, 11))  # still scheduled: planned, not held
    cancelled = make_meeting(general, date(2025, 6, 12))
    cancelled.status = MeetingStatus.CANCELLED
    make_meeting(general, date(2026, 4, 9)).status = MeetingStatus.HELD  # another year
    sector = make_meeting(weekly, date(2025, 4, 7))  # not a general meeting
    for meeting in (spring, autumn, sector):
        meeting.status = MeetingStatus.HELD
    marks = [Attendance.PRESENT, Attendance.PRESENT, Attendance.EXCUSED]
    for meeting in (spring, autumn):
        for person, mark in zip((people["employee"], people["director"], people["hr"]), marks, strict=True):
            db.session.add(AttendanceRecord(meeting_id=meeting.id, person_id=person.id, status=mark))
    db.session.add(AttendanceRecord(meeting_id=sector.id, person_id=people["employee"].id,
                                    status=Attendance.ABSENT))
    for status in (QuestionStatus.ANSWERED, QuestionStatus.ANSWERED, QuestionStatus.OPEN, QuestionStatus.MERGED,
                   QuestionStatus.HIDDEN):
        _question(spring, status, date(2025, 4, 1))
    _question(autumn, QuestionStatus.ANSWERED, date(2025, 10, 1))
    _question(sector, QuestionStatus.OPEN, date(2025, 4, 1))
    db.session.commit()
    with app.test_request_context():
        found = {indicator.key: indicator for indicator in indicators(2025)}
    assert found["meetings.general_held"].value == 2
    assert found["meetings.general_held"].detail == "2 of 4 planned"
    assert found["meetings.general_attendance"].value == pytest.approx(4 / 6)
    # five asked (the hidden one left out); the merged one is answered with the one it joined
    assert found["meetings.questions_asked"].value == 5
    assert found["meetings.questions_answered"].value == pytest.approx(3 / 4)
    assert found["meetings.questions_answered"].detail == "3 of 4 questions"


def test_a_year_without_general_meetings(app, people, make_series, make_meeting):
    make_meeting(make_series(), date(2025, 4, 7)).status = MeetingStatus.HELD
    db.session.commit()
    with app.test_request_context():
        found = {indicator.key: indicator for indicator in indicators(2025)}
    assert found["meetings.general_held"].value == 0
    assert found["meetings.general_attendance"].value is None
    assert found["meetings.questions_answered"].value is None


def test_the_meeting_at_new_year_counts_in_istog_time(app, people, make_series, make_meeting):
    meeting = make_meeting(make_series(kind=SeriesKind.GENERAL), date(2026, 1, 1), at=time(0, 30))
    # stored in UTC: 23:30 on 31 December is 00:30 on 1 January in Istog
    meeting.starts_at = datetime(2025, 12, 31, 23, 30)
    meeting.status = MeetingStatus.HELD
    db.session.commit()
    with app.test_request_context():
        assert {i.key: i for i in indicators(2026)}["meetings.general_held"].value == 1
        assert {i.key: i for i in indicators(2025)}["meetings.general_held"].value == 0
