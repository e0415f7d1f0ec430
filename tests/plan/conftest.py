"""Fixtures for the action plan: the 2024 annex loaded on the test units, English outside requests."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _english(english_outside_requests):
    """Messages rendered outside a request read English (see tests/conftest.py)."""


@pytest.fixture
def annex(app, people, db):
    """The demo plan of 2024 ("the directorates" link every test unit of kind directorate)."""
    from plan.demo import YEAR, load_demo
    from plan.services import year_plan

    load_demo()
    db.session.commit()
    return year_plan(YEAR)


@pytest.fixture
def own_activity(annex, units, db):
    """Objective 3's "ZIP equipment" activity (May 2024, 1,500.00), made the own unit's only activity."""
    activity = next(a for a in annex.objectives[2].activities if "ZIP" in a.titles["sq"])
    for other in annex.activities:
        other.units = []
    activity.units = [units["own"]]
    db.session.commit()
    return activity
