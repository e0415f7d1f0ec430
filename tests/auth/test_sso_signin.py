"""Signing in through MSAL against a real OpenID Connect provider: who the token makes you.

Identity is the token's tenant and object id; the name, email, roles and unit
follow the token at every sign-in; a deactivated person is refused.
"""

from __future__ import annotations

import pytest

from intranet.audit.models import AuditEntry
from intranet.auth.models import SignInSession
from intranet.extensions import db as _db
from intranet.people.models import Person, RoleAssignment
from intranet.signals import person_provisioned
from tests.auth.idp import QUIET, TENANT, claims_for, sso_sign_in

pytestmark = QUIET


def session_pid(client):
    """The person whose live session the client's cookie names, or None."""
    with client.session_transaction() as session:
        session_id = session.get("_user_id")
    record = _db.session.get(SignInSession, session_id) if session_id else None
    return record.person_id if record is not None and record.ended_at is None else None


def people(db) -> list[Person]:
    db.session.expire_all()
    return list(db.session.scalars(db.select(Person).order_by(Person.id)))


def actions(db, person: Person) -> list[str]:
    return list(db.session.scalars(
        db.select(AuditEntry.action).where(AuditEntry.target_id == str(person.id)).order_by(AuditEntry.id)
    ))


def sso_roles(person: Person) -> dict[str, set[str]]:
    held: dict[str, set[str]] = {}
    for assignment in person.role_assignments:
        held.setdefault(assignment.source, set()).add(assignment.role)
    return held


def test_first_sign_in_provisions_the_person_keyed_by_tenant_and_object_id(sso_app, provider, db):
    oid = "0f5b9c1e-aaaa-bbbb-cccc-000000000001"
    sub = provider.user(**claims_for(oid=oid, name="Arta Krasniqi", email="arta@istog.example",
                                     preferred_username="arta.k@istog.example"))
    provisioned = []

    def receiver(sender, **kwargs):
        provisioned.append((sender.name, kwargs["source"]))

    app = sso_app()
    client = app.test_client()
    with person_provisioned.connected_to(receiver):
        response = sso_sign_in(client, provider, sub)

    assert response.status_code == 302
    assert response.headers["Location"] == "/"
    [person] = people(db)
    assert (person.tenant_id, person.object_id) == (TENANT, oid)
    assert (person.name, person.email) == ("Arta Krasniqi", "arta@istog.example")
    assert person.active and person.last_sign_in_at is not None
    assert session_pid(client) == person.id
    assert actions(db, person) == ["person.provisioned"]
    assert provisioned == [("Arta Krasniqi", "sso")]
    me = client.get("/api/v1/me").get_json()
    assert me["id"] == person.id and me["roles"] == ["employee"]


def test_a_later_sign_in_refreshes_name_and_email_of_the_same_person(sso_app, provider, db):
    claims = claims_for(name="Besa Gashi", email="besa@istog.example")
    sub = provider.user(**claims)
    app = sso_app()
    sso_sign_in(app.test_client(), provider, sub)

    provider.set_claims(sub, **{**claims, "name": "Besa Berisha", "email": "besa.berisha@istog.example"})
    client = app.test_client()
    assert sso_sign_in(client, provider, sub).status_code == 302

    [person] = people(db)
    assert (person.name, person.email) == ("Besa Berisha", "besa.berisha@istog.example")
    assert session_pid(client) == person.id
    assert actions(db, person) == ["person.provisioned"]


def test_email_never_identifies_a_different_object_id_is_a_different_person(sso_app, provider, db):
    app = sso_app()
    first = provider.user(**claims_for(name="Drita Old", email="shared@istog.example"))
    second = provider.user(**claims_for(name="Drita New", email="shared@istog.example",
                                        preferred_username="shared@istog.example"))
    sso_sign_in(app.test_client(), provider, first)
    client = app.test_client()
    sso_sign_in(client, provider, second)

    old, new = people(db)
    assert old.object_id != new.object_id
    assert (old.name, new.name) == ("Drita Old", "Drita New")
    assert session_pid(client) == new.id


def test_the_same_object_id_in_another_tenant_is_a_different_person(sso_app, provider, db):
    app = sso_app()
    oid = "22222222-0000-0000-0000-000000000002"
    sso_sign_in(app.test_client(), provider, provider.user(**claims_for(oid=oid, name="A")))
    sso_sign_in(app.test_client(), provider, provider.user(**claims_for(tid="other-tenant", oid=oid, name="B")))
    assert [(p.tenant_id, p.name) for p in people(db)] == [(TENANT, "A"), ("other-tenant", "B")]


