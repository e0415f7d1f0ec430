"""Fixtures for recognition: an award cycle on a clock of the test's own (times are naive UTC)."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from recognition.services import cycles

OPENS = datetime(2026, 11, 1, 8, 0)
CLOSES = datetime(2026, 11, 30, 16, 0)
DURING = datetime(2026, 11, 10, 9, 0)
AFTER = datetime(2026, 12, 2, 9, 0)


@pytest.fixture(autouse=True)
def _english(english_outside_requests):
    """Messages rendered outside a request read English (see tests/conftest.py)."""


@pytest.fixture
def committee_people(make_person, units):
    """Three committee members: the chair (hr role, "other" unit), a cabinet member, and a colleague."""
    return {
        "chair": make_person("Chair Hana", roles=["hr"], unit=units["other"]),
        "cabinet": make_person("Member Kreshnik", roles=["cabinet"], unit=units["other"]),
        "colleague": make_person("Member Liridona", unit=units["other"]),
    }


def _criteria():
    return [({"en": "Results", "sq": "Rezultatet"}, 3), ({"en": "Service", "sq": "Shërbimi"}, 1)]


@pytest.fixture
def make_cycle(people, committee_people):
    """`make_cycle(members=[...], chair=...)`: a cycle open for nominations (in the test's clock), one category."""

    def factory(members=None, chair=None, open_it=True):
        members = members if members is not None else list(committee_people.values())
        chair = chair or committee_people["chair"]
        hr = people["hr"]
        cycle = cycles.save_cycle(hr, None, year=2026, names={"en": "Awards 2026", "sq": "Çmimet 2026"},
                                  opens=OPENS, closes=CLOSES, decision_on=date(2026, 12, 20), budget_eur=2500,
                                  member_ids=[m.id for m in members], chair_id=chair.id)
        cycles.add_category(hr, cycle, {"en": "Best performer", "sq": "Më i miri"}, _criteria())
        if open_it:
            cycles.open_nominations(hr, cycle)
        return cycle

    return factory


def justify(category, text="Because of the work done."):
    return {c.id: f"{text} ({c.name})" for c in category.criteria}
