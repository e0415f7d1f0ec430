"""Benchmarks of the host's busiest pages with a municipality-sized staff.

Run by `make bench`; prints server-side figures, asserts nothing about time.
"""

from __future__ import annotations

import pytest

from intranet.extensions import db
from intranet.people.models import Person
from tests.bench.organisation import STAFF, UNITS, make_staff, median_and_max
from tests.conftest import sign_in

pytestmark = pytest.mark.bench

@pytest.fixture
def big_organisation(app):
    _units, person_ids = make_staff()
    db.session.commit()
    return db.session.get(Person, person_ids[0])


def test_host_pages_with_5000_staff(app, big_organisation, capsys):
    client = app.test_client()
    sign_in(client, big_organisation)
    rows = []
    for url in ("/", "/directory/", "/directory/?q=staff%2004", "/search?q=staff", "/api/v1/units", "/api/v1/me"):
        median, worst = median_and_max(client, url, runs=30)
        rows.append(f"{url:<28} median {median:7.1f} ms   max {worst:7.1f} ms")
    with capsys.disabled():
        print(f"\nhost pages, {STAFF} staff in {UNITS} units, {db.engine.dialect.name}:")
        for row in rows:
            print("  " + row)


def test_session_lookup_with_50000_session_records(app, big_organisation, capsys):
    """Each request reads its session record by primary key; the table's size must not matter."""
    from datetime import timedelta

    from sqlalchemy import insert

    from intranet.auth.models import SignInSession, new_session_id
    from intranet.people.models import utcnow

    old = utcnow() - timedelta(days=30)
    person_ids = list(db.session.scalars(db.select(Person.id)))
    for start in range(0, len(person_ids), 1000):
        db.session.execute(insert(SignInSession), [
            {"id": new_session_id(), "person_id": pid, "method": "sso", "created_at": old, "last_seen_at": old,
             "ended_at": old, "end_reason": "idle timeout"}
            for pid in person_ids[start:start + 1000] for _ in range(10)
        ])
    db.session.commit()
    client = app.test_client()
    sign_in(client, big_organisation)
    median, worst = median_and_max(client, "/api/v1/me", runs=200)
    with capsys.disabled():
        print(f"\nsigned-in request with {10 * len(person_ids)} session records, {db.engine.dialect.name}: "
              f"/api/v1/me median {median:.1f} ms, max {worst:.1f} ms")
