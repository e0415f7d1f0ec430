"""The provisioning service on its own, without HTTP: the edges a real token rarely shows."""

from __future__ import annotations

import pytest

from intranet.audit.models import AuditEntry
from intranet.auth.provisioning import SignInRefused, identity_from_claims, map_roles, person_from_claims
from intranet.people.models import Person

TID = "tenant-a"


def claims(**extra) -> dict:
    return {"tid": TID, "oid": "object-1", "iss": "https://issuer.example", "sub": "s-1", **extra}


@pytest.mark.parametrize(("role_map", "values", "expected"), [
    ({"Ura.HR": "hr", "Ura.Staff": "employee"}, ["Ura.HR", "Ura.Staff", "hr"], {"hr"}),
    ({"Ura.HR": "hr"}, "Ura.HR", set()),  # not a list: no roles
    (None, ["admin", "director", "employee", "Admin", 7, None], {"admin", "director"}),
    (None, None, set()),
    ({}, ["admin"], set()),  # an empty map maps nothing
])
def test_map_roles(role_map, values, expected):
    assert map_roles(values, role_map) == expected


@pytest.mark.parametrize("bad", [
    {"tid": "t"},  # a tenant without an object id
    {"oid": "o"},
    {"tid": "t", "oid": "o" * 65},
    {"iss": "https://issuer.example"},  # not Entra, and no sub
    {"tid": ["t"], "oid": {"o": 1}},
])
def test_claims_that_identify_nobody_are_refused(bad):
    with pytest.raises(SignInRefused) as refused:
        identity_from_claims(bad)
    assert refused.value.reason == "invalid"


def test_identity_ignores_email_and_preferred_username():
    a = identity_from_claims(claims(email="x@example.test", preferred_username="x@example.test"))
    b = identity_from_claims(claims(oid="object-2", email="x@example.test", preferred_username="x@example.test"))
    assert a != b


def test_provisioning_writes_nothing_until_the_caller_commits(app, db):
    person_from_claims(claims(name="Uncommitted", email="u@example.test", roles=["hr"]))
    db.session.rollback()
    assert db.session.scalars(db.select(Person)).all() == []
    assert db.session.scalars(db.select(AuditEntry)).all() == []


def test_odd_claim_types_do_not_break_provisioning(app, db):
    person = person_from_claims(claims(name=["not", "text"], email="not-an-email", department=42,
                                       roles="hr", given_name="Vjosa", family_name="Hyseni"))
    db.session.commit()
    assert (person.name, person.email, person.unit_id) == ("Vjosa Hyseni", None, None)
    assert person.roles == {"employee"}


def test_a_person_without_a_name_claim_is_named_by_email_then_by_id(app, db):
    assert person_from_claims(claims(email="mail@example.test")).name == "mail@example.test"
    assert person_from_claims(claims(oid="object-9")).name == "object-9"


def test_a_missing_email_keeps_the_one_on_record(app, db):
    person = person_from_claims(claims(name="Ylli", email="ylli@example.test"))
    db.session.commit()
    person_from_claims(claims(name="Ylli"))
    db.session.commit()
    assert person.email == "ylli@example.test"


def test_a_new_person_gets_the_language_they_chose(app, db):
    assert person_from_claims(claims(name="Zana"), language="sr").language == "sr"


def test_sso_roles_of_a_linked_person_sit_beside_the_admin_ones(app, db, make_person):
    imported = make_person("Imported", email="imp@example.test", roles=["hr"])
    person = person_from_claims(claims(name="Imported", email="imp@example.test", email_verified=True,
                                       roles=["hr", "cabinet"]))
    db.session.commit()
    assert person.id == imported.id
    sources = sorted((a.role, a.source) for a in person.role_assignments)
    assert sources == [("cabinet", "sso"), ("hr", "admin"), ("hr", "sso")]


@pytest.mark.parametrize("verification", [{}, {"email_verified": False}, {"email_verified": "false"},
                                          {"xms_edov": False}])
def test_an_unverified_email_never_links_to_a_staff_record(app, db, make_person, verification):
    imported = make_person("Imported", email="imp@example.test", roles=["admin"])
    with pytest.raises(SignInRefused) as refused:
        person_from_claims(claims(name="Mallory", email="imp@example.test", roles=[], **verification))
    assert refused.value.reason == "unverified"
    db.session.rollback()
    assert (imported.tenant_id, imported.object_id) == (None, None)


@pytest.mark.parametrize("verification", [{"email_verified": True}, {"xms_edov": True}])
def test_a_verified_email_links_once(app, db, make_person, verification):
    imported = make_person("Imported", email="imp@example.test")
    assert person_from_claims(claims(email="imp@example.test", **verification)).id == imported.id


def test_an_unverified_email_nobody_holds_still_creates_a_person(app, db):
    person = person_from_claims(claims(name="New Hire", email="new@example.test"))
    assert person.id and person.email == "new@example.test"


def test_the_loser_of_a_first_sign_in_race_gets_the_winners_person(app, db, monkeypatch):
    """Two first sign-ins of one account at once: the unique (tenant, object) key decides."""
    from intranet.auth import provisioning, sso

    winner = person_from_claims(claims(name="Winner"))
    db.session.commit()
    lookups = []
    real_find = provisioning._find

    def find_before_the_winner_committed(identity):
        lookups.append(identity)
        return None if len(lookups) == 1 else real_find(identity)

    monkeypatch.setattr(provisioning, "_find", find_before_the_winner_committed)
    with app.test_request_context("/auth/callback"):
        person = sso._provision(claims(name="Loser"))
    assert person.id == winner.id and len(lookups) == 2
    assert db.session.scalar(db.select(db.func.count()).select_from(Person)) == 1


def test_a_token_without_a_name_keeps_the_name_on_record(app, db):
    person = person_from_claims(claims(name="Agim Rama", email="agim@example.test"))
    db.session.commit()
    person_from_claims(claims(email="agim@example.test"))
    assert person.name == "Agim Rama"