def test_an_imported_person_is_linked_once_by_email(sso_app, provider, db, make_person):
    imported = make_person("Imported Name", email="Genta@Istog.example", roles=["communications"])
    app = sso_app()
    oid = "33333333-0000-0000-0000-000000000003"
    sub = provider.user(**claims_for(oid=oid, name="Genta Hoxha", email="genta@istog.example",
                                     email_verified=True))
    client = app.test_client()
    sso_sign_in(client, provider, sub)

    [person] = people(db)
    assert person.id == imported.id and session_pid(client) == imported.id
    assert (person.tenant_id, person.object_id, person.name) == (TENANT, oid, "Genta Hoxha")
    assert person.roles == {"employee", "communications"}
    assert actions(db, person) == ["person.linked"]

    # Linked now: another account with that email gets a person of its own.
    other = provider.user(**claims_for(name="Someone Else", email="genta@istog.example"))
    sso_sign_in(app.test_client(), provider, other)
    assert [p.name for p in people(db)] == ["Genta Hoxha", "Someone Else"]


@pytest.mark.parametrize("verification", [{}, {"email_verified": False}])
def test_an_unverified_email_does_not_take_over_a_staff_record(sso_app, provider, db, make_person, verification):
    imported = make_person("Drejtoresha", email="drejtoresha@istog.example", roles=["admin"])
    sub = provider.user(**claims_for(name="Mallory", email="drejtoresha@istog.example", **verification))
    client = sso_app().test_client()
    response = sso_sign_in(client, provider, sub)

    assert response.status_code == 403
    assert "does not confirm that the address is yours" in response.get_data(as_text=True)
    assert session_pid(client) is None and client.get("/api/v1/me").status_code == 401
    [person] = people(db)
    assert person.id == imported.id and (person.tenant_id, person.object_id) == (None, None)
    assert person.name == "Drejtoresha" and person.roles == {"employee", "admin"}


def test_entra_vouches_for_an_email_with_xms_edov(sso_app, provider, db, make_person):
    imported = make_person("Vera", email="vera@istog.example", roles=["hr"])
    client = sso_app().test_client()
    sso_sign_in(client, provider, provider.user(**claims_for(name="Vera", email="vera@istog.example", xms_edov=True)))
    assert session_pid(client) == imported.id
    assert client.get("/api/v1/me").get_json()["roles"] == ["employee", "hr"]


def test_only_the_allowed_tenants_sign_in(sso_app, provider, db):
    app = sso_app(SSO_ALLOWED_TENANTS=[TENANT.upper()])
    stranger = app.test_client()
    response = sso_sign_in(stranger, provider, provider.user(**claims_for(tid="another-tenant", name="Outsider")))
    assert response.status_code == 403
    assert "Accounts of your organisation cannot sign in to Ura" in response.get_data(as_text=True)
    assert people(db) == [] and session_pid(stranger) is None

    staff = app.test_client()
    sso_sign_in(staff, provider, provider.user(**claims_for(name="Insider")))
    assert [p.name for p in people(db)] == ["Insider"] and session_pid(staff) is not None


def test_an_email_on_two_unlinked_people_links_neither(sso_app, provider, db, make_person):
    make_person("Twin One", email="twin@istog.example")
    make_person("Twin Two", email="twin@istog.example")
    sso_sign_in(sso_app().test_client(), provider,
                provider.user(**claims_for(name="Twin Account", email="twin@istog.example")))
    assert [(p.name, p.object_id is None) for p in people(db)] == [
        ("Twin One", True), ("Twin Two", True), ("Twin Account", False)]


def test_roles_map_through_sso_role_map(sso_app, provider, db):
    app = sso_app(SSO_ROLE_MAP={"Ura.HR": "hr", "Ura.Admin": "admin", "Ura.Staff": "employee"})
    sub = provider.user(**claims_for(name="Hana", roles=["Ura.HR", "Ura.Staff", "hr", "cabinet", "Unknown"]))
    client = app.test_client()
    sso_sign_in(client, provider, sub)

    [person] = people(db)
    # Only mapped values count; "employee" is implicit and never stored.
    assert sso_roles(person) == {"sso": {"hr"}}
    assert client.get("/api/v1/me").get_json()["roles"] == ["employee", "hr"]
    grants = db.session.scalars(db.select(AuditEntry).filter_by(action="role.granted")).all()
    assert [(g.details["role"], g.details["source"]) for g in grants] == [("hr", "sso")]


def test_without_a_role_map_app_roles_named_like_ura_roles_map_to_them(sso_app, provider, db):
    app = sso_app(SSO_ROLE_MAP=None)
    sub = provider.user(**claims_for(name="Kreshnik", roles=["cabinet", "communications", "employee",
                                                             "Ura.Admin", "superuser"]))
    sso_sign_in(app.test_client(), provider, sub)
    [person] = people(db)
    assert sso_roles(person) == {"sso": {"cabinet", "communications"}}


