"""What every benchmark starts from: a municipality-sized staff, and a way to time a page.

5,000 staff in 40 directorates, bulk-inserted with SQLAlchemy Core (no ORM objects).
"""

from __future__ import annotations

import statistics
import time

from sqlalchemy import insert

from intranet.extensions import db
from intranet.people.models import Person, Unit

STAFF = 5000
UNITS = 40


def make_staff(staff: int = STAFF) -> tuple[list[int], list[int]]:
    """40 directorates and `staff` people (5,000 unless told) spread over them (not committed);
    returns (unit ids, person ids)."""
    units = [Unit(code=f"U{i:02d}", kind="directorate", sort_order=i,
                  names={"sq": f"Drejtoria {i}", "sr": f"Direkcija {i}", "en": f"Directorate {i}"})
             for i in range(UNITS)]
    db.session.add_all(units)
    db.session.flush()
    unit_ids = [u.id for u in units]
    db.session.execute(insert(Person), [
        {"name": f"Staff {n:05d}", "email": f"staff{n}@bench.test", "position": "Officer",
         "unit_id": unit_ids[n % UNITS], "language": "sq", "active": True}
        for n in range(staff)
    ])
    return unit_ids, list(db.session.scalars(db.select(Person.id).order_by(Person.id)))


def median_and_max(client, url: str, runs: int) -> tuple[float, float]:
    """Server time in ms of `runs` GETs of `url` after one to warm caches and templates."""
    client.get(url)
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, url
    return statistics.median(times), max(times)
