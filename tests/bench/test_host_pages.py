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
