"""Fixtures for the action-item register: an item raised by a meeting, and a clock the test sets."""

from __future__ import annotations

import pytest

from intranet.actions.services import create_item


@pytest.fixture(autouse=True)
def _english(english_outside_requests):
    """Services and notifications rendered outside a request read English."""




@pytest.fixture
def make_item(people):
    """`make_item(owner=..., due_on=..., actor=...)`: an item from the weekly meeting's minutes."""
    counter = iter(range(1, 10_000))

    def factory(*, owner=None, actor=None, due_on=None, title=None, key=None, **kwargs):
        n = next(counter)
        return create_item(
            actor if actor is not None else people["director"], title=title or f"Send the table {n}",
            owner=owner or people["employee"], due_on=due_on,
            source_plugin=kwargs.pop("source_plugin", "meetings"), source_key=key or f"minutes:7:item:{n}",
            source_url="/meetings/7/minutes", source_label={"sq": "Takimi javor", "en": "Weekly meeting"},
            **kwargs,
        )

    return factory
