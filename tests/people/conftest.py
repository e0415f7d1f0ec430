"""Fixtures for the people services: an acting admin, a recorder of domain signals, audit entries."""

from __future__ import annotations

import pytest
from flask_babel import force_locale

from intranet.audit.models import AuditEntry
from intranet.extensions import db
from intranet.signals import person_changed, person_provisioned, unit_changed

SIGNALS = {"person_changed": person_changed, "person_provisioned": person_provisioned, "unit_changed": unit_changed}


@pytest.fixture(autouse=True)
def english(app):
    """Messages in English, the source language, so tests can quote them (services run outside requests)."""
    with force_locale("en"):
        yield


@pytest.fixture
def admin(make_person):
    """The acting administrator."""
    return make_person("Ari Admin", roles=["admin"], email="ari.admin@example.test", language="en")


class Signals:
    """What the domain signals carried during a test: per signal, a list of (sender, kwargs)."""

    def __init__(self):
        self.person_changed: list = []
        self.person_provisioned: list = []
        self.unit_changed: list = []

    def changes_of(self, sender) -> list[dict]:
        return [kw["changes"] for s, kw in self.person_changed + self.unit_changed if s is sender]


@pytest.fixture
def signals():
    caught = Signals()
    receivers = {}
    for name, signal in SIGNALS.items():
        def receive(sender, _into=getattr(caught, name), **kwargs):
            _into.append((sender, kwargs))

        receivers[name] = receive
        signal.connect(receive, weak=False)
    yield caught
    for name, signal in SIGNALS.items():
        signal.disconnect(receivers[name])


@pytest.fixture
def audit():
    """`audit("role.")`: audit entries whose action starts with the text, oldest first."""

    def entries(prefix: str = "") -> list[AuditEntry]:
        return list(db.session.scalars(
            db.select(AuditEntry).where(AuditEntry.action.startswith(prefix)).order_by(AuditEntry.id)
        ))

    return entries
