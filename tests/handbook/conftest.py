"""Fixtures of the handbook tests: a small handbook loaded from tests/handbook/fixtures/mini."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

MINI = Path(__file__).parent / "fixtures" / "mini"
TITLES = {"sq": "Udhëzuesi", "sr": "Vodič", "en": "Guide"}


def load_mini(slug: str = "email-guidelines"):
    """The small fixture handbook, published as version 1 (idempotent)."""
    from handbook.services import import_handbook

    return import_handbook(slug, TITLES, MINI)


@pytest.fixture
def handbook(app, db):
    return load_mini()


@pytest.fixture
def change(db):
    """`change(handbook, key, en="new text")`: edit a section of the draft directly (no service rules)."""
    from handbook.services import get_section

    def edit(handbook, key: str, **bodies: str):
        section = get_section(handbook, key)
        section.bodies = {**section.bodies, **bodies}
        db.session.commit()
        return section

    return edit


@pytest.fixture
def backdate(db):
    """`backdate(obj, days, attr)`: move a timestamp into the past."""

    def move(obj, days: int, attr: str):
        setattr(obj, attr, getattr(obj, attr) - timedelta(days=days))
        db.session.commit()
        return obj

    return move


@pytest.fixture(autouse=True)
def _english(english_outside_requests):
    """Messages rendered outside a request read English (see tests/conftest.py)."""