def test_a_role_gone_from_the_token_is_revoked_and_an_admin_given_role_stays(sso_app, provider, db):
    app = sso_app()
    claims = claims_for(name="Lura", roles=["hr", "cabinet"])
    sub = provider.user(**claims)
    sso_sign_in(app.test_client(), provider, sub)
    [person] = people(db)
    db.session.add_all([RoleAssignment(person_id=person.id, role="admin", source="admin"),
                        RoleAssignment(person_id=person.id, role="hr", source="admin")])
    db.session.commit()

    provider.set_claims(sub, **{**claims, "roles": ["cabinet"]})
    sso_sign_in(app.test_client(), provider, sub)

    [person] = people(db)
    assert sso_roles(person) == {"sso": {"cabinet"}, "admin": {"admin", "hr"}}
    assert person.roles == {"employee", "cabinet", "admin", "hr"}
    revoked = db.session.scalars(db.select(AuditEntry).filter_by(action="role.revoked")).all()
    assert [(r.details["role"], r.details["source"], r.actor_id) for r in revoked] == [("hr", "sso", None)]

    provider.set_claims(sub, **{**claims, "roles": []})
    sso_sign_in(app.test_client(), provider, sub)
    [person] = people(db)
    assert sso_roles(person) == {"admin": {"admin", "hr"}}


@pytest.mark.parametrize("department", ["DUK", "duk", "Drejtoria e Urbanizmit", "Directorate of Urbanism "])
def test_the_department_claim_matches_a_unit_by_code_or_name(sso_app, provider, db, make_unit, department):
    make_unit("DAP", "Drejtoria e Administratës")
    unit = make_unit("DUK", "Drejtoria e Urbanizmit")
    unit.names = {**unit.names, "en": "Directorate of Urbanism"}
    db.session.commit()
    sso_sign_in(sso_app().test_client(), provider, provider.user(**claims_for(name="Mal", department=department)))
    [person] = people(db)
    assert person.unit_id == unit.id


def test_an_unknown_department_keeps_the_unit_a_known_one_moves_it(sso_app, provider, db, make_unit):
    first, second = make_unit("DAP", "Administrata"), make_unit("DSH", "Shëndetësia")
    app = sso_app()
    claims = claims_for(name="Nora", department="DAP")
    sub = provider.user(**claims)
    sso_sign_in(app.test_client(), provider, sub)
    assert people(db)[0].unit_id == first.id

    provider.set_claims(sub, **{**claims, "department": "No Such Office"})
    sso_sign_in(app.test_client(), provider, sub)
    assert people(db)[0].unit_id == first.id

    provider.set_claims(sub, **{**claims, "department": "Shëndetësia"})
    sso_sign_in(app.test_client(), provider, sub)
    [person] = people(db)
    assert person.unit_id == second.id
    moved = db.session.scalars(db.select(AuditEntry).filter_by(action="person.updated")).all()
    assert [m.details["changes"] for m in moved] == [{"unit": ["DAP", "DSH"]}]


def test_a_deactivated_person_is_refused_with_a_clear_page_and_no_session(sso_app, provider, db, caplog):
    app = sso_app()
    claims = claims_for(name="Orges", email="orges@istog.example")
    sub = provider.user(**claims)
    sso_sign_in(app.test_client(), provider, sub)
    [person] = people(db)
    person.active = False
    db.session.commit()

    provider.set_claims(sub, **{**claims, "name": "Orges Renamed"})
    client = app.test_client()
    with caplog.at_level("INFO", logger="ura.auth"):
        response = sso_sign_in(client, provider, sub)

    assert response.status_code == 403
    html = response.get_data(as_text=True)
    assert "Your account has been deactivated in Ura" in html
    assert session_pid(client) is None
    assert client.get("/api/v1/me").status_code == 401
    assert people(db)[0].name == "Orges"  # a refused sign-in writes nothing
    assert "sign-in refused method=sso reason=deactivated" in caplog.text


def test_a_deactivated_imported_person_is_refused_and_not_linked(sso_app, provider, db, make_person):
    make_person("Left Us", email="left@istog.example", active=False)
    response = sso_sign_in(sso_app().test_client(), provider,
                           provider.user(**claims_for(name="Left Us", email="left@istog.example",
                                                      email_verified=True)))
    assert response.status_code == 403
    assert "Your account has been deactivated in Ura" in response.get_data(as_text=True)
    [person] = people(db)
    assert person.object_id is None


def test_an_issuer_that_is_not_entra_is_keyed_on_iss_and_sub(sso_app, provider, db):
    app = sso_app()
    sub = provider.user(name="Plain OIDC", email="plain@example.test")
    sso_sign_in(app.test_client(), provider, sub)
    [person] = people(db)
    assert (person.tenant_id, person.object_id) == (provider.base, sub)
