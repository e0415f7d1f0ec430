"""The feed, openings, must-read acknowledgments, reminders, the per-unit report and reach."""

from __future__ import annotations

import io
from datetime import timedelta

from openpyxl import load_workbook
from sqlalchemy import func, select

from bulletins import permissions, reading, reports, services
from bulletins.models import BulletinRead
from intranet.extensions import db
from intranet.notifications.models import Notification
from tests.bulletins.conftest import NOW


def _feed(person, **filters):
    return db.session.scalars(reading.feed_query(person, **filters)).all()


def test_the_feed_shows_what_is_addressed_to_me(people, units, make_person, make_unit, write):
    sub = make_unit("SUB", "Sub-unit", parent_id=units["own"].id)
    in_sub = make_person(unit=sub)
    outsider = make_person(unit=units["other"])
    hr_elsewhere = make_person(unit=units["other"], roles=["hr"])
    sector = write(people["director"], title="For the own unit")
    everyone = write(people["communications"], audience_all=True, title="For everyone")
    for_hr = write(people["communications"], roles=["hr"], title="For hr")
    assert set(_feed(in_sub)) == {sector, everyone}  # a unit's bulletin reaches its sub-units
    assert set(_feed(outsider)) == {everyone}
    assert set(_feed(hr_elsewhere)) == {everyone, for_hr}
    assert not permissions.may_read(outsider, sector)


def test_unacknowledged_must_reads_then_pinned_then_newest(people, write):
    old = write(people["communications"], audience_all=True, title="Old", now=NOW)
    pinned = write(people["communications"], audience_all=True, title="Pinned", pinned=True, now=NOW)
    must = write(people["communications"], audience_all=True, title="Must", must_read=True,
                 acknowledge_by=NOW + timedelta(days=10), now=NOW - timedelta(days=5))
    new = write(people["communications"], audience_all=True, title="New", now=NOW + timedelta(hours=1))
    employee = people["employee"]
    assert _feed(employee) == [must, pinned, new, old]
    reading.acknowledge(employee, must, "en", now=NOW)
    assert _feed(employee) == [pinned, new, old, must]
    assert reading.pending_must_reads(employee) == []


def test_search_covers_every_language_and_filters_combine(people, write):
    comms = people["communications"]
    water = services.save(comms, titles={"sq": "Ndërprerje e ujit", "sr": "Prekid vode"},
                          bodies={"sq": "Nuk ka ujë të hënën.", "sr": "Nema vode u ponedeljak."},
                          audience_all=True, category="announcement", now=NOW)
    services.submit(comms, water, now=NOW)
    other = write(comms, audience_all=True, title="Training", category="event")
    employee = people["employee"]
    assert _feed(employee, q="ponedeljak") == [water]
    assert _feed(employee, q="UJIT") == [water]
    assert _feed(employee, q="50%") == []
    assert _feed(employee, category="event") == [other]
    assert _feed(employee, unit_id=comms.unit_id, category="announcement") == [water]
    reading.record_open(employee, other)
    assert _feed(employee, unread=True) == [water]


def test_pagination(people, write):
    for n in range(25):
        write(people["communications"], audience_all=True, title=f"Bulletin {n}", now=NOW + timedelta(minutes=n))
    page = reading.feed(people["employee"], page=2, per_page=20)
    assert page.total == 25 and len(page.items) == 5


def test_an_opening_is_recorded_once(people, client_as, write):
    bulletin = write(people["director"])
    client = client_as(people["employee"])
    for _ in range(3):
        response = client.get(f"/bulletins/{bulletin.id}/open", follow_redirects=True)
        assert response.status_code == 200 and response.request.path == f"/bulletins/{bulletin.id}"
    assert db.session.scalar(select(func.count()).select_from(BulletinRead)) == 1


def test_acknowledging_records_the_language_read(people, write):
    bulletin = services.save(people["communications"], titles={"sq": "Rregullat", "en": "The rules"},
                             bodies={"sq": "Teksti", "en": "Text"}, audience_all=True, must_read=True,
                             acknowledge_by=NOW + timedelta(days=7), now=NOW)
    services.submit(people["communications"], bulletin, now=NOW)
    employee, hr = people["employee"], people["hr"]
    assert reading.acknowledge(employee, bulletin, "en", now=NOW).language == "en"
    assert reading.acknowledge(hr, bulletin, "sr", now=NOW).language == "sq"  # no Serbian: read the original
    first = reading.acknowledge(employee, bulletin, "sq", now=NOW + timedelta(days=1))
    assert first.language == "en"  # a second click keeps the first acknowledgment


