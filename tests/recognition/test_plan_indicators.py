"""Recognition's figures for the action plan (host signal `plan_indicators`): the year's award cycles
announced, nominations and awards, and the thanks written that year — from seeded cycles and thanks."""

from __future__ import annotations

from datetime import datetime

from intranet.extensions import db
from recognition.models import Award, CycleStatus, Thanks
from recognition.services import cycles
from recognition.widgets import indicators
from tests.recognition.conftest import DURING, justify


def test_awards_nominations_and_thanks_of_the_year(app, people, make_cycle, make_person):
    cycle = make_cycle()
    category = cycle.categories[0]
    colleague = make_person("Arta Kolegia")
    first = cycles.nominate(people["hr"], category, people["employee"], justify(category), now=DURING)
    cycles.nominate(people["director"], category, people["employee"], justify(category), now=DURING)
    cycles.nominate(people["employee"], category, colleague, justify(category), now=DURING)
    with app.test_request_context():
        found = {indicator.key: indicator for indicator in indicators(2026)}
    # nominating: three nominations, nothing announced yet
    assert found["recognition.awards_held"].value == 0
    assert found["recognition.nominations"].value == 3
    cycle.status = CycleStatus.ANNOUNCED
    db.session.add(Award(cycle_id=cycle.id, category_id=category.id, nomination_id=first.id, justifications={}))
    for at, hidden in ((datetime(2026, 3, 1, 9), None), (datetime(2026, 5, 1, 9), datetime(2026, 5, 2, 9)),
                       (datetime(2025, 12, 31, 23, 30), None),  # 00:30 on New Year's Day in Istog
                       (datetime(2025, 6, 1, 9), None)):
        db.session.add(Thanks(author_id=people["hr"].id, message="Faleminderit", token=f"t{at:%Y%m%d%H%M}",
                              created_at=at, hidden_at=hidden))
    db.session.commit()
    with app.test_request_context():
        found = {indicator.key: indicator for indicator in indicators(2026)}
        assert found["recognition.awards_held"].value == 1
        assert found["recognition.awards_held"].detail == "1 award given"
        assert found["recognition.thanks"].value == 2
        earlier = {indicator.key: indicator.value for indicator in indicators(2025)}
    assert earlier == {"recognition.awards_held": 0, "recognition.nominations": 0, "recognition.thanks": 1}
