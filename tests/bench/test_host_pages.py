"""Benchmarks of the host's busiest pages with a municipality-sized staff.

Run by `make bench`; prints server-side figures, asserts nothing about time.
"""

from __future__ import annotations

import statistics
import time

import pytest

from intranet.extensions import db
from intranet.people.models import Person, Unit
from tests.conftest import sign_in

pytestmark = pytest.mark.bench

STAFF = 5000
UNITS = 40


@pytest.fixture
def big_organisation(app):
    units = [Unit(code=f"B{i}", names={"sq": f"Njësia {i}", "sr": f"Jedinica {i}", "en": f"Unit {i}"})
             for i in range(UNITS)]
    db.session.add_all(units)
    db.session.flush()
    db.session.bulk_insert_mappings(Person, [
        {"name": f"Staff {n:05d}", "email": f"staff{n}@bench.test", "position": "Officer",
         "unit_id": units[n % UNITS].id, "language": "sq", "active": True, "session_epoch": 0}
        for n in range(STAFF)
    ])
    db.session.commit()
    return db.session.scalars(db.select(Person).limit(1)).one()


def measure(client, url: str, runs: int = 30) -> tuple[float, float]:
    client.get(url)  # warm caches and templates
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200
    return statistics.median(times), max(times)


def test_host_pages_with_5000_staff(app, big_organisation, capsys):
    client = app.test_client()
    sign_in(client, big_organisation)
    rows = []
    for url in ("/", "/directory/", "/directory/?q=staff%2004", "/search?q=staff", "/api/v1/units", "/api/v1/me"):
        median, worst = measure(client, url)
        rows.append(f"{url:<28} median {median:7.1f} ms   max {worst:7.1f} ms")
    with capsys.disabled():
        print(f"\nhost pages, {STAFF} staff in {UNITS} units, {db.engine.dialect.name}:")
        for row in rows:
            print("  " + row)
