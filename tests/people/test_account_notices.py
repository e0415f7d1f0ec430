"""People hear about changes to their own account: new roles, and deactivation."""

from __future__ import annotations

import pytest

from intranet.domain import DomainError
from intranet.notifications.models import Notification, OutboxMessage
from intranet.people.services import deactivate_person, grant_role


def notices(db, person):
    return db.session.scalars(db.select(Notification).filter_by(person_id=person.id)).all()


def test_a_new_role_is_announced_in_the_persons_language(admin, make_person, db):
    person = make_person("Mira", language="sq", email="mira@istog.example")
    grant_role(admin, person, "hr")
    [notice] = notices(db, person)
    assert notice.kind == "intranet.account"
    assert notice.title == "Rolet tuaja në Ura kanë ndryshuar"
    assert notice.body == "Tani keni këto role: Punonjës, Njësia e Personelit."
    # account changes go by email unless the person chose otherwise
    mail = db.session.scalars(db.select(OutboxMessage).filter_by(recipient="mira@istog.example")).one()
    assert mail.subject == notice.title


def test_deactivation_is_mailed_before_the_account_closes(admin, make_person, db):
    person = make_person("Leaving", email="leaving@istog.example")
    deactivate_person(admin, person)
    assert not person.active
    assert db.session.scalars(db.select(OutboxMessage).filter_by(recipient="leaving@istog.example")).one()


def test_a_refused_deactivation_sends_nothing(admin, db):
    with pytest.raises(DomainError):
        deactivate_person(admin, admin)  # nobody deactivates themselves
    db.session.rollback()
    assert notices(db, admin) == []
    assert db.session.scalars(db.select(OutboxMessage)).all() == []
