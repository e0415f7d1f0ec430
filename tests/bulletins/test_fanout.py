"""Publishing to a large audience returns at once: the request queues one fan-out job and the
outbox worker (`flask outbox run`) notifies everyone, exactly once."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from bulletins import services
from intranet.extensions import db
from intranet.notifications import outbox as worker
from intranet.notifications.models import Notification, OutboxMessage
from intranet.people.models import Person
from tests.bulletins.conftest import NOW
from tests.forms import PageForm
from tests.race import at_once, postgresql_only


def _staff(units, count=services.INLINE_AUDIENCE + 50):
    db.session.add_all([Person(name=f"Staff {n:04d}", email=f"staff{n}@istog.example", language="en",
                               unit_id=units["other"].id) for n in range(count)])
    db.session.commit()
    return db.session.scalar(select(func.count()).select_from(Person).where(Person.active))


def _announced():
    return dict(db.session.execute(select(Notification.person_id, func.count())
                                   .where(Notification.kind == "bulletins.must_read")
                                   .group_by(Notification.person_id)).all())


def _all_staff_must_read(people):
    bulletin = services.save(people["director"], titles={"en": "New working hours"}, bodies={"en": "From May."},
                             audience_all=True, must_read=True, acknowledge_by=NOW + timedelta(days=3000), now=NOW)
    services.submit(people["director"], bulletin, now=NOW)
    return bulletin


def test_approving_queues_one_job_and_the_worker_notifies_everyone_once(app, people, units, client_as):
    everyone = _staff(units)
    bulletin = _all_staff_must_read(people)
    comms = client_as(people["communications"])
    review = PageForm(comms.get(f"/bulletins/{bulletin.id}").get_data(as_text=True),
                      action=f"/bulletins/{bulletin.id}/review")
    assert review.submit(comms, button="approve").status_code == 302
    db.session.expire_all()
    assert bulletin.status == "published"
    # The request wrote no row per person: one job.
    assert _announced() == {}
    jobs = db.session.scalars(select(OutboxMessage).where(OutboxMessage.channel == "fanout")).all()
    assert [(j.subject, j.payload) for j in jobs] == [("bulletins.published", {"bulletin_id": bulletin.id})]

    result = app.test_cli_runner().invoke(args=["outbox", "run"])
    assert result.exit_code == 0, result.output
    announced = _announced()
    assert len(announced) == everyone and set(announced.values()) == {1}
    # Must-reads go by email by default: the job queued them for the next pass.
    emails = db.session.scalar(select(func.count()).select_from(OutboxMessage).where(
        OutboxMessage.channel == "email", OutboxMessage.subject.like("Please read and acknowledge%")))
    assert emails == everyone
    app.test_cli_runner().invoke(args=["outbox", "run"])
    assert set(_announced().values()) == {1}


def test_two_workers_run_the_job_once(app, people, units):
    postgresql_only(db)
    everyone = _staff(units)
    bulletin = _all_staff_must_read(people)
    services.approve(people["communications"], bulletin, now=NOW)
    assert _announced() == {}
    at_once([worker.run_once, worker.run_once], app=app)
    announced = _announced()
    assert len(announced) == everyone and set(announced.values()) == {1}


def test_a_small_audience_is_still_told_at_once(people, write):
    bulletin = write(people["director"])
    assert bulletin.status == "published"
    assert db.session.scalar(select(func.count()).select_from(Notification)) > 0
    assert db.session.scalar(select(func.count()).select_from(OutboxMessage)
                             .where(OutboxMessage.channel == "fanout")) == 0
