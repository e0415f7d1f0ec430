"""Announcing, reminding and the daily tick, with the clock passed in (`now=`)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from intranet.audit.models import AuditEntry
from intranet.domain import DomainError, PermissionDenied
from intranet.extensions import db
from intranet.notifications.models import Notification
from intranet.people.models import utcnow
from surveys.models import Survey, SurveyStatus
from surveys.services.invitations import announce, remind, tick
from tests.surveys.test_answering import answer_all, build_survey


def notified(kind: str) -> list[int]:
    return sorted(db.session.scalars(select(Notification.person_id).where(Notification.kind == kind)))


@pytest.fixture
def survey(people):
    return build_survey(list(people.values()), reminder_days=[7, 2])


def test_announce_once_when_the_window_begins_and_only_to_those_who_have_not_answered(client_as, people):
    start = utcnow() + timedelta(days=1)
    survey = build_survey(list(people.values()), opens_at=start, closes_at=start + timedelta(days=14))
    assert announce(survey, now=start - timedelta(hours=1)) is None  # not yet
    assert notified("surveys.opened") == []
    assert announce(survey, now=start) == 6
    assert notified("surveys.opened") == sorted(p.id for p in people.values())
    assert db.session.scalar(select(Notification.url).limit(1)) == f"/surveys/{survey.id}/"
    assert announce(survey, now=start + timedelta(days=1)) is None  # once
    assert len(notified("surveys.opened")) == 6
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "surveys.announced"))
    assert entry.details == {"count": 6}


def test_manual_reminder_reaches_only_those_who_have_not_answered(client_as, people, survey):
    answer_all(client_as(people["employee"]), survey)
    assert remind(people["hr"], survey) == 5
    assert people["employee"].id not in notified("surveys.reminder")
    assert len(notified("surveys.reminder")) == 5
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "surveys.reminded"))
    assert entry.actor_id == people["hr"].id and entry.details == {"count": 5}  # the count, never names


def test_only_hr_reminds_and_only_while_open(people, survey):
    with pytest.raises(PermissionDenied):
        remind(people["director"], survey)
    with pytest.raises(DomainError, match="only be sent while the survey is open"):
        remind(people["hr"], survey, now=survey.closes_at + timedelta(hours=1))


def test_remind_route(client_as, people, survey):
    client = client_as(people["hr"])
    response = client.post(f"/surveys/{survey.id}/remind", data={"next": "https://evil.test/"})
    assert response.status_code == 302 and "evil" not in response.headers["Location"]
    assert len(notified("surveys.reminder")) == 6
    page = client.get("/surveys/").get_data(as_text=True)
    assert "6 people who have not answered yet were reminded." in page


def test_tick_announces_reminds_on_schedule_once_and_closes(client_as, people, survey):
    closes = survey.closes_at
    answer_all(client_as(people["employee"]), survey)
    first = tick(now=closes - timedelta(days=10))
    assert first.announced == [survey.id] and first.reminded == []
    assert len(notified("surveys.opened")) == 5
    assert tick(now=closes - timedelta(days=9)).reminded == []  # no reminder is due yet
    assert tick(now=closes - timedelta(days=7)).reminded == [survey.id]
    assert len(notified("surveys.reminder")) == 5 and people["employee"].id not in notified("surveys.reminder")
    assert tick(now=closes - timedelta(days=6)).reminded == []  # the 7-day reminder went once
    answer_all(client_as(people["director"]), survey)
    assert tick(now=closes - timedelta(days=2)).reminded == [survey.id]
    assert len(notified("surveys.reminder")) == 5 + 4
    db.session.refresh(survey)
    assert sorted(survey.reminders_sent) == [2, 7] and survey.status == SurveyStatus.OPEN
    closing = tick(now=closes)
    assert closing.closed == [survey.id]
    db.session.expire_all()
    closed = db.session.get(Survey, survey.id)
    assert closed.status == SurveyStatus.CLOSED and closed.closed_at == closes
    assert tick(now=closes + timedelta(days=1)).closed == []


def test_a_missed_tick_sends_one_reminder_not_several(people):
    now = utcnow()
    survey = build_survey(list(people.values()), reminder_days=[7, 2], closes_at=now + timedelta(days=1))
    announce(survey, now=now - timedelta(hours=1))
    report = tick(now=now)
    assert report.reminded == [survey.id] and len(notified("surveys.reminder")) == 6
    db.session.refresh(survey)
    assert sorted(survey.reminders_sent) == [2, 7]


def test_no_reminder_on_the_day_of_the_announcement(people):
    now = utcnow()
    survey = build_survey(list(people.values()), reminder_days=[7], closes_at=now + timedelta(days=3))
    assert tick(now=now).announced == [survey.id]
    assert notified("surveys.reminder") == []
    db.session.refresh(survey)
    assert survey.reminders_sent == [7]


def test_cli_tick(runner, people):
    build_survey(list(people.values()), closes_at=utcnow() - timedelta(minutes=1))
    result = runner.invoke(args=["surveys", "tick"])
    assert result.exit_code == 0 and "closed: 1" in result.output


def test_a_reminder_keeps_only_the_day_per_recipient_and_the_emails_still_go(app, client_as, people, survey):
    """The exact time of a reminder, per recipient, would tell each of them answered after it (or,
    not reminded, before it): finer than the day participation keeps."""
    from datetime import datetime, time

    from intranet.notifications.models import NotificationPreference, OutboxMessage
    from intranet.notifications.outbox import run_once
    from tests.notifications.conftest import SmtpServer, free_port, mail_settings

    db.session.add_all(NotificationPreference(person_id=p.id, kind="surveys.reminder", delivery="email")
                       for p in people.values())
    db.session.commit()
    answer_all(client_as(people["employee"]), survey)
    assert remind(people["hr"], survey) == 5
    day = datetime.combine(utcnow().date(), time.min)
    reminders = db.session.scalars(select(Notification).where(Notification.kind == "surveys.reminder")).all()
    emails = db.session.scalars(select(OutboxMessage)).all()
    assert len(reminders) == 5 and {n.created_at for n in reminders} == {day}
    assert len(emails) == len([p for p in people.values() if p.email and p.id != people["employee"].id])
    assert {(m.created_at, m.next_attempt_at) for m in emails} == {(day, day)}
    port = free_port()
    app.config.update(mail_settings(port))
    server = SmtpServer(port).start()
    try:
        assert run_once().sent == len(emails)
    finally:
        server.stop()
    assert len(server.received) == len(emails)
