"""`flask bulletins tick` and `flask bulletins digest` are safe to overlap and to fail."""

from __future__ import annotations

import logging
from datetime import timedelta

from sqlalchemy import func, select, update

from bulletins import services
from bulletins.models import Bulletin, DigestSent, ReminderSent
from intranet.extensions import db
from intranet.notifications.models import Notification, OutboxMessage
from tests.bulletins.conftest import NOW
from tests.race import at_once, postgresql_only

AT = NOW + timedelta(hours=5)


def _scheduled_must_read(people, title="Fire drill"):
    bulletin = services.save(people["communications"], titles={"en": title}, bodies={"en": "Read the plan."},
                             audience_all=True, must_read=True, acknowledge_by=AT + timedelta(days=10),
                             publish_at=AT, now=NOW)
    services.submit(people["communications"], bulletin, now=NOW)
    assert bulletin.status == "scheduled"
    return bulletin


def _tick(app, when):
    return lambda: app.test_cli_runner().invoke(args=["bulletins", "tick", "--now", when.isoformat()])


def _tick_services(when):
    """What `flask bulletins tick` runs (click's test runner captures output globally, not per thread)."""
    def run():
        from bulletins import reading

        published = services.publish_due(when)
        reminded = reading.send_reminders(when)
        return published, reminded
    return run


def _per_person(kind):
    rows = db.session.execute(select(Notification.person_id, func.count()).where(Notification.kind == kind)
                              .group_by(Notification.person_id)).all()
    return dict(rows)


def test_two_ticks_at_once_publish_and_remind_once(app, people, make_person, units):
    postgresql_only(db)
    staff = [make_person(unit=units["own"]) for _ in range(20)]
    bulletin = _scheduled_must_read(people)
    results = at_once([_tick_services(AT), _tick_services(AT)], app=app)
    assert sorted(published for published, _reminded in results) == [0, 1], results
    told = _per_person("bulletins.must_read")
    assert all(told.get(p.id) == 1 for p in staff) and set(told.values()) == {1}
    # A reminder step falling due is sent once too, however many ticks run it.
    reminder = AT + timedelta(days=8)  # three days before the due date
    results = at_once([_tick_services(reminder), _tick_services(reminder)], app=app)
    assert sorted(reminded for _published, reminded in results) == [0, 26], results
    assert set(_per_person("bulletins.must_read").values()) == {2}
    steps = db.session.scalars(select(ReminderSent.step).where(ReminderSent.bulletin_id == bulletin.id)).all()
    assert sorted(steps) == ["before-due", "published"]


def test_a_failing_bulletin_does_not_stop_or_undo_the_others(app, people, caplog):
    broken = _scheduled_must_read(people, "Broken")
    fine = _scheduled_must_read(people, "Fine")
    # A must-read that lost its due date (a hand-edited row): announcing it fails.
    db.session.execute(update(Bulletin).where(Bulletin.id == broken.id).values(acknowledge_by=None))
    db.session.commit()
    with caplog.at_level(logging.ERROR, logger="ura.bulletins"):
        result = _tick(app, AT)()
    assert result.exit_code == 0, result.output
    assert "1 published" in result.output
    db.session.expire_all()
    assert fine.status == "published" and broken.status == "scheduled"
    assert f"bulletin={broken.id} could not be published" in caplog.text
    assert _per_person("bulletins.must_read")  # the good one was announced and stayed announced
    # Repaired, the next tick publishes it.
    broken.acknowledge_by = AT + timedelta(days=10)
    db.session.commit()
    assert "1 published" in _tick(app, AT)().output


def _digest(app, when):
    return lambda: app.test_cli_runner().invoke(args=["bulletins", "digest", "--now", when.isoformat()])


def test_a_second_digest_in_the_same_week_sends_nothing(app, people, write):
    write(people["communications"], audience_all=True)
    monday = NOW + timedelta(days=1)
    first = _digest(app, monday)()
    queued = db.session.scalar(select(func.count()).select_from(OutboxMessage).where(
        OutboxMessage.subject.like("Bulletins you have not read%")))
    assert "6 digest emails queued" in first.output and queued == 6
    again = _digest(app, monday + timedelta(days=2))()
    assert "0 digest emails queued" in again.output
    assert db.session.scalar(select(func.count()).select_from(DigestSent)) == 6
    # The next week is a new digest.
    write(people["communications"], audience_all=True, title="Next week", now=monday + timedelta(days=6))
    assert "6 digest emails queued" in _digest(app, monday + timedelta(days=7))().output


def test_two_digests_at_once_send_once(app, people, make_person, units, write):
    postgresql_only(db)
    for _ in range(20):
        make_person(unit=units["own"])
    write(people["communications"], audience_all=True)
    from bulletins.digest import send_weekly_digest

    results = at_once([lambda: send_weekly_digest(NOW + timedelta(days=1))] * 2, app=app)
    assert sum(results) == 26, results  # the two runs may share the work, never repeat it
    recipients = db.session.scalars(select(OutboxMessage.recipient).where(
        OutboxMessage.subject.like("Bulletins you have not read%"))).all()
    assert len(recipients) == 26 and len(set(recipients)) == 26
