"""Double clicks on bulletin pages never end in an error and write one row (PostgreSQL, real threads)."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from bulletins import feed, services
from bulletins.models import Acknowledgment, Bulletin, BulletinRead, BulletinVersion, FeedToken
from intranet.audit.models import AuditEntry
from intranet.extensions import db
from tests.bulletins.conftest import NOW
from tests.forms import PageForm
from tests.race import at_once, postgresql_only


def _must_read(people):
    bulletin = services.save(people["communications"], titles={"en": "Read me"}, bodies={"en": "Text"},
                             audience_all=True, must_read=True, acknowledge_by=NOW + timedelta(days=7), now=NOW)
    services.submit(people["communications"], bulletin, now=NOW)
    return bulletin


def _failures(responses, expected=302):
    return [r for r in responses if isinstance(r, Exception) or r.status_code != expected]


def test_twenty_people_double_clicking_acknowledge_get_one_row_each(people, make_person, units, client_as):
    postgresql_only(db)
    bulletin = _must_read(people)
    readers = [make_person(unit=units["own"]) for _ in range(20)]
    clicks = []
    for person in readers:
        client = client_as(person)
        page = client.get(f"/bulletins/{bulletin.id}").get_data(as_text=True)
        form = PageForm(page, action=f"/bulletins/{bulletin.id}/acknowledge")
        clicks += [lambda form=form, client=client: form.submit(client)] * 2
    assert _failures(at_once(clicks)) == []
    rows = db.session.execute(select(Acknowledgment.person_id, func.count()).group_by(Acknowledgment.person_id))
    assert sorted(rows.all()) == sorted((p.id, 1) for p in readers)
    # One audit entry per acknowledgment, not one per click.
    audited = db.session.scalar(select(func.count()).select_from(AuditEntry)
                                .where(AuditEntry.action == "bulletins.acknowledged"))
    assert audited == 20


def test_twenty_people_opening_twice_at_once_count_once_each(people, make_person, units, client_as):
    postgresql_only(db)
    bulletin = _must_read(people)
    readers = [make_person(unit=units["own"]) for _ in range(20)]
    url = f"/bulletins/{bulletin.id}"  # reading the bulletin's own page records the opening
    clicks = []
    for person in readers:
        client = client_as(person)
        clicks += [lambda client=client: client.get(url)] * 2
    assert _failures(at_once(clicks), expected=200) == []
    rows = db.session.execute(select(BulletinRead.person_id, func.count()).group_by(BulletinRead.person_id))
    assert sorted(rows.all()) == sorted((p.id, 1) for p in readers)


def test_a_double_clicked_feed_address_gives_one_working_token(people, client_as):
    postgresql_only(db)
    person = people["employee"]
    clients = [client_as(person) for _ in range(2)]
    forms = [PageForm(c.get("/bulletins/feed").get_data(as_text=True), action="", base_url="/bulletins/feed")
             for c in clients]
    responses = at_once([lambda f=f, c=c: f.submit(c) for f, c in zip(forms, clients, strict=True)])
    assert _failures(responses, expected=200) == []
    assert db.session.scalar(select(func.count()).select_from(FeedToken)) == 1
    # The address shown by the request that finished last is the one that works.
    shown = [r.get_data(as_text=True).split("/bulletins/feed/")[1].split(".atom")[0] for r in responses]
    assert sum(feed.tokens.person_for(token) is not None for token in shown) == 1


def test_two_edits_of_a_published_bulletin_at_once_keep_two_numbered_versions(app, people, write):
    postgresql_only(db)
    director = people["director"]
    bulletin = write(director)
    assert bulletin.status == "published"
    unit_ids = [u.id for u in director.headed_units]
    director_id, bulletin_id = director.id, bulletin.id

    def edit(text):
        def run():
            from intranet.people.models import Person

            actor = db.session.get(Person, director_id)
            mine = db.session.get(Bulletin, bulletin_id)
            services.save(actor, mine, titles={"en": "Water outage"}, bodies={"en": text}, unit_ids=unit_ids)
        return run

    outcomes = at_once([edit("First change."), edit("Second change.")], app=app)
    assert [o for o in outcomes if isinstance(o, Exception)] == []
    numbers = db.session.scalars(select(BulletinVersion.number).order_by(BulletinVersion.number)).all()
    assert numbers == [1, 2]
