"""Fixtures for bulletins: a fixed clock and a one-call way to write a bulletin."""

from __future__ import annotations

from datetime import datetime

import pytest

from bulletins import services

NOW = datetime(2026, 3, 2, 9, 0)


@pytest.fixture(autouse=True)
def _english(english_outside_requests):
    """Messages rendered outside a request read English (see tests/conftest.py)."""


@pytest.fixture
def write():
    """`write(author, audience_all=True, title="...", body="...", submit=True, **save_kwargs)` → Bulletin."""

    def factory(author, *, title="Water outage on Monday", body="The offices have **no water** on Monday.",
                language="en", submit=True, now=NOW, **kwargs):
        kwargs.setdefault("category", "news")
        if not (kwargs.get("audience_all") or kwargs.get("unit_ids") or kwargs.get("roles")):
            kwargs["unit_ids"] = [u.id for u in author.headed_units] or [author.unit_id]
        bulletin = services.save(author, titles={language: title}, bodies={language: body}, now=now, **kwargs)
        if submit:
            services.submit(author, bulletin, now=now)
        return bulletin

    return factory
