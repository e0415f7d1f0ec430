"""Benchmark: approving an all-staff must-read at 5,000 staff, and the fan-out job behind it.

Target from issue 10: the approving request under 300 ms (it records the publication and
queues one job); the outbox worker then makes the 5,000 notifications and emails.
Run by `make bench`; prints the figures, asserts nothing about time.
"""

from __future__ import annotations

import time
from datetime import datetime, timedelta

import pytest
from sqlalchemy import func, select

from bulletins import services
from intranet.extensions import db
from intranet.notifications import outbox as worker
from intranet.notifications.models import Notification
from intranet.people.models import Person, RoleAssignment
from tests.bench.organisation import STAFF, make_staff
from tests.conftest import sign_in

pytestmark = pytest.mark.bench


def test_approving_an_all_staff_bulletin(app):
    _unit_ids, person_ids = make_staff()
    db.session.add(RoleAssignment(person_id=person_ids[1], role="communications", source="admin"))
    db.session.commit()
    author, officer = db.session.get(Person, person_ids[0]), db.session.get(Person, person_ids[1])
    # The author heads a unit but writes to all staff: communications approves.
    author.unit.head_id = author.id
    db.session.commit()
    now = datetime.utcnow()  # noqa: DTZ003 - Ura stores naive UTC
    bulletin = services.save(author, titles={"sq": "Orari i ri"}, bodies={"sq": "Nga maji."}, audience_all=True,
                             must_read=True, acknowledge_by=now + timedelta(days=14), now=now)
    services.submit(author, bulletin, now=now)
    client = app.test_client()
    sign_in(client, officer)

    start = time.perf_counter()
    response = client.post(f"/bulletins/{bulletin.id}/review", data={"approve": "Approve", "comment": ""})
    request_ms = (time.perf_counter() - start) * 1000
    assert response.status_code == 302
    start = time.perf_counter()
    worker.run_once()
    job_s = time.perf_counter() - start
    told = db.session.scalar(select(func.count()).select_from(Notification)
                             .where(Notification.kind == "bulletins.must_read"))
    assert told == STAFF
    print(f"\napproving an all-staff must-read at {STAFF} staff: {request_ms:.0f} ms (target < 300 ms); "
          f"the fan-out job: {job_s:.1f} s for {told} notifications and emails")