def _must_read(people, units, make_person, due=NOW + timedelta(days=10)):
    make_person("Other Person", unit=units["other"])
    bulletin = services.save(people["communications"], titles={"en": "Read me"}, bodies={"en": "Text"},
                             audience_all=True, must_read=True, acknowledge_by=due, now=NOW)
    services.submit(people["communications"], bulletin, now=NOW)
    return bulletin


def test_the_per_unit_report_and_its_xlsx(app, people, units, make_person):
    bulletin = _must_read(people, units, make_person)
    people["employee"].name = "=HYPERLINK(\"http://evil\")"
    db.session.commit()
    reading.acknowledge(people["employee"], bulletin, "en", now=NOW)
    rows = {r.label: r for r in reading.acknowledgment_report(bulletin)}
    own, other = rows["Own directorate"], rows["Other directorate"]
    assert (own.audience, own.count, other.audience, other.count) == (6, 1, 1, 0)
    assert [p.name for p in other.people_missing] == ["Other Person"]
    book = load_workbook(io.BytesIO(reports.acknowledgment_xlsx(bulletin, "en")))
    by_unit = [list(r) for r in book.worksheets[0].iter_rows(values_only=True)]
    assert ["Own directorate", 6, 1, 5] in by_unit and ["Other directorate", 1, 0, 1] in by_unit
    named = {r[0]: r for r in book.worksheets[1].iter_rows(values_only=True)}
    assert named["'=HYPERLINK(\"http://evil\")"][2:] == ("yes", NOW.strftime("%Y-%m-%d %H:%M"), "en")
    assert named["Other Person"][2] == "no"


def _reminders(person):
    return db.session.scalar(select(func.count()).select_from(Notification).where(
        Notification.person_id == person.id, Notification.kind == "bulletins.must_read"))


def test_reminders_follow_the_cadence_and_skip_those_who_acknowledged(people, units, make_person):
    due = NOW + timedelta(days=10)
    bulletin = _must_read(people, units, make_person, due=due)
    employee, hr = people["employee"], people["hr"]
    assert _reminders(employee) == 1  # at publishing
    assert [step for step, _ in reading.reminder_schedule(bulletin, until=due + timedelta(days=15))] == [
        "published", "before-due", "due", "overdue-1", "overdue-2"]
    reading.acknowledge(hr, bulletin, "en", now=NOW)
    assert reading.send_reminders(now=due - timedelta(days=4)) == 0  # nothing due yet
    reading.send_reminders(now=due - timedelta(days=3))
    assert (_reminders(employee), _reminders(hr)) == (2, 1)
    reading.send_reminders(now=due - timedelta(days=2))  # the same step is not sent twice
    assert _reminders(employee) == 2
    reading.send_reminders(now=due)
    assert _reminders(employee) == 3
    reading.send_reminders(now=due + timedelta(days=6))
    assert _reminders(employee) == 3
    reading.send_reminders(now=due + timedelta(days=7))
    assert _reminders(employee) == 4
    reading.acknowledge(employee, bulletin, "en", now=due + timedelta(days=8))
    reading.send_reminders(now=due + timedelta(days=14))
    assert _reminders(employee) == 4 and _reminders(hr) == 1


def test_reach_counts_openings_by_unit(people, units, make_person, write):
    outsider = make_person(unit=units["other"])
    bulletin = write(people["communications"], audience_all=True)
    for person in (people["employee"], people["hr"], outsider, people["employee"]):
        reading.record_open(person, bulletin, now=NOW)
    rows = {r.label: (r.count, r.audience) for r in reading.reach(bulletin)}
    assert rows == {"Own directorate": (2, 6), "Other directorate": (1, 1)}
    sector = write(people["director"])
    reading.record_open(outsider, sector)  # not in the audience: not counted
    assert {r.label: (r.count, r.audience) for r in reading.reach(sector)} == {"Own directorate": (0, 6)}


def test_the_tick_command_publishes_and_reminds(app, people, units, write):
    at = NOW + timedelta(hours=5)
    bulletin = write(people["director"], publish_at=at)
    assert bulletin.status == "scheduled"
    result = app.test_cli_runner().invoke(args=["bulletins", "tick", "--now", at.isoformat()])
    assert result.exit_code == 0, result.output
    assert "1 published" in result.output
    db.session.expire_all()
    assert bulletin.status == "published"
