"""Benchmark of the bulletins feed, search and reach chart: 5,000 staff, 20,000 bulletins, 2 million openings.

Run by `make bench` (SQLite; PostgreSQL too with TEST_DATABASE_URL). Prints server-side
figures beside the targets from the issue; asserts nothing about time.
"""

from __future__ import annotations

import time
from datetime import datetime, timedelta

import pytest
from sqlalchemy import insert

from bulletins.models import Bulletin, BulletinAudience, BulletinRead
from intranet.extensions import db
from intranet.people.models import Person, RoleAssignment
from tests.bench.organisation import STAFF, UNITS, make_staff, median_and_max
from tests.conftest import sign_in

pytestmark = pytest.mark.bench

BULLETINS = 20000
READS_PER_PERSON = 400  # 2,000,000 in all, plus the all-staff bulletin's openings
START = datetime(2024, 1, 1)
WORDS = ["ujë", "ngrohje", "takim", "buxhet", "shkolla", "rruga", "tender", "trajnim", "sport", "kultura"]


def _chunks(rows, size=50000):
    for start in range(0, len(rows), size):
        yield rows[start:start + size]


@pytest.fixture
def big_bulletins(app):
    unit_ids, person_ids = make_staff()
    db.session.add(RoleAssignment(person_id=person_ids[1], role="communications", source="admin"))
    rows = []
    for n in range(BULLETINS):
        word = WORDS[n % len(WORDS)]
        title = f"Njoftimi {n} për {word}"
        body = f"Teksti i njoftimit {n}: {word} dhe {WORDS[(n * 3) % len(WORDS)]}. " * 4
        rows.append({
            "author_id": person_ids[n % 50], "unit_id": unit_ids[n % UNITS], "category": "news",
            "titles": {"sq": title}, "bodies": {"sq": body}, "original_language": "sq",
            "audience_all": n % 10 == 0, "status": "published", "published_at": START + timedelta(hours=n),
            "pinned": n % 2000 == 0, "must_read": n % 1000 == 500,  # all-staff must-reads
            "acknowledge_by": START + timedelta(hours=n, days=14) if n % 1000 == 500 else None,
            "comments_enabled": True, "search_text": f"{title} {body}".lower(), "created_at": START,
        })
    for chunk in _chunks(rows, 5000):
        db.session.execute(insert(Bulletin), chunk)
    bulletin_ids = list(db.session.scalars(db.select(Bulletin.id).order_by(Bulletin.id)))
    all_staff = bulletin_ids[0]  # n == 0: for all staff
    db.session.execute(insert(BulletinAudience), [
        {"bulletin_id": bid, "unit_id": unit_ids[n % UNITS]} for n, bid in enumerate(bulletin_ids) if n % 10])
    # Openings: each person has opened 400 distinct bulletins (not the first), and 4,000 opened the first.
    span = len(bulletin_ids) - 1  # 19,999 is prime to 50, so k * 50 mod span never repeats for k < 400
    reads = [{"bulletin_id": bulletin_ids[1 + (p * 7 + k * 50) % span], "person_id": pid, "opened_at": START}
             for p, pid in enumerate(person_ids) for k in range(READS_PER_PERSON)]
    reads += [{"bulletin_id": all_staff, "person_id": pid, "opened_at": START} for pid in person_ids[:4000]]
    for chunk in _chunks(reads):
        db.session.execute(insert(BulletinRead), chunk)
    db.session.commit()
    if db.engine.dialect.name == "postgresql":
        db.session.execute(db.text("ANALYZE"))
        db.session.commit()
    return {"reader": db.session.get(Person, person_ids[7]), "communications": db.session.get(Person, person_ids[1]),
            "all_staff": all_staff, "must_read": bulletin_ids[500], "reads": len(reads)}


def test_bulletins_with_20000_bulletins_and_2_million_openings(app, big_bulletins, capsys):
    reader = app.test_client()
    sign_in(reader, big_bulletins["reader"])
    office = app.test_client()
    sign_in(office, big_bulletins["communications"])
    pages = [
        (reader, "/bulletins/", 150), (reader, "/bulletins/?page=50", 150),
        (reader, "/bulletins/?q=ngrohje", 150), (reader, "/bulletins/?q=takim+buxhet&unread=y", 150),
        (office, f"/bulletins/{big_bulletins['all_staff']}/report", 200),
        (office, f"/bulletins/{big_bulletins['must_read']}/report", 200),  # reach + who has acknowledged
    ]
    rows = []
    for client, url, target in pages:
        median, worst = median_and_max(client, url, runs=15)
        rows.append(f"{url:<40} median {median:7.1f} ms   max {worst:7.1f} ms   (target < {target} ms)")
    rows.append(publishing_to_all_staff(big_bulletins["communications"]))
    with capsys.disabled():
        print(f"\nbulletins, {STAFF} staff, {BULLETINS} bulletins, {big_bulletins['reads']:,} openings, "
              f"{db.engine.dialect.name}:")
        for row in rows:
            print("  " + row)


def publishing_to_all_staff(author: Person) -> str:
    """Server time of publishing an all-staff must-read: everyone is notified, and by email
    (the kind's default), in the approving request."""
    from bulletins import services
    from intranet.notifications.models import OutboxMessage

    bulletin = services.save(author, titles={"sq": "Orari i ri i punës"}, bodies={"sq": "Nga e hëna, **8–16**."},
                             category="announcement", audience_all=True, must_read=True,
                             acknowledge_by=datetime.now() + timedelta(days=14))
    db.session.commit()
    start = time.perf_counter()
    services.publish_now(author, bulletin)
    db.session.commit()
    elapsed = time.perf_counter() - start
    emails = db.session.scalar(db.select(db.func.count(OutboxMessage.id)))
    return f"{'publish an all-staff must-read':<40} {elapsed * 1000:9.0f} ms   ({emails:,} emails queued)"
